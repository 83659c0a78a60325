using System.Globalization;

namespace HallPlatform.Fault.Application;

/// <summary>A page of a collection, as every HallPlatform list endpoint returns it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, int Total);

/// <summary>Paging parameters as they arrive in the query string, checked into field errors instead of a 500.</summary>
public sealed record PageRequest(int PageNumber, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public int Skip => (PageNumber - 1) * PageSize;

    public static PageRequest Parse(string? page, string? pageSize, Dictionary<string, string[]> errors)
    {
        var pageNumber = 1;
        if (!string.IsNullOrWhiteSpace(page)
            && (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out pageNumber) || pageNumber < 1))
        {
            errors["page"] = ["page must be a whole number of at least 1."];
        }

        var size = DefaultPageSize;
        if (!string.IsNullOrWhiteSpace(pageSize)
            && (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > MaxPageSize))
        {
            errors["pageSize"] = [$"pageSize must be a whole number from 1 to {MaxPageSize}."];
        }

        return new PageRequest(Math.Max(pageNumber, 1), Math.Clamp(size, 1, MaxPageSize));
    }
}
