using HallPlatform.Application;

namespace HallPlatform.Platform.Tests;

public sealed class PagingTests
{
    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    [Theory]
    [InlineData(null, null, 1, 20)]
    [InlineData("", " ", 1, 20)]
    [InlineData("3", "50", 3, 50)]
    [InlineData("1", "1", 1, 1)]
    [InlineData("1", "100", 1, 100)]
    public void Absent_or_valid_values_parse_without_errors(string? page, string? pageSize, int expectedPage, int expectedSize)
    {
        var errors = new FieldErrors();

        var request = PageRequest.Parse(page, pageSize, errors);

        Assert.False(errors.Any);
        Assert.Equal(new PageRequest(expectedPage, expectedSize), request);
    }

    [Theory]
    [InlineData("0", null, "page")]
    [InlineData("-1", null, "page")]
    [InlineData("abc", null, "page")]
    [InlineData("1.5", null, "page")]
    [InlineData(null, "0", "pageSize")]
    [InlineData(null, "101", "pageSize")]
    [InlineData(null, "x", "pageSize")]
    [InlineData("1000001", null, "page")]
    [InlineData("2147483647", null, "page")]
    [InlineData("99999999999", null, "page")]
    public void Bad_values_are_field_errors_and_the_request_stays_usable(string? page, string? pageSize, string field)
    {
        var errors = new FieldErrors();

        var request = PageRequest.Parse(page, pageSize, errors);

        Assert.Equal([field], errors.ToDictionary().Keys);
        Assert.InRange(request.Page, 1, int.MaxValue);
        Assert.InRange(request.PageSize, 1, PageRequest.MaxPageSize);
    }

    [Fact]
    public void Numbers_already_bound_are_checked_the_same_way()
    {
        var errors = new FieldErrors();

        PageRequest.Check(0, 101, errors);

        Assert.Equal(["page", "pageSize"], errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
        Assert.Equal(PageRequest.First, PageRequest.Check(null, null, new FieldErrors()));
    }

    [Fact]
    public void The_last_page_allowed_keeps_the_offset_inside_an_int()
    {
        var errors = new FieldErrors();

        var last = PageRequest.Check(PageRequest.MaxPage, PageRequest.MaxPageSize, errors);
        var beyond = PageRequest.Check(int.MaxValue, PageRequest.MaxPageSize, errors);

        Assert.Equal((long)(PageRequest.MaxPage - 1) * PageRequest.MaxPageSize, last.Skip);
        Assert.Equal(["page"], errors.ToDictionary().Keys);
        Assert.InRange(beyond.Skip, 0, int.MaxValue);
    }

    [Fact]
    public void Skip_counts_the_pages_before_this_one() => Assert.Equal(40, new PageRequest(3, 20).Skip);

    [Fact]
    public void Slice_takes_one_page_and_counts_the_whole_collection()
    {
        var all = Enumerable.Range(1, 5).ToList();

        Assert.Equal(new[] { 3, 4 }, new PageRequest(2, 2).Slice(all).Items);
        Assert.Equal(5, new PageRequest(2, 2).Slice(all).Total);
        Assert.Empty(new PageRequest(4, 2).Slice(all).Items);
    }

    [Fact]
    public void Map_keeps_the_paging_numbers()
    {
        var page = new PageRequest(2, 3).Of<int>([4, 5], total: 5);

        var mapped = page.Map(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(["4", "5"], mapped.Items);
        Assert.Equal((2, 3, 5), (mapped.Page, mapped.PageSize, mapped.Total));
    }

    [Fact]
    public void A_page_serialises_as_items_page_pageSize_total_next()
    {
        var json = System.Text.Json.JsonSerializer.Serialize(new ResultPage<int>([7], 1, 20, 1), WebJson);

        Assert.Equal("""{"items":[7],"page":1,"pageSize":20,"total":1,"next":null}""", json);
    }
}
