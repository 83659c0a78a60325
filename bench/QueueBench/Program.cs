using System.Globalization;
using System.Net;
using HallPlatform.Bench;

// Queue benchmark: check-in and call-next through the gateway, directly on Reception, and as the bare Redis
// scripts, measured side by side in one process. Started by bench/run-queue-bench.sh, which owns the servers.
const string CheckIn = "check-in";
const string CallNext = "call-next";
const string Floor = "floor (/alive)";

var settings = BenchSettings.FromEnvironment();
var cpu = CpuSampler.FromEnvironment();
using var bareRedis = await RedisScriptTarget.ConnectAsync(settings.RedisConnectionString, TimeProvider.System);
using var direct = new HttpQueueTarget("direct (Reception)", settings.ReceptionUrl, settings.Clients, "alive",
    new SignedCallerHandler(settings.IdentitySigningKey));
// The bench's gateway has an extra route (bench/run-queue-bench.sh) forwarding this path to Reception's /alive.
using var gateway = new HttpQueueTarget("gateway", settings.GatewayUrl, settings.Clients, BenchSettings.GatewayFloorPath,
    new CounterAgentBearerHandler(BenchCredentials.CounterAgentToken(settings.JwtSigningKey, TimeSpan.FromHours(2))));
HttpQueueTarget[] floorTargets = [direct, gateway];
IQueueTarget[] targets = [bareRedis, direct, gateway];

await OpenCountersAsync(direct);
if (!await ContractStillFitsAsync(direct) || !await ContractStillFitsAsync(gateway) || !await FloorReachableAsync(direct) || !await FloorReachableAsync(gateway))
{
    return 2;
}

// Synthetic customers get distinct names and phones across every phase.
long nextIndex = 1;
var results = new List<PhaseResult>();
var floorResults = new List<PhaseResult>();

if (settings.WarmUpOperations > 0)
{
    foreach (var target in targets)
    {
        // JIT, connection pools, PostgreSQL and Redis caches: warm before anything is recorded.
        await RunPairAsync(target, run: 0, settings.WarmUpOperations);
    }
    foreach (var target in floorTargets)
    {
        await RunFloorAsync(target, run: 0, settings.WarmUpOperations);
    }
}

for (var run = 1; run <= settings.Runs; run++)
{
    // Each run starts with a different path, so no path always follows the same neighbour.
    for (var k = 0; k < targets.Length; k++)
    {
        var (checkIns, callNexts) = await RunPairAsync(targets[(run - 1 + k) % targets.Length], run, settings.Operations);
        results.Add(checkIns);
        results.Add(callNexts);
    }
    for (var k = 0; k < floorTargets.Length; k++)
    {
        floorResults.Add(await RunFloorAsync(floorTargets[(run - 1 + k) % floorTargets.Length], run, settings.Operations));
    }
}

var report = MarkdownReport.Build(settings, results, [.. targets.Select(t => t.Name)], [CheckIn, CallNext],
    bareRedis.Name, gateway.Name, direct.Name, [.. cpu.ProcessNames], floorResults, [.. floorTargets.Select(t => t.Name)], CheckIn);
Console.Out.Write(report);
if (settings.MarkdownOut is { } outPath)
{
    await File.WriteAllTextAsync(outPath, report);
}
Console.Error.WriteLine($"Redis server version seen by the client: {bareRedis.ServerVersion()}");
return 0;

// Check-ins first, then as many call-nexts as check-ins succeeded, so call-next always finds someone waiting.
async Task<(PhaseResult CheckIns, PhaseResult CallNexts)> RunPairAsync(IQueueTarget target, int run, int operations)
{
    var checkIns = await LoadRunner.RunAsync(target.Name, CheckIn, run, settings.Clients, operations, settings.PhaseTimeCap,
        nextIndex, cpu, target.CheckInAsync);
    nextIndex += operations;
    Progress(checkIns);
    var callNexts = await LoadRunner.RunAsync(target.Name, CallNext, run, settings.Clients, Math.Max(checkIns.Done, 1),
        settings.PhaseTimeCap, nextIndex, cpu, target.CallNextAsync);
    nextIndex += operations;
    Progress(callNexts);
    return (checkIns, callNexts);
}

// The floor: GET /alive, the same number of operations as a check-in phase.
async Task<PhaseResult> RunFloorAsync(HttpQueueTarget target, int run, int operations)
{
    var floor = await LoadRunner.RunAsync(target.Name, Floor, run, settings.Clients, operations, settings.PhaseTimeCap, nextIndex, cpu,
        target.FloorAsync);
    nextIndex += operations;
    Progress(floor);
    return floor;
}

static async Task<bool> FloorReachableAsync(HttpQueueTarget target)
{
    var outcome = await target.FloorAsync(0);
    if (outcome.Status != OpStatus.Done)
    {
        Console.Error.WriteLine($"{target.Name}: the floor route (Reception's /alive) answered: {outcome.Failure}");
        return false;
    }
    return true;
}

static void Progress(PhaseResult r) => Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{(r.Run == 0 ? "warm-up" : $"run {r.Run}")} | {r.Path,-20} | {r.Operation,-9} | {r.Done,6} done {r.Empty,5} empty {r.Failed,5} failed | " +
    $"{r.Throughput,9:N0} ops/s | p50 {r.P50Ms,7:F2} ms | p99 {r.P99Ms,7:F2} ms{(r.HitTimeCap ? " | TIME CAP" : "")}"));

// Newer Reception versions may start counters closed; opening is idempotent and harmless where counters start open.
static async Task OpenCountersAsync(HttpQueueTarget reception)
{
    foreach (var counterId in BenchSettings.Counters)
    {
        var (status, body) = await reception.SendAsync(HttpMethod.Post, $"api/v1/counters/{counterId}/open",
            """{"staffId":"s1"}"""u8.ToArray());
        var meaning = (int)status switch
        {
            >= 200 and < 300 => "opened",
            404 or 405 when body.Length == 0 || !body.Contains(counterId, StringComparison.Ordinal) => "no open route: counters are seeded open",
            409 => "already open",
            _ => "unexpected: " + body,
        };
        Console.Error.WriteLine($"open counter {counterId}: HTTP {(int)status} ({meaning})");
    }
}

// One check-in and one call-next before any load: a changed request contract must stop the run, not be measured.
static async Task<bool> ContractStillFitsAsync(HttpQueueTarget target)
{
    var (checkInStatus, checkInBody) = await target.SendAsync(HttpMethod.Post, "api/v1/visits", HttpQueueTarget.CheckInBody(0));
    if (checkInStatus != HttpStatusCode.Created)
    {
        Console.Error.WriteLine($"{target.Name}: check-in answered {(int)checkInStatus}, expected 201. Body: {checkInBody}");
        Console.Error.WriteLine("Update HttpQueueTarget.CheckInBody to the current services/Reception/Api contract.");
        return false;
    }
    var (callStatus, callBody) = await target.SendAsync(HttpMethod.Post, $"api/v1/counters/{BenchSettings.Counters[0]}/call-next", null);
    if (callStatus != HttpStatusCode.OK)
    {
        Console.Error.WriteLine($"{target.Name}: call-next answered {(int)callStatus}, expected 200. Body: {callBody}");
        return false;
    }
    return true;
}
