using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace HallPlatform.Application;

/// <summary>A tag's description in the published OpenAPI contract; added with <see cref="ApiTags.WithTag{TBuilder}"/>.</summary>
public sealed record TagDescriptionMetadata(string Name, string Description);

public static class ApiTags
{
    /// <summary>
    /// Tags the routes with <paramref name="name"/> and gives the tag its description in the contract. Use it on each
    /// resource's <c>MapGroup</c>, then <c>.WithSummary</c> and <c>.WithDescription</c> on every route. On a group it
    /// also adds the <c>next</c> link of list answers (<see cref="PageLinks"/>) and ETag / If-Match
    /// (<see cref="Preconditions"/>).
    /// </summary>
    public static TBuilder WithTag<TBuilder>(this TBuilder builder, string name, string description)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithTags(name);
        builder.WithMetadata(new TagDescriptionMetadata(name, description));
        if (builder is RouteGroupBuilder group)
        {
            // Every list of the resource links its next page; every resource has an ETag and honours If-Match.
            group.AddEndpointFilter(PageLinks.AddNextLinkAsync);
            group.AddEndpointFilter(Preconditions.ApplyAsync);
        }
        return builder;
    }
}
