using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>
/// The statistics on the worked example of docs/quality.md ("Statistics"): events of Reception, Fault and Complaint
/// (each delivered twice) and survey answers, for November 2026, with October as the previous period; "now" is
/// 2 December 2026 10:00 UTC. Every expected number is worked out by hand in the comments and the docs.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class StatisticsTests : IAsyncLifetime
{
    private const string Statistics = "/api/v1/quality-statistics";
    private const string November = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly HallCaller Analyst = TestCallers.Staff("usr_qa", HallRoles.QualityAnalyst, "hall-001");

    private readonly QualityApp _app;
    private long _position;

    public StatisticsTests(RealServersFixture servers)
    {
        _app = new QualityApp(servers)
        {
            EventSource = new TwiceDeliveredEvents(WorkedExample()),
            Clock = new FakeTimeProvider(Now),
            Settings = new Dictionary<string, string> { ["Quality:Metrics:Refresh"] = "false", ["Quality:FollowUps:Dispatch"] = "false" },
        };
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static DateTimeOffset Nov(int day, int hour = 0, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    /// <summary>
    /// hall-001 in November:
    /// visits (target 600 s): V1 billing/store/usr_a wait 300 s, service 600 s; V2 billing/store/usr_a wait 720 s, service 480 s;
    /// V3 billing/store/usr_a called after 120 s, no-show; V4 billing/kiosk never called, cancelled at day close;
    /// V5 sim/kiosk/usr_b wait 600 s (exactly the target: within), service 900 s.
    /// tickets: T1 phone, reported 5 Nov 00:00, 2 h pending, resolved 5 Nov 20:00 within SLA (repair 18 h);
    /// T2 hall, reported 6 Nov, resolved 9 Nov 06:00 after its SLA (78 h); T3 phone, due 22 Nov, still in progress (missed);
    /// T4 pending, due 30 Nov (paused: not counted); T5 cancelled.
    /// complaints: C1 received 1 Nov, answered 3 Nov (48 h), closed satisfied 6 Nov (120 h); C2 received 2 Nov, first
    /// answered 20 Nov (432 h, after its 17 Nov deadline); C3 received 10 Nov, escalated, unanswered past its 25 Nov deadline.
    /// hall-002: V6 billing/store/usr_c wait 60 s, service 120 s. October (previous period): V0 hall-001 billing wait 900 s, service 600 s.
    /// </summary>
    private List<EventEnvelope> WorkedExample()
    {
        var events = new List<EventEnvelope>
        {
            Visit("vis_0", "hall-001", "billing", "store", "usr_a", "completed", new DateTimeOffset(2026, 10, 20, 9, 0, 0, TimeSpan.Zero), 900, 600),
            Visit("vis_1", "hall-001", "billing", "store", "usr_a", "completed", Nov(10, 9), 300, 600),
            Visit("vis_2", "hall-001", "billing", "store", "usr_a", "completed", Nov(10, 9), 720, 480),
            Visit("vis_3", "hall-001", "billing", "store", "usr_a", "noShow", Nov(10, 9), 120, 60),
            Visit("vis_4", "hall-001", "billing", "kiosk", null, "cancelled", Nov(10, 9), null, 9 * 3600),
            Visit("vis_5", "hall-001", "sim", "kiosk", "usr_b", "completed", Nov(10, 10), 600, 900),
            Visit("vis_6", "hall-002", "billing", "store", "usr_c", "completed", Nov(15, 10), 60, 120),
        };
        events.Add(TicketCreated("tt_1", "phone", Nov(5)));
        events.Add(Ticket("tt_1", "acknowledged", "inProgress", "phone", Nov(5), Nov(5, 1), Nov(7), 0, false));
        events.Add(Ticket("tt_1", "inProgress", "pending", "phone", Nov(5), Nov(5, 2), Nov(7), 0, false));
        events.Add(Ticket("tt_1", "pending", "inProgress", "phone", Nov(5), Nov(5, 4), Nov(7, 2), 7200, false));
        events.Add(Ticket("tt_1", "inProgress", "resolved", "phone", Nov(5), Nov(5, 20), Nov(7, 2), 7200, false, "usr_t"));
        events.Add(Ticket("tt_2", "inProgress", "resolved", "hall", Nov(6), Nov(9, 6), Nov(8), 0, true, "usr_t"));
        events.Add(Ticket("tt_3", "acknowledged", "inProgress", "phone", Nov(20), Nov(20, 1), Nov(22), 0, false));
        events.Add(Ticket("tt_4", "inProgress", "pending", "hall", Nov(28), Nov(28, 1), Nov(30), 0, false));
        events.Add(Ticket("tt_5", "acknowledged", "cancelled", "hall", Nov(25), Nov(25, 1), Nov(27), 0, false));
        events.Add(Complaint("cmp_1", "investigating", "responded", "hall", Nov(1), Nov(3), Nov(3), null, null, "usr_h"));
        events.Add(Complaint("cmp_1", "responded", "closed", "hall", Nov(1), Nov(6), Nov(3), Nov(6), "satisfied", "usr_h"));
        events.Add(Complaint("cmp_2", "investigating", "responded", "phone", Nov(2), Nov(20), Nov(20), null, null, "usr_h"));
        events.Add(Complaint("cmp_3", "assigned", "escalated", "online", Nov(10), Nov(25, 0, 1), null, null, null, "complaint-clock"));
        return events;
    }

    /// <summary>
    /// Survey answers (hall-001, November): V1 (5, 10, FCR yes), V2 (4, 8, not asked), T1 (2, 3, no), C1 (5, 9, yes);
    /// hall-002: V6 (1, 0, no).
    /// </summary>
    private Task<int> AnswersAsync() => _app.WithDbAsync(async db =>
    {
        (CaseType Kind, string Case, string Hall, int Csat, int Nps, bool? Fcr)[] answers =
        [
            (CaseType.Visit, "vis_1", "hall-001", 5, 10, true),
            (CaseType.Visit, "vis_2", "hall-001", 4, 8, null),
            (CaseType.TroubleTicket, "tt_1", "hall-001", 2, 3, false),
            (CaseType.Complaint, "cmp_1", "hall-001", 5, 9, true),
            (CaseType.Visit, "vis_6", "hall-002", 1, 0, false),
        ];
        foreach (var a in answers)
        {
            db.SurveyResponses.Add(SurveyResponse.Record(SurveyResponse.NewId(), new SurveyAnswer(a.Kind, a.Case, a.Hall, a.Csat, a.Nps, null, a.Fcr), Nov(20)));
        }
        return await db.SaveChangesAsync();
    });

    private async Task<JsonElement> GetAsync(HttpClient client, string query)
    {
        using var response = await client.GetAsync($"{Statistics}?{query}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    private async Task ReadyAsync()
    {
        _ = _app.Server;
        await TwiceDeliveredEvents.WaitForPositionAsync(_app, _position);
        await AnswersAsync();
    }

    private static Dictionary<string, double?> Figures(JsonElement period) =>
        period.GetProperty("figures").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.Null ? (double?)null : p.Value.GetDouble());

    [Fact]
    public async Task The_worked_example_gives_the_documented_figures_for_a_hall_with_the_previous_period_and_the_change()
    {
        await ReadyAsync();
        using var analyst = _app.CreateClientAs(Analyst);

        var report = await GetAsync(analyst, $"{November}&hallId=hall-001");

        var current = report.GetProperty("current");
        Assert.Equal(new Dictionary<string, double?>
        {
            // 3 of 4 answers are 4 or 5; (2 promoters - 1 detractor) / 4; 2 of 3 FCR answers yes.
            ["csat"] = 75, ["nps"] = 25, ["fcr"] = 66.67,
            // waits 300, 720, 120, 600: mean 435, nearest-rank p90 = 4th of 4 = 720; services 600, 480, 900: mean 660.
            ["waitingTimeAvg"] = 435, ["waitingTimeP90"] = 720, ["serviceTimeAvg"] = 660,
            // 1 no-show of 4 called visits that ended (3 served + 1 no-show); 3 of 4 waits within 600 s.
            ["noShowRate"] = 25, ["serviceLevelShare"] = 75,
            // repairs 18 h and 78 h; within SLA: T1 only, outside: T2 (late) and T3 (open past due).
            ["faultRepairTime"] = 48, ["faultSlaCompliance"] = 33.33,
            // first answers 48 h and 432 h; closed C1 after 120 h; in 15 days: C1; late: C2, and C3 unanswered past due.
            ["complaintFirstResponseTime"] = 240, ["complaintResolutionTime"] = 120, ["complaint15DayCompliance"] = 33.33,
            // finished cases: V1, V2, V5, T1, T2, C1, C2 (7); answered: V1, V2, T1, C1 (4).
            ["followUpCoverage"] = 57.14,
        }, Figures(current));
        Assert.Equal(4, current.GetProperty("basis").GetProperty("waitingTimeAvg").GetInt32());
        Assert.Equal(3, current.GetProperty("basis").GetProperty("faultSlaCompliance").GetInt32());
        Assert.Equal(7, current.GetProperty("basis").GetProperty("followUpCoverage").GetInt32());

        // October: only V0 (wait 900 s, service 600 s; no survey); the change is current - previous where both exist.
        var previous = report.GetProperty("previous");
        Assert.Equal("2026-10-02T00:00:00+00:00", previous.GetProperty("from").GetDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture));
        Assert.Equal(new Dictionary<string, double?>
        {
            ["csat"] = null, ["nps"] = null, ["fcr"] = null,
            ["waitingTimeAvg"] = 900, ["waitingTimeP90"] = 900, ["serviceTimeAvg"] = 600, ["noShowRate"] = 0, ["serviceLevelShare"] = 0,
            ["faultRepairTime"] = null, ["faultSlaCompliance"] = null,
            ["complaintFirstResponseTime"] = null, ["complaintResolutionTime"] = null, ["complaint15DayCompliance"] = null,
            ["followUpCoverage"] = 0,
        }, Figures(previous));
        var change = report.GetProperty("change");
        Assert.Equal(-465, change.GetProperty("waitingTimeAvg").GetDouble());
        Assert.Equal(60, change.GetProperty("serviceTimeAvg").GetDouble());
        Assert.Equal(-180, change.GetProperty("waitingTimeP90").GetDouble());
        Assert.Equal(57.14, change.GetProperty("followUpCoverage").GetDouble());
        Assert.Equal(JsonValueKind.Null, change.GetProperty("csat").ValueKind);
        Assert.Equal("s", report.GetProperty("units").GetProperty("waitingTimeP90").GetString());
        Assert.Equal("h", report.GetProperty("units").GetProperty("faultRepairTime").GetString());
    }

    [Fact]
    public async Task Filters_by_service_type_staff_member_and_channel_narrow_every_figure_to_their_cases()
    {
        await ReadyAsync();
        using var analyst = _app.CreateClientAs(Analyst);

        // billing only: waits 300, 720, 120 (mean 380, p90 720), services 600, 480 (540), 1 no-show of 3, 2 of 3 within.
        // Tickets and complaints have no service type: their figures are undefined.
        var billing = Figures((await GetAsync(analyst, $"{November}&hallId=hall-001&serviceType=billing")).GetProperty("current"));
        Assert.Equal((380.0, 720.0, 540.0, 33.33, 66.67), (billing["waitingTimeAvg"]!.Value, billing["waitingTimeP90"]!.Value,
            billing["serviceTimeAvg"]!.Value, billing["noShowRate"]!.Value, billing["serviceLevelShare"]!.Value));
        Assert.Null(billing["faultSlaCompliance"]);
        // V1 and V2 answered: CSAT 2/2, NPS (1 promoter - 0) / 2.
        Assert.Equal((100.0, 50.0), (billing["csat"]!.Value, billing["nps"]!.Value));

        // usr_b served V5 only.
        var usrB = Figures((await GetAsync(analyst, $"{November}&hallId=hall-001&staffId=usr_b")).GetProperty("current"));
        Assert.Equal((600.0, 900.0, 100.0), (usrB["waitingTimeAvg"]!.Value, usrB["serviceTimeAvg"]!.Value, usrB["serviceLevelShare"]!.Value));
        Assert.Null(usrB["csat"]);

        // The phone channel: tickets T1 (within) and T3 (missed), complaint C2 (late).
        var phone = Figures((await GetAsync(analyst, $"{November}&hallId=hall-001&channel=phone")).GetProperty("current"));
        Assert.Equal((18.0, 50.0, 432.0, 0.0), (phone["faultRepairTime"]!.Value, phone["faultSlaCompliance"]!.Value,
            phone["complaintFirstResponseTime"]!.Value, phone["complaint15DayCompliance"]!.Value));
        Assert.Null(phone["waitingTimeAvg"]);
    }

    [Fact]
    public async Task Halls_are_compared_side_by_side_and_a_staff_member_sees_only_their_halls()
    {
        await ReadyAsync();
        using var service = _app.CreateClient();
        using var analyst = _app.CreateClientAs(Analyst);

        var all = await GetHallsAsync(service);
        Assert.Equal(["hall-001", "hall-002"], all.GetProperty("halls").EnumerateArray().Select(h => h.GetProperty("hallId").GetString()!));
        var hall2 = all.GetProperty("halls")[1].GetProperty("current");
        Assert.Equal((60.0, 120.0, 0.0), (Figures(hall2)["waitingTimeAvg"]!.Value, Figures(hall2)["serviceTimeAvg"]!.Value, Figures(hall2)["csat"]!.Value));
        // Overall: waits 300, 720, 120, 600, 60 → mean 360; 1 + 3 satisfied of 5 answers → CSAT 60.
        var overall = Figures(all.GetProperty("overall").GetProperty("current"));
        Assert.Equal((360.0, 60.0), (overall["waitingTimeAvg"]!.Value, overall["csat"]!.Value));

        var mine = await GetHallsAsync(analyst);
        Assert.Equal(["hall-001"], mine.GetProperty("halls").EnumerateArray().Select(h => h.GetProperty("hallId").GetString()!));
        Assert.Equal(75, Figures(mine.GetProperty("overall").GetProperty("current"))["csat"]);
        await ProblemAssert.IsProblemAsync(await analyst.GetAsync($"{Statistics}?{November}&hallId=hall-002"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await analyst.GetAsync($"{Statistics}/halls?{November}&hallId=hall-002"), HttpStatusCode.Forbidden);
    }

    private async Task<JsonElement> GetHallsAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"{Statistics}/halls?{November}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task The_comparison_downloads_as_csv_with_a_row_per_hall_and_metric()
    {
        await ReadyAsync();
        using var analyst = _app.CreateClientAs(Analyst);

        using var response = await analyst.GetAsync($"{Statistics}/csv?{November}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("quality-statistics-20261101-20261201.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("hallId,metric,unit,value,basis,previousValue,previousBasis,change,from,to", lines[0]);
        // hall-001 and "all" (the analyst sees one hall), 14 metrics each.
        Assert.Equal(1 + 2 * 14, lines.Length);
        Assert.Contains("hall-001,waitingTimeAvg,s,435,4,900,1,-465,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z", lines);
        Assert.Contains("all,faultSlaCompliance,%,33.33,3,,0,,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z", lines);
    }

    [Fact]
    public async Task Events_delivered_twice_and_an_older_event_after_a_newer_one_count_once()
    {
        await ReadyAsync();
        var facts = await _app.WithDbAsync(db => db.CaseFacts.AsNoTracking().OrderBy(f => f.CaseId).ToListAsync());
        // 7 visits, 5 tickets, 3 complaints: one row each although every event came twice.
        Assert.Equal(15, facts.Count);
        var t1 = facts.Single(f => f.CaseId == "tt_1");
        Assert.Equal(("resolved", (double?)18 * 3600, (bool?)true, "usr_t"), (t1.Status, t1.RepairSeconds, t1.MetTarget, t1.StaffId));

        // Applying an older event to a newer fact changes nothing.
        var applier = new CaseFactApplier(Microsoft.Extensions.Logging.Abstractions.NullLogger<CaseFactApplier>.Instance);
        await _app.WithDbAsync(async db =>
        {
            await applier.HandleAsync(Ticket("tt_1", "acknowledged", "inProgress", "phone", Nov(5), Nov(5, 1), Nov(7), 0, false), db, CancellationToken.None);
            return await db.SaveChangesAsync();
        });
        Assert.Equal("resolved", await _app.WithDbAsync(db => db.CaseFacts.Where(f => f.CaseId == "tt_1").Select(f => f.Status).SingleAsync()));
    }

    /// <summary>(query, the field its error names).</summary>
    private static readonly (string Query, string Field)[] BadQueries =
    [
        ("to=2026-12-01T00:00:00Z", "from"),
        ("from=2026-11-01T00:00:00Z", "to"),
        ("from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from"),
        ("from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from"),
        ("from=2020-01-01T00:00:00Z&to=2026-11-01T00:00:00Z", "to"),
        ("from=yesterday&to=2026-11-01T00:00:00Z", "from"),
        ("from=2026-11-01T00:00:00Z&to=2200-01-01T00:00:00Z", "to"),
        (November + "&hallId=HALL%20ONE", "hallId"),
        (November + "&serviceType=%3Cscript%3E", "serviceType"),
        (November + "&staffId=usr%00a", "staffId"),
        (November + "&channel=" + new string('a', 80), "channel"),
    ];

    [Fact]
    public async Task Bad_queries_are_400_naming_the_field_on_every_route()
    {
        using var analyst = _app.CreateClientAs(Analyst);
        foreach (var (query, field) in BadQueries)
        {
            foreach (var path in new[] { Statistics, $"{Statistics}/halls", $"{Statistics}/csv" })
            {
                using var response = await analyst.GetAsync($"{path}?{query}");
                var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest);
                Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{path}?{query}: {problem}");
            }
        }
    }

    private EventEnvelope Visit(string id, string hall, string serviceType, string channel, string? servedBy, string endState, DateTimeOffset arrivedAt,
        int? waitSeconds, int afterCallSeconds)
    {
        DateTimeOffset? called = waitSeconds is { } wait ? arrivedAt.AddSeconds(wait) : null;
        var endedAt = (called ?? arrivedAt).AddSeconds(afterCallSeconds);
        var type = endState == "completed" ? IntegrationEventTypes.VisitCompleted : IntegrationEventTypes.VisitEnded;
        return Envelope(type, id, hall, endedAt, new
        {
            visitId = id, serviceType, counterId = "c01", endState, orderId = (string?)null, servedBy, channel, arrivedAt, firstCalledAt = called,
            calledAt = called, endedAt, serviceLevelSeconds = 600,
        });
    }

    private EventEnvelope TicketCreated(string id, string channel, DateTimeOffset reportedAt) =>
        Envelope(IntegrationEventTypes.TroubleTicketCreated, id, "hall-001", reportedAt, new
        {
            ticketId = id, status = "acknowledged", channel, severity = "major", ticketType = "mobile", reportedAt, slaDueAt = reportedAt.AddHours(48),
            slaPausedSeconds = 0, slaBreached = false,
        });

    private EventEnvelope Ticket(string id, string from, string to, string channel, DateTimeOffset reportedAt, DateTimeOffset at, DateTimeOffset dueAt,
        int pausedSeconds, bool breached, string changedBy = "usr_x") =>
        Envelope(IntegrationEventTypes.TroubleTicketStatusChanged, id, "hall-001", at, new
        {
            ticketId = id, from, to, channel, severity = "major", changedBy, satisfactionScore = (int?)null, autoClosed = (bool?)null,
            ticketType = "mobile", reportedAt, slaDueAt = dueAt, slaPausedSeconds = pausedSeconds, slaBreached = breached,
        });

    private EventEnvelope Complaint(string id, string from, string to, string channel, DateTimeOffset receivedAt, DateTimeOffset at,
        DateTimeOffset? firstResponseAt, DateTimeOffset? closedAt, string? outcome, string changedBy) =>
        Envelope(IntegrationEventTypes.ComplaintStatusChanged, id, "hall-001", at, new
        {
            complaintId = id, from, to, category = "billing", changedBy, relatedStaffId = (string?)null, upheld = (bool?)null, satisfied = (bool?)null,
            outcome, channel, receivedAt, responseDueAt = receivedAt.AddDays(15), firstResponseAt, respondedAt = firstResponseAt, closedAt,
        });

    private EventEnvelope Envelope(string type, string subject, string hall, DateTimeOffset at, object payload)
    {
        _position++;
        return new EventEnvelope
        {
            Position = _position,
            EventId = Guid.NewGuid().ToString(),
            Type = type,
            Producer = "test",
            SubjectId = subject,
            HallId = hall,
            JourneyId = "",
            PayloadJson = JsonSerializer.Serialize(payload, JsonSerializerOptions.Web),
            OccurredAt = Timestamp.FromDateTimeOffset(at),
            HeadPosition = 100,
        };
    }
}
