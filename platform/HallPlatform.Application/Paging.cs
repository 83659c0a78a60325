using System.Globalization;

namespace HallPlatform.Application;

/// <summary>What <see cref="PageLinks"/> needs of a page, whatever its item type.</summary>
public interface IResultPage
{
    int Page { get; }

    int PageSize { get; }

    int Total { get; }

    /// <summary>The page's <c>next</c> link (<see cref="ResultPage{T}.Next"/>).</summary>
    string? NextLink { get; set; }
}

/// <summary>A page of a collection, as every public list answers: <c>{ items, page, pageSize, total, next }</c>.</summary>
/// <param name="Total">Counts the whole collection, not just this page.</param>
public sealed record ResultPage<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total) : IResultPage
{
    /// <summary>
    /// The next page's URL (this request's path and query with the page moved on; relative, so it holds behind the
    /// gateway), null on the last page. Filled in when the page answers an HTTP request (<see cref="PageLinks"/>).
    /// </summary>
    public string? Next { get; set; }

    string? IResultPage.NextLink { get => Next; set => Next = value; }

    /// <summary>The same page with each item turned into its response shape.</summary>
    public ResultPage<TResult> Map<TResult>(Func<T, TResult> map) => new([.. Items.Select(map)], Page, PageSize, Total);
}

/// <summary>
/// Which page a caller asked for: <c>page</c> is 1-based up to <see cref="MaxPage"/>, <c>pageSize</c> 1 to 100 with
/// 20 by default.
/// </summary>
public sealed record PageRequest(int Page, int PageSize)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>The last page anyone may ask for: keeps <see cref="Skip"/> well inside <see cref="int"/> at any page size.</summary>
    public const int MaxPage = 1_000_000;

    public static PageRequest First { get; } = new(1, DefaultPageSize);

    public int Skip => (Page - 1) * PageSize;

    /// <summary>
    /// Parses page and pageSize as they arrive in the query string (blank means absent), recording field errors
    /// instead of failing. The result is always usable, so callers decide on the errors alone.
    /// </summary>
    public static PageRequest Parse(string? page, string? pageSize, FieldErrors errors)
    {
        int? pageNumber = null;
        if (!string.IsNullOrWhiteSpace(page))
        {
            // Digits too many for an int are out of range too; anything else is not a number.
            pageNumber = int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
                : page.All(char.IsAsciiDigit) ? int.MaxValue : 0;
        }
        int? size = null;
        if (!string.IsNullOrWhiteSpace(pageSize))
        {
            size = int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
        }
        return Check(pageNumber, size, errors);
    }

    /// <summary>Checks page and pageSize already bound as numbers (null means absent), recording field errors.</summary>
    public static PageRequest Check(int? page, int? pageSize, FieldErrors errors)
    {
        if (page is < 1 or > MaxPage)
        {
            errors.Add("page", $"The page field must be a whole number from 1 to {MaxPage}.");
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"The pageSize field must be a whole number from 1 to {MaxPageSize}.");
        }
        return new PageRequest(Math.Clamp(page ?? 1, 1, MaxPage), Math.Clamp(pageSize ?? DefaultPageSize, 1, MaxPageSize));
    }

    /// <summary>This page of items already read in full (small, in-memory collections).</summary>
    public ResultPage<T> Slice<T>(IReadOnlyList<T> all) => new([.. all.Skip(Skip).Take(PageSize)], Page, PageSize, all.Count);

    /// <summary>This page, holding <paramref name="items"/> of a collection of <paramref name="total"/>.</summary>
    public ResultPage<T> Of<T>(IReadOnlyList<T> items, int total) => new(items, Page, PageSize, total);
}

/// <summary>
/// Documents a query parameter that is bound as text (so a bad value is a field error naming it, not a binding
/// failure) as the whole number it must be, from <see cref="Minimum"/> to <see cref="Maximum"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class IntegerTextAttribute(long minimum, long maximum) : Attribute
{
    public long Minimum { get; } = minimum;

    public long Maximum { get; } = maximum;
}

