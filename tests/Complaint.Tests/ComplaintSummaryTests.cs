using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HallPlatform.Complaint.Application;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static HallPlatform.Complaint.Tests.ComplaintSteps;

namespace HallPlatform.Complaint.Tests;

/// <summary>The periodic summary on a known data set: every figure, and the CSV's exact bytes.</summary>
[Collection(ServersCollection.Name)]
public sealed class ComplaintSummaryTests : IAsyncLifetime
{
    private const string PhoneA = "13800000001";
    private const string PhoneB = "13800000002";
    private const string PhoneC = "13800000003";
    private const string PhoneD = "13800000004";
    private const string Summary = "/api/v1/complaint-summary?from=2026-03-01T00:00:00Z&to=2026-03-31T00:00:00Z";

    private static readonly DateTimeOffset March1 = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 2, 15, 0, 0, 0, TimeSpan.Zero));
    private readonly ComplaintApp _app;
    private readonly HttpClient _client;

    public ComplaintSummaryTests(RealServersFixture servers)
    {
        _app = new ComplaintApp(servers) { Time = _clock, Settings = new Dictionary<string, string> { ["Complaint:SweepEnabled"] = "false" } };
        _client = _app.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData(new long[] { 3600, 7200, 36000 }, 50, 7200L)]
    [InlineData(new long[] { 3600, 7200, 36000 }, 90, 36000L)]
    [InlineData(new long[] { 1, 2, 3, 4 }, 50, 2L)]
    [InlineData(new long[] { 1, 2, 3, 4 }, 90, 4L)]
    [InlineData(new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 }, 90, 9L)]
    [InlineData(new long[] { 5 }, 90, 5L)]
    public void Percentiles_are_nearest_rank(long[] sorted, int percentile, long expected) =>
        Assert.Equal(expected, ComplaintSummaryBuilder.NearestRank(sorted, percentile));

    [Fact]
    public void No_values_have_no_percentile() => Assert.Null(ComplaintSummaryBuilder.NearestRank([], 50));

    [Fact]
    public async Task The_summary_of_a_known_data_set_gives_known_figures_and_csv_bytes()
    {
        await SeedAsync();
        _clock.SetUtcNow(new DateTimeOffset(2026, 3, 20, 0, 0, 0, TimeSpan.Zero));

        using var response = await _client.GetAsync(Summary);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var report = await response.ReadJsonAsync();

        Assert.Equal(5, report.GetProperty("total").GetInt32());
        Assert.Equal(["billing:2", "network:1", "other:1", "service:1"], Counts(report, "byCategory"));
        Assert.Equal(["hall:3", "online:1", "phone:1"], Counts(report, "byChannel"));
        Assert.Equal(["dep-billing:2", "unassigned:2", "dep-network:1"], Counts(report, "byDepartment"));
        Assert.Equal(["billing-error:2", "none:2", "network-coverage:1"], Counts(report, "byRootCause"));
        Assert.Equal(["open:2", "satisfied:2", "merged:1"], Counts(report, "byOutcome"));
        Assert.Equal((3, 7200L, 36000L), Durations(report, "timeToFirstResponse"));
        Assert.Equal((2, 14400L, 86400L), Durations(report, "timeToResolution"));
        Assert.Equal(3, report.GetProperty("answeredWithin15Days").GetInt32());
        Assert.Equal(4, report.GetProperty("dueOrAnswered").GetInt32());
        Assert.Equal(0.75, report.GetProperty("answeredWithin15DaysShare").GetDouble());
        Assert.Equal(1, report.GetProperty("repeatComplainants").GetInt32());
        var top = report.GetProperty("topRootCauses").EnumerateArray()
            .Select(t => (t.GetProperty("code").GetString(), t.GetProperty("count").GetInt32(), t.GetProperty("previousCount").GetInt32(), t.GetProperty("change").GetInt32()))
            .ToArray();
        Assert.Equal([("billing-error", 2, 1, 1), ("network-coverage", 1, 0, 1)], top);

        using var csv = await _client.GetAsync(Summary.Replace("?", "/csv?", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        var expected = "\uFEFF"
            + "section,key,name,count,previousCount,value,improvementSuggestion\r\n"
            + "period,from,,,,2026-03-01T00:00:00Z,\r\n"
            + "period,to,,,,2026-03-31T00:00:00Z,\r\n"
            + "period,halls,,,,*,\r\n"
            + "total,complaints,,5,,,\r\n"
            + "category,billing,,2,,,\r\n"
            + "category,network,,1,,,\r\n"
            + "category,other,,1,,,\r\n"
            + "category,service,,1,,,\r\n"
            + "channel,hall,,3,,,\r\n"
            + "channel,online,,1,,,\r\n"
            + "channel,phone,,1,,,\r\n"
            + "department,dep-billing,Billing office,2,,,\r\n"
            + "department,unassigned,,2,,,\r\n"
            + "department,dep-network,Network operations,1,,,\r\n"
            + "rootCause,billing-error,Billing error,2,,,\r\n"
            + "rootCause,none,,2,,,\r\n"
            + "rootCause,network-coverage,\"Network \"\"coverage\"\", 5G\",1,,,\r\n"
            + "outcome,open,,2,,,\r\n"
            + "outcome,satisfied,,2,,,\r\n"
            + "outcome,merged,,1,,,\r\n"
            + "time,firstResponseMedianSeconds,,3,,7200,\r\n"
            + "time,firstResponseP90Seconds,,3,,36000,\r\n"
            + "time,resolutionMedianSeconds,,2,,14400,\r\n"
            + "time,resolutionP90Seconds,,2,,86400,\r\n"
            + "share,answeredWithin15Days,,3,4,0.75,\r\n"
            + "repeat,complainants,,1,,,\r\n"
            + "topRootCause,billing-error,Billing error,2,1,1,Reconcile the billing rules against the tariff catalogue monthly.\r\n"
            + "topRootCause,network-coverage,\"Network \"\"coverage\"\", 5G\",1,0,1,\"向网络规划报告弱覆盖区域, with counts\"\r\n";
        var bytes = await csv.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes.Take(3));
        Assert.Equal(Encoding.UTF8.GetBytes(expected), bytes);
    }

    [Fact]
    public async Task The_summary_checks_its_query_and_the_callers_halls()
    {
        using (var missing = await _client.GetAsync("/api/v1/complaint-summary"))
        {
            await ProblemAssert.IsValidationProblemAsync(missing, "from", "to");
        }
        using (var reversed = await _client.GetAsync("/api/v1/complaint-summary?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z&halls=hall-001,BAD"))
        {
            await ProblemAssert.IsValidationProblemAsync(reversed, "halls", "to");
        }
        using (var far = await _client.GetAsync("/api/v1/complaint-summary/csv?from=1900-01-01T00:00:00Z&to=2026-03-01T00:00:00Z"))
        {
            await ProblemAssert.IsValidationProblemAsync(far, "from");
        }
        using var supervisor = _app.CreateClientAs(TestCallers.Staff("usr_sup", HallPlatform.Identity.HallRoles.Supervisor, "hall-001"));
        using var otherHall = await supervisor.GetAsync(Summary + "&halls=hall-002");
        await ProblemAssert.IsProblemAsync(otherHall, HttpStatusCode.Forbidden);
        using var own = await supervisor.GetAsync(Summary);
        Assert.Equal(["hall-001"], (await own.ReadJsonAsync()).GetProperty("hallIds").EnumerateArray().Select(h => h.GetString()));
    }

    /// <summary>
    /// One complaint in the previous period (billing-error) and five in March: C1 satisfied after 4 h (answered in 2 h),
    /// C2 escalated then satisfied after 24 h (answered in 10 h), C3 responded in 1 h (network-coverage, awaiting the
    /// customer), C4 merged into C3, C5 never answered (its 15 days run out on 17 March). C1 and C3 share a phone.
    /// </summary>
    private async Task SeedAsync()
    {
        using (var cause = await _client.PutAsJsonAsync("/api/v1/complaint-root-causes/network-coverage",
            new { name = "Network \"coverage\", 5G", improvementSuggestion = "向网络规划报告弱覆盖区域, with counts" }))
        {
            Assert.Equal(HttpStatusCode.OK, cause.StatusCode);
        }
        var previous = await RegisterAsync("hall", "billing", PhoneA);
        await AssessAsync(_client, previous);
        await AssignAsync(_client, previous);
        At(2026, 2, 15, 1);
        await RespondAsync(_client, previous);

        At(2026, 3, 1, 0);
        var c1 = await RegisterAsync("hall", "billing", PhoneA);
        await AssessAsync(_client, c1);
        await AssignAsync(_client, c1);
        await StatusAsync(_client, c1, "investigating");
        At(2026, 3, 1, 2);
        await RespondAsync(_client, c1);
        At(2026, 3, 1, 4);
        await ConfirmAsync(_client, c1, satisfied: true);

        At(2026, 3, 2, 0);
        var c2 = await RegisterAsync("phone", "billing", PhoneB);
        var c5 = await RegisterAsync("hall", "other", PhoneD);
        await AssessAsync(_client, c2);
        await AssignAsync(_client, c2);
        At(2026, 3, 2, 10);
        await RespondAsync(_client, c2);
        At(2026, 3, 2, 11);
        await ConfirmAsync(_client, c2, satisfied: false, whenNotSatisfied: "escalate");
        At(2026, 3, 2, 20);
        await RespondAsync(_client, c2);
        At(2026, 3, 3, 0);
        await ConfirmAsync(_client, c2, satisfied: true);

        var c3 = await RegisterAsync("online", "network", PhoneA);
        await AssessAsync(_client, c3, category: "network");
        await AssignAsync(_client, c3, "dep-network", "usr_noc_lead");
        At(2026, 3, 3, 1);
        await RespondAsync(_client, c3, upheld: false, rootCauseCode: "network-coverage");

        At(2026, 3, 4, 0);
        var c4 = await RegisterAsync("hall", "service", PhoneC);
        await PostOkAsync(_client, $"{Complaints}/{c4}/links", new { otherComplaintId = c3, kind = "merge" });
        Assert.NotEqual(c5, c4);
    }

    private void At(int year, int month, int day, int hour) => _clock.SetUtcNow(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero));

    private async Task<string> RegisterAsync(string channel, string category, string phone)
    {
        using var response = await _client.PostAsJsonAsync(Complaints, new
        {
            channel, subject = "s", description = "d", remedySought = "r", category, hallId = "hall-001", customerPhone = phone,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
    }

    private static string[] Counts(JsonElement report, string property) =>
        [.. report.GetProperty(property).EnumerateArray().Select(c => $"{c.GetProperty("key").GetString()}:{c.GetProperty("count").GetInt32()}")];

    private static (int, long, long) Durations(JsonElement report, string property)
    {
        var figures = report.GetProperty(property);
        return (figures.GetProperty("count").GetInt32(), figures.GetProperty("medianSeconds").GetInt64(), figures.GetProperty("p90Seconds").GetInt64());
    }
}
