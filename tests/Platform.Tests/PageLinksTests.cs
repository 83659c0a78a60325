using HallPlatform.Application;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Platform.Tests;

/// <summary>List answers link their next page: same path and filters, page moved on, none after the last page.</summary>
public sealed class PageLinksTests
{
    [Theory]
    [InlineData("?state=waiting&page=1&pageSize=2", 1, 2, 5, "/api/v1/visits?state=waiting&page=2&pageSize=2")]
    [InlineData("?pageSize=2&page=2&state=waiting", 2, 2, 5, "/api/v1/visits?state=waiting&page=3&pageSize=2")]
    [InlineData("", 1, 20, 21, "/api/v1/visits?page=2&pageSize=20")]
    [InlineData("?PAGE=1&customer=%E5%BC%A0%20%26x", 1, 20, 40, "/api/v1/visits?customer=%E5%BC%A0%20%26x&page=2&pageSize=20")]
    [InlineData("?page=3&pageSize=2", 3, 2, 5, null)]
    [InlineData("?page=1", 1, 20, 20, null)]
    [InlineData("", 1, 20, 0, null)]
    [InlineData("?page=1000000&pageSize=1", PageRequest.MaxPage, 1, int.MaxValue, null)]
    public void The_next_link_keeps_path_filters_and_size_and_is_absent_on_the_last_page(
        string query, int page, int pageSize, int total, string? expected)
    {
        var request = new DefaultHttpContext().Request;
        request.Path = "/api/v1/visits";
        request.QueryString = new QueryString(query);

        Assert.Equal(expected, PageLinks.NextLink(request, new ResultPage<int>([], page, pageSize, total)));
    }

    [Fact]
    public async Task The_filter_fills_the_link_of_a_page_inside_a_typed_union_result_and_leaves_other_results_alone()
    {
        var http = new DefaultHttpContext();
        http.Request.Path = "/api/v1/orders";
        var page = new ResultPage<string>(["a", "b"], 1, 2, 3);
        Results<Ok<ResultPage<string>>, ValidationProblem> union = TypedResults.Ok(page);

        var returned = await PageLinks.AddNextLinkAsync(new DefaultEndpointFilterInvocationContext(http), _ => ValueTask.FromResult<object?>(union));
        var problem = await PageLinks.AddNextLinkAsync(new DefaultEndpointFilterInvocationContext(http),
            _ => ValueTask.FromResult<object?>(TypedResults.NotFound()));

        Assert.Same(union, returned);
        Assert.Equal("/api/v1/orders?page=2&pageSize=2", page.Next);
        Assert.IsType<NotFound>(problem);
    }
}
