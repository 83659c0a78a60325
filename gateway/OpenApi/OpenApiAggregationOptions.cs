namespace HallPlatform.Gateway.OpenApi;

/// <summary>Configuration section <c>Gateway:OpenApi</c>.</summary>
public sealed class OpenApiAggregationOptions
{
    public const string SectionName = "Gateway:OpenApi";

    /// <summary>How long fetched service documents are reused; short, so a redeployed service shows up soon.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for one service's document before leaving that service out.</summary>
    public TimeSpan FetchTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
