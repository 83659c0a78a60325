using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Aspire.Hosting.Testing;
using Xunit;
using Xunit.Abstractions;

namespace HallPlatform.EndToEnd.Tests.Fuzz;

/// <summary>
/// Reads the gateway's aggregated OpenAPI document and sends every operation generated bad inputs, and every gRPC
/// method the gateway routes malformed messages, as an administrator of every hall: no answer may be a server error,
/// every REST error must be problem+json, no gRPC status may be UNKNOWN, INTERNAL or UNAVAILABLE.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SchemaFuzzTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const int RequestsPerOperation = 100;
    private const int EssentialRequestsPerOperation = 5;
    private const int TotalRequestBudget = 4000;
    private static readonly TimeSpan RestWallClock = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan GrpcWallClock = TimeSpan.FromSeconds(30);
    private const int EssentialGrpcRequestsPerMethod = 15;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Staff limits are per caller (Gateway:RateLimits:Staff, 1200 a minute): operations are spread over several
    /// administrators so the fuzzer is not throttled into only seeing 429s.
    /// </summary>
    private const int Callers = 6;

    /// <summary>Statuses only a service (not the gateway's authentication or rate limiter) answers for bad input.</summary>
    private static readonly HashSet<int> ServiceAnswers = [400, 404, 405, 409, 413, 415, 422];

    /// <summary>One path of each service: the document is complete when all are in.</summary>
    private static readonly string[] EveryServicesPath =
        ["/api/v1/visits", "/api/v1/orders/{orderId}", "/api/v1/trouble-tickets", "/api/v1/complaints", "/api/v1/survey-responses"];

    [Fact]
    public async Task Every_REST_operation_answers_bad_input_with_a_problem_and_never_a_server_error()
    {
        using var client = platform.App.CreateHttpClient("gateway", "http");
        client.Timeout = RequestTimeout;
        // The gateway leaves out a service whose document did not come in time (the first one is built cold): ask
        // again until every service is in, for at most a minute.
        JsonDocument document;
        for (var attempt = 1; ; attempt++)
        {
            using var documentResponse = await client.GetAsync("/openapi/v1.json");
            documentResponse.EnsureSuccessStatusCode();
            document = JsonDocument.Parse(await documentResponse.Content.ReadAsStringAsync());
            var paths = new OpenApiOperations(document.RootElement).All().Select(o => o.PathTemplate).ToHashSet(StringComparer.Ordinal);
            if (attempt >= 30 || EveryServicesPath.All(paths.Contains))
            {
                break;
            }
            document.Dispose();
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        using var documentOwner = document;
        var reader = new OpenApiOperations(document.RootElement);
        var operations = reader.All();
        var tokens = new List<string>();
        for (var i = 0; i < Callers; i++)
        {
            tokens.Add(await platform.StaffTokenAsync($"fuzz-admin-{i}", ["administrator"], ["*"]));
        }

        var knownIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var mutations = new RequestMutations(reader, (operation, name) => KnownValue(operation, name, knownIds));
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();

        // Baselines of creating operations first: their ids make the item routes reach real records.
        foreach (var (operation, index) in operations.Select((o, i) => (o, i)).Where(x => x.o.Method == "POST" && !x.o.In("path").Any()))
        {
            var baseline = mutations.For(operation)[0];
            var created = await SendAsync(client, tokens[index % Callers], operation, baseline, report, readSuccessBody: true);
            RememberIds(created, operation, operations, knownIds);
        }

        var plans = operations.Select(o => mutations.For(o).Take(RequestsPerOperation).ToList()).ToList();
        // Phase one gives every operation its essential mutations; phase two goes round the operations one mutation
        // at a time, so that the wall-clock cap cuts every operation's share evenly.
        for (var index = 0; index < operations.Count; index++)
        {
            foreach (var request in plans[index].Take(EssentialRequestsPerOperation))
            {
                await SendAsync(client, tokens[index % Callers], operations[index], request, report, readSuccessBody: false);
            }
        }
        for (var round = EssentialRequestsPerOperation; round < RequestsPerOperation; round++)
        {
            for (var index = 0; index < operations.Count; index++)
            {
                if (clock.Elapsed > RestWallClock || report.Sent >= TotalRequestBudget)
                {
                    break;
                }
                if (round < plans[index].Count)
                {
                    await SendAsync(client, tokens[index % Callers], operations[index], plans[index][round], report, readSuccessBody: false);
                }
            }
        }

        var summary = report.Summary(operations.Count, clock.Elapsed);
        output.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fuzz-rest-report.txt"), summary);
        await File.WriteAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "fuzz-rest-requests.txt"), report.Log);

        // A harness that sends nothing, or only reaches the gateway's own checks, must not pass.
        Assert.True(operations.Count >= 40, $"the gateway's OpenAPI document lists only {operations.Count} operations");
        Assert.All(operations, o => Assert.True(report.SentFor(o.Name) >= 3, $"{o.Name} got {report.SentFor(o.Name)} requests"));
        Assert.True(report.Sent >= operations.Count * EssentialRequestsPerOperation, $"only {report.Sent} requests sent");
        Assert.True(report.ReachedServices >= report.Sent / 2,
            $"only {report.ReachedServices} of {report.Sent} requests got an answer from a service (429: {report.CountOf(429)}, 401: {report.CountOf(401)})");
        Assert.True(report.Violations.Count == 0, summary);
    }

    [Fact]
    public async Task Every_gRPC_method_answers_malformed_messages_with_a_deliberate_status()
    {
        using var handler = new SocketsHttpHandler();
        using var client = new HttpClient(handler) { BaseAddress = platform.GatewayGrpcAddress, Timeout = RequestTimeout };
        var token = await platform.StaffTokenAsync("fuzz-grpc-admin", ["administrator"], ["*"]);
        var report = new FuzzReport();
        var clock = Stopwatch.StartNew();

        // As for REST: every method first gets its essential mutations, then the rest go round the methods one at a
        // time, so that a slow machine reaching the wall-clock cap cuts every method's share evenly.
        var methods = GrpcMutations.GatewayMethods;
        var plans = methods.Select(m => GrpcMutations.For(m)).ToList();
        for (var index = 0; index < methods.Count; index++)
        {
            foreach (var mutation in plans[index].Take(EssentialGrpcRequestsPerMethod))
            {
                await SendGrpcAsync(client, token, methods[index], mutation, report);
            }
        }
        for (var round = EssentialGrpcRequestsPerMethod; round < plans.Max(p => p.Count); round++)
        {
            for (var index = 0; index < methods.Count && clock.Elapsed <= GrpcWallClock; index++)
            {
                if (round < plans[index].Count)
                {
                    await SendGrpcAsync(client, token, methods[index], plans[index][round], report);
                }
            }
        }

        var summary = report.Summary(methods.Count, clock.Elapsed);
        output.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(AppContext.BaseDirectory, "fuzz-grpc-report.txt"), summary);
        await File.WriteAllLinesAsync(Path.Combine(AppContext.BaseDirectory, "fuzz-grpc-requests.txt"), report.Log);

        Assert.All(methods, m => Assert.True(report.SentFor(m.Path) >= EssentialGrpcRequestsPerMethod, $"{m.Path} got {report.SentFor(m.Path)} requests: {summary}"));
        Assert.True(report.ReachedServices > 0, "no gRPC call got an answer from a service");
        Assert.True(report.Violations.Count == 0, summary);
    }

    /// <summary>The gateway's REST body limit (Gateway:Limits:MaxRequestBodyBytes, docs/gateway-edge.md).</summary>
    private const int GatewayMaxBodyBytes = 64 * 1024;

    private static async Task<JsonElement?> SendAsync(
        HttpClient client, string token, FuzzOperation operation, FuzzRequest fuzz, FuzzReport report, bool readSuccessBody, bool retried = false)
    {
        using var request = new HttpRequestMessage(new HttpMethod(operation.Method), fuzz.Path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (fuzz.Body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(fuzz.Body);
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(fuzz.ContentType ?? "application/json");
            // A body over the gateway's limit is refused (413) before it is read, and the gateway closes that
            // connection (SizeAndTimeoutTests): a client still uploading may see it reset, so such a body goes on a
            // connection of its own and the next request is not caught in that reset.
            request.Headers.ConnectionClose = bytes.Length > GatewayMaxBodyBytes;
        }
        report.StartRequest();
        try
        {
            // Headers only: the board stream never ends, and successful bodies are not checked.
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            string? body = null;
            if (status >= 400 || (readSuccessBody && status < 300))
            {
                body = await response.Content.ReadAsStringAsync();
            }
            var violation = status >= 500 ? "server error"
                : status >= 400 && mediaType != "application/problem+json" && !RejectedBeforeThePipeline(fuzz.Path, status, body)
                    ? $"error without problem+json ({mediaType ?? "no content type"})"
                : null;
            report.Record(operation.Name, fuzz.Mutation, status, ServiceAnswers.Contains(status) || status < 300, violation, body);
            return readSuccessBody && status < 300 && body is { Length: > 0 } && mediaType?.Contains("json", StringComparison.Ordinal) == true
                ? JsonDocument.Parse(body).RootElement.Clone()
                : null;
        }
        catch (Exception exception) when ((exception is HttpRequestException or TaskCanceledException) && !retried)
        {
            // An answer that breaks the kept-alive connection shows up as the next request failing: name the culprit,
            // and send this request again so that its own mutation is still checked.
            var culprit = report.LastStatus == 413 ? $"connection unusable after the previous request's 413 ({report.LastRequest})" : "no answer";
            report.Record(operation.Name, fuzz.Mutation, 0, false, $"{culprit} ({exception.GetType().Name})", exception.GetBaseException().Message);
            return await SendAsync(client, token, operation, fuzz, report, readSuccessBody, retried: true);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            report.Record(operation.Name, fuzz.Mutation, 0, false, $"no answer on retry ({exception.GetType().Name})", exception.GetBaseException().Message);
            return null;
        }
    }

    /// <summary>
    /// Kestrel refuses a request whose path holds U+0000 with an empty 400 before any middleware runs: documented in
    /// docs/gateway-edge.md ("Answers without a body"), so it is the one error allowed without problem+json.
    /// </summary>
    private static bool RejectedBeforeThePipeline(string path, int status, string? body) =>
        status == 400 && string.IsNullOrEmpty(body)
        && path.Split('?')[0].Contains("%00", StringComparison.OrdinalIgnoreCase);

    private static async Task SendGrpcAsync(HttpClient client, string token, GrpcMethod method, GrpcFuzzRequest fuzz, FuzzReport report)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, method.Path)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(fuzz.Frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        report.StartRequest();
        try
        {
            using var response = await client.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            var grpcStatus = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
            var message = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message");
            var code = grpcStatus is null ? -1 : int.Parse(grpcStatus, System.Globalization.CultureInfo.InvariantCulture);
            var name = code >= 0 ? ((Grpc.Core.StatusCode)code).ToString() : "none";
            // UNKNOWN 2, INTERNAL 13, UNAVAILABLE 14, DATA_LOSS 15, and no gRPC status at all, are not deliberate answers.
            var violation = (int)response.StatusCode != 200 ? $"HTTP {(int)response.StatusCode} instead of a gRPC answer"
                : code == 13 && GrpcMutations.BrokenFraming.Contains(fuzz.Mutation) ? null
                : code is -1 or 2 or 13 or 14 or 15 ? $"gRPC status {name}"
                : null;
            report.Record(method.Path, fuzz.Mutation, code, code is 0 or 3 or 5 or 6 or 8 or 9 or 16 or 7, violation, $"{name}: {message}");
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            report.Record(method.Path, fuzz.Mutation, -1, false, $"no answer ({exception.GetType().Name})", exception.GetBaseException().Message);
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    /// <summary>
    /// Path and body values that reach real records. Reads use the seeded hall and its counters; writes use records of their
    /// own so that the fuzzer never closes the seeded hall's day or counters under the other end-to-end tests.
    /// </summary>
    private static string? KnownValue(FuzzOperation operation, string name, Dictionary<string, string> knownIds)
    {
        var read = operation.Method == "GET";
        return name switch
        {
            "hallId" => read ? "hall-001" : "hall-fuzz",
            "counterId" => read ? "c01" : "cfz1",
            "code" => read ? "billing" : "fuzz-type",
            // Check-ins go to an unknown hall: a waiting ticket in the seeded hall would be called by other tests.
            "body.hallId" => operation.PathTemplate.EndsWith("/visits", StringComparison.Ordinal) ? "hall-fuzz" : "hall-001",
            "body.serviceType" => "billing",
            "body.caseType" => "visit",
            _ when name.StartsWith("body.", StringComparison.Ordinal) => knownIds.GetValueOrDefault(name[5..]),
            _ => knownIds.GetValueOrDefault(name),
        };
    }

    private static void RememberIds(JsonElement? created, FuzzOperation operation, IReadOnlyList<FuzzOperation> operations, Dictionary<string, string> knownIds)
    {
        if (created is not { ValueKind: JsonValueKind.Object } body)
        {
            return;
        }
        foreach (var property in body.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String && property.Name.EndsWith("Id", StringComparison.Ordinal))
            {
                knownIds.TryAdd(property.Name, property.Value.GetString()!);
            }
        }
        // An item route under the collection ({ticketId} under /trouble-tickets) takes the created record's "id".
        if (body.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String)
        {
            var prefix = operation.PathTemplate + "/{";
            foreach (var item in operations.Where(o => o.PathTemplate.StartsWith(prefix, StringComparison.Ordinal)))
            {
                var parameter = item.PathTemplate[prefix.Length..item.PathTemplate.IndexOf('}', prefix.Length)];
                knownIds.TryAdd(parameter, id.GetString()!);
            }
        }
    }
}

/// <summary>What the fuzzer sent and got back, and every violation, for one readable failure message.</summary>
internal sealed class FuzzReport
{
    private readonly Dictionary<string, int> _sentPerTarget = new(StringComparer.Ordinal);
    private readonly Dictionary<int, int> _statuses = [];

    public List<string> Violations { get; } = [];

    /// <summary>Every request sent (target | mutation | status | time taken), written next to the test assembly for reading.</summary>
    public List<string> Log { get; } = [];

    public int Sent { get; private set; }

    /// <summary>The previous request (target and mutation) and its status, to name it when the next one fails.</summary>
    public string? LastRequest { get; private set; }

    public int LastStatus { get; private set; }

    public int ReachedServices { get; private set; }

    public int SentFor(string target) => _sentPerTarget.GetValueOrDefault(target);

    private long _requestStarted;

    /// <summary>Marks the start of a request, so that the log shows how long each one took.</summary>
    public void StartRequest() => _requestStarted = Stopwatch.GetTimestamp();

    public int CountOf(int status) => _statuses.GetValueOrDefault(status);

    public void Record(string target, string mutation, int status, bool reachedService, string? violation, string? body)
    {
        Sent++;
        Log.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{target} | {mutation} | {status} | {Stopwatch.GetElapsedTime(_requestStarted).TotalMilliseconds:F0} ms"));
        LastRequest = $"{target} | {mutation}";
        LastStatus = status;
        _sentPerTarget[target] = SentFor(target) + 1;
        _statuses[status] = CountOf(status) + 1;
        if (reachedService)
        {
            ReachedServices++;
        }
        if (violation is not null)
        {
            var snippet = (body ?? "").ReplaceLineEndings(" ");
            Violations.Add($"{target} | {mutation} | {status} | {violation} | {(snippet.Length > 200 ? snippet[..200] : snippet)}");
        }
    }

    public string Summary(int targets, TimeSpan elapsed)
    {
        var builder = new StringBuilder();
        var statuses = string.Join(", ", _statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"));
        builder.AppendLine(System.Globalization.CultureInfo.InvariantCulture,
            $"{Sent} requests to {_sentPerTarget.Count} of {targets} targets in {elapsed.TotalSeconds:F1} s; {ReachedServices} answered by a service; statuses: {statuses}");
        builder.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{Violations.Count} violations (target | mutation | status | what | body):");
        foreach (var violation in Violations)
        {
            builder.AppendLine(violation);
        }
        return builder.ToString();
    }
}
