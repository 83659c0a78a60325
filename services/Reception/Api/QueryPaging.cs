using HallPlatform.Application;

namespace HallPlatform.Reception.Api;

/// <summary>The page/pageSize query of Reception's lists, checked once here so use cases get a usable page.</summary>
internal static class QueryPaging
{
    /// <summary>
    /// The page asked for, or the field errors of page and pageSize. Both arrive as text (see
    /// <see cref="IntegerTextAttribute"/>), so a value that is not a number is a field error naming it.
    /// </summary>
    public static Outcome<PageRequest> Parse(string? page, string? pageSize)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        return errors.Any ? Outcome<PageRequest>.Invalid(errors.ToDictionary()) : Outcome<PageRequest>.Ok(paging);
    }
}
