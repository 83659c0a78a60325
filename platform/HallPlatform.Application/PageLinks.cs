using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.WebUtilities;

namespace HallPlatform.Application;

/// <summary>
/// Gives every list answer its <c>next</c> link: an endpoint filter that, when a route answers with a
/// <see cref="ResultPage{T}"/> that is not the last page, sets <see cref="IResultPage.NextLink"/> to the same path and
/// query with <c>page</c> moved on (and the page size kept). <see cref="ApiTags.WithTag{TBuilder}"/> adds it to every
/// resource group, so a new list route has it without anyone remembering to.
/// </summary>
public static class PageLinks
{
    public static async ValueTask<object?> AddNextLinkAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        if (PageOf(result) is { } page)
        {
            page.NextLink = NextLink(context.HttpContext.Request, page);
        }
        return result;
    }

    /// <summary>The next page's path and query, or null when <paramref name="page"/> is the last one.</summary>
    public static string? NextLink(HttpRequest request, IResultPage page)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(page);
        if ((long)page.Page * page.PageSize >= page.Total || page.Page >= PageRequest.MaxPage)
        {
            return null;
        }
        var query = new QueryBuilder();
        foreach (var (name, values) in request.Query)
        {
            if (!name.Equals("page", StringComparison.OrdinalIgnoreCase) && !name.Equals("pageSize", StringComparison.OrdinalIgnoreCase))
            {
                query.Add(name, (IEnumerable<string>)values!);
            }
        }
        query.Add("page", (page.Page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Add("pageSize", page.PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return request.PathBase.Add(request.Path) + query.ToQueryString().Value;
    }

    private static IResultPage? PageOf(object? result) => result switch
    {
        IResultPage page => page,
        IValueHttpResult { Value: IResultPage page } => page,
        INestedHttpResult { Result: IValueHttpResult { Value: IResultPage page } } => page,
        _ => null,
    };
}
