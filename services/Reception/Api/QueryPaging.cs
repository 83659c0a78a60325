using HallPlatform.Application;

namespace HallPlatform.Reception.Api;

/// <summary>The page/pageSize query of Reception's lists, checked once here so use cases get a usable page.</summary>
internal static class QueryPaging
{
    /// <summary>The page asked for, or the field errors of page and pageSize.</summary>
    public static Outcome<PageRequest> Check(int? page, int? pageSize)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Check(page, pageSize, errors);
        return errors.Any ? Outcome<PageRequest>.Invalid(errors.ToDictionary()) : Outcome<PageRequest>.Ok(paging);
    }
}
