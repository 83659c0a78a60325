using System.Globalization;

namespace HallPlatform.Bench;

/// <summary>
/// What one benchmark run does, read from environment variables (the Redis password must not appear in argv).
/// </summary>
internal sealed record BenchSettings(
    string RedisConnectionString,
    Uri ReceptionUrl,
    Uri GatewayUrl,
    int Clients,
    int Operations,
    int WarmUpOperations,
    int Runs,
    TimeSpan PhaseTimeCap,
    string? MarkdownOut,
    string IdentitySigningKey,
    string JwtSigningKey)
{
    /// <summary>The seeded counters that serve "new-line" (the service type every check-in asks for).</summary>
    public static readonly IReadOnlyList<string> Counters = ["c01", "c02", "c05"];

    public const string ServiceType = "new-line";

    /// <summary>The gateway route the bench adds (environment only) that forwards to Reception's /alive.</summary>
    public const string GatewayFloorPath = "bench-floor";

    public static BenchSettings FromEnvironment() => new(
        RedisConnectionString: Required("BENCH_REDIS"),
        ReceptionUrl: new Uri(Required("BENCH_RECEPTION_URL")),
        GatewayUrl: new Uri(Required("BENCH_GATEWAY_URL")),
        Clients: Number("BENCH_CLIENTS", 50, 1, 500),
        Operations: Number("BENCH_OPERATIONS", 5000, 100, 100_000),
        WarmUpOperations: Number("BENCH_WARMUP_OPERATIONS", 500, 0, 10_000),
        Runs: Number("BENCH_RUNS", 3, 1, 9),
        PhaseTimeCap: TimeSpan.FromSeconds(Number("BENCH_PHASE_CAP_SECONDS", 60, 5, 600)),
        MarkdownOut: Environment.GetEnvironmentVariable("BENCH_OUT") is { Length: > 0 } path ? path : null,
        IdentitySigningKey: Required("BENCH_IDENTITY_KEY"),
        JwtSigningKey: Required("BENCH_JWT_KEY"));

    private static string Required(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"Environment variable {name} is required (see bench/run-queue-bench.sh).");

    private static int Number(string name, int fallback, int min, int max)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }
        // Bounded so a typo cannot turn the benchmark into an unbounded load test.
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new InvalidOperationException($"{name} must be a whole number from {min} to {max}.");
    }
}
