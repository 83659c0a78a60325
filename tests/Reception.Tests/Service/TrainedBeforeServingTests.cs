using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using Microsoft.Extensions.Time.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// "Trained before serving" (issue 15): Reception keeps Quality's <c>quality.staff.qualificationsChanged</c> as a read
/// model (replays and older events change nothing), and call-next and call-specific apply it per agent: a
/// <c>block</c> type is left queued for a trained counter, a <c>warn</c> type is given with a warning, and nothing
/// changes without requirements.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class TrainedBeforeServingTests(RealServersFixture servers)
{
    // 09:00 in Shanghai on 2025-03-01.
    private static readonly DateTimeOffset Opening = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly HallCaller Wang = TestCallers.Staff("usr_wang", HallRoles.CounterAgent, ReceptionApp.Hall);
    private static readonly HallCaller Li = TestCallers.Staff("usr_li", HallRoles.CounterAgent, ReceptionApp.Hall);
    private static readonly HallCaller Supervisor = TestCallers.Staff("usr_sup", HallRoles.Supervisor, ReceptionApp.Hall);

    [Fact]
    public async Task The_applier_stores_the_latest_state_per_staff_member_and_ignores_replays_and_older_events()
    {
        var events = new QualificationEvents();
        await using var app = new ReceptionApp(servers) { EventSource = events };
        // Starts the service (and its database and subscription).
        using var client = app.CreateClient();

        var first = events.Publish(Qualifications("usr_wang", [("plan-change", Opening.AddDays(30)), ("billing", null)],
            [("plan-change", "block"), ("billing", "warn")]), position: 1);
        events.Publish(Qualifications("usr_li", [("new-line", null)], [("plan-change", "block"), ("billing", "warn")]), position: 2);
        await WaitForProcessedAsync(app, 2);
        Assert.Equal(["usr_li new-line -", "usr_wang billing -", $"usr_wang plan-change {Opening.AddDays(30).ToUnixTimeSeconds()}"], await QualifiedRowsAsync(app));
        Assert.Equal(["billing warn", "plan-change block"], await RequirementRowsAsync(app));

        // Newer: Wang lost billing, plan-change now warns and billing has no requirement any more.
        events.Publish(Qualifications("usr_wang", [("plan-change", Opening.AddDays(60))], [("plan-change", "warn")]), position: 3);
        // The first event delivered again (same id and position) and an older one arriving late change nothing.
        events.Publish(first);
        events.Publish(Qualifications("usr_wang", [("complaint", null)], [("complaint", "block")]), position: 2);
        await WaitForProcessedAsync(app, 4);

        Assert.Equal(["usr_li new-line -", $"usr_wang plan-change {Opening.AddDays(60).ToUnixTimeSeconds()}"], await QualifiedRowsAsync(app));
        Assert.Equal(["plan-change warn"], await RequirementRowsAsync(app));
        Assert.Equal(3L, await app.ScalarAsync<long>("SELECT source_position FROM staff_qualifications WHERE staff_id = 'usr_wang'"));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM failed_events"));
    }

    [Fact]
    public async Task Invalid_entries_are_left_out_and_the_rest_applies()
    {
        var events = new QualificationEvents();
        await using var app = new ReceptionApp(servers) { EventSource = events };
        using var client = app.CreateClient();

        events.Publish(Qualifications("usr_wang", [("plan-change", null), (new string('x', 41), null)],
            [("plan-change", "block"), ("billing", "sometimes"), (new string('y', 41), "warn")]), position: 1);
        events.Publish(Qualifications(new string('u', 65), [("billing", null)], [("plan-change", "block")]), position: 2);
        await WaitForProcessedAsync(app, 2);

        Assert.Equal(["usr_wang plan-change -"], await QualifiedRowsAsync(app));
        Assert.Equal(["plan-change block"], await RequirementRowsAsync(app));
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM failed_events"));
    }

    [Fact]
    public async Task A_blocked_type_is_left_for_a_trained_agent_once_the_qualification_expires()
    {
        var clock = new FakeTimeProvider(Opening);
        var events = new QualificationEvents();
        await using var app = new ReceptionApp(servers, clock) { EventSource = events };
        using var admin = app.CreateClient();
        using var wang = app.CreateClientAs(Wang);
        using var li = app.CreateClientAs(Li);
        using var supervisor = app.CreateClientAs(Supervisor);
        // Wang's plan-change training is valid for one more hour; Li's never expires; the supervisor has none.
        events.Publish(Qualifications("usr_wang", [("plan-change", Opening.AddHours(1))], [("plan-change", "block")]), position: 1);
        events.Publish(Qualifications("usr_li", [("plan-change", null)], [("plan-change", "block")]), position: 2);
        await WaitForProcessedAsync(app, 2);

        // c01 serves new-line and plan-change. Still trained: Wang gets the plan-change ticket.
        var first = await IdOf(app.CheckInAsync(admin, "plan-change"));
        var call = await ReceptionApp.PostOkAsync(wang, "/api/v1/counters/c01/call-next");
        Assert.Equal((first, 0), (call.GetProperty("visitId").GetString(), call.GetProperty("warnings").GetArrayLength()));

        // An hour and a minute later the training has lapsed: only a plan-change ticket waits, so Wang gets 409.
        clock.Advance(TimeSpan.FromMinutes(61));
        var blocked = await IdOf(app.CheckInAsync(admin, "plan-change"));
        using (var refused = await ReceptionApp.PostAsync(wang, "/api/v1/counters/c01/call-next"))
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal("Training required.", problem.GetProperty("title").GetString());
            Assert.Equal("training-required", problem.GetProperty("code").GetString());
            Assert.Equal(["plan-change"], problem.GetProperty("serviceTypes").EnumerateArray().Select(t => t.GetString()));
        }
        Assert.Equal(1L, await app.QueueLengthAsync("plan-change"));

        // A later new-line ticket is given to Wang past the older, blocked plan-change one.
        var newLine = await IdOf(app.CheckInAsync(admin, "new-line"));
        Assert.Equal(newLine, (await ReceptionApp.PostOkAsync(wang, "/api/v1/counters/c01/call-next")).GetProperty("visitId").GetString());

        // Supervisors are held to the same rule; Li, trained, gets the ticket that waited.
        using (var supervisorCall = await ReceptionApp.PostAsync(supervisor, "/api/v1/counters/c02/call-next"))
        {
            // c02 serves new-line and billing only: nothing waits for it at all.
            Assert.Equal(HttpStatusCode.NoContent, supervisorCall.StatusCode);
        }
        using (var supervisorRefused = await ReceptionApp.PostAsync(supervisor, "/api/v1/counters/c04/call-next"))
        {
            await ProblemAssert.IsProblemAsync(supervisorRefused, HttpStatusCode.Conflict);
        }
        var liCall = await ReceptionApp.PostOkAsync(li, "/api/v1/counters/c04/call-next");
        Assert.Equal((blocked, "plan-change", 0),
            (liCall.GetProperty("visitId").GetString(), liCall.GetProperty("serviceType").GetString(), liCall.GetProperty("warnings").GetArrayLength()));
        Assert.Empty(await app.QueueMembershipAsync());
    }

    [Fact]
    public async Task A_warn_type_is_given_with_a_warning_an_audit_note_and_a_log_line()
    {
        var clock = new FakeTimeProvider(Opening);
        var events = new QualificationEvents();
        await using var app = new ReceptionApp(servers, clock) { EventSource = events };
        using var admin = app.CreateClient();
        using var wang = app.CreateClientAs(Wang);
        using var li = app.CreateClientAs(Li);
        // Wang's billing training expires in a minute; Li's is valid for a year.
        events.Publish(Qualifications("usr_wang", [("billing", Opening.AddMinutes(1))], [("billing", "warn")]), position: 1);
        events.Publish(Qualifications("usr_li", [("billing", Opening.AddYears(1))], [("billing", "warn")]), position: 2);
        await WaitForProcessedAsync(app, 2);

        var trained = await IdOf(app.CheckInAsync(admin, "billing"));
        var call = await ReceptionApp.PostOkAsync(wang, "/api/v1/counters/c02/call-next");
        Assert.Equal((trained, 0), (call.GetProperty("visitId").GetString(), call.GetProperty("warnings").GetArrayLength()));

        clock.Advance(TimeSpan.FromMinutes(2));
        var untrained = await IdOf(app.CheckInAsync(admin, "billing"));
        var warned = await ReceptionApp.PostOkAsync(wang, "/api/v1/counters/c02/call-next");
        Assert.Equal(untrained, warned.GetProperty("visitId").GetString());
        var warning = Assert.Single(warned.GetProperty("warnings").EnumerateArray());
        Assert.Equal(("training-required", "billing"), (warning.GetProperty("code").GetString(), warning.GetProperty("serviceType").GetString()));
        Assert.Equal("training-required",
            await app.ScalarAsync<string>($"SELECT after->>'warning' FROM audit_entries WHERE record_id = '{untrained}' AND action = 'visit.call-next'"));
        Assert.Equal(0L, await app.ScalarAsync<long>($"SELECT count(*) FROM audit_entries WHERE record_id = '{trained}' AND after ? 'warning'"));

        var third = await IdOf(app.CheckInAsync(admin, "billing"));
        var liCall = await ReceptionApp.PostOkAsync(li, "/api/v1/counters/c02/call-next");
        Assert.Equal((third, 0), (liCall.GetProperty("visitId").GetString(), liCall.GetProperty("warnings").GetArrayLength()));
    }

    [Fact]
    public async Task Calling_a_chosen_ticket_of_a_blocked_type_is_refused_to_an_untrained_agent_and_allowed_to_a_trained_one()
    {
        var events = new QualificationEvents();
        await using var app = new ReceptionApp(servers) { EventSource = events };
        using var admin = app.CreateClient();
        using var wang = app.CreateClientAs(Wang);
        using var li = app.CreateClientAs(Li);
        events.Publish(Qualifications("usr_li", [("plan-change", null)], [("plan-change", "block"), ("new-line", "warn")]), position: 1);
        await WaitForProcessedAsync(app, 1);

        var planChange = await IdOf(app.CheckInAsync(admin, "plan-change"));
        var newLine = await IdOf(app.CheckInAsync(admin, "new-line"));
        using (var refused = await ReceptionApp.PostAsync(wang, "/api/v1/counters/c01/call", new { visitId = planChange, reason = "asked for by name" }))
        {
            var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.Conflict);
            Assert.Equal("Training required.", problem.GetProperty("title").GetString());
            Assert.Contains("'plan-change'", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        Assert.Equal(Domain.VisitStatus.Waiting, (await app.StoredVisitAsync(planChange)).Status);
        Assert.Equal(1L, await app.QueueLengthAsync("plan-change"));

        // A warn type is called and the audit entry notes it; the trained agent calls the blocked one.
        await ReceptionApp.PostOkAsync(wang, "/api/v1/counters/c01/call", new { visitId = newLine, reason = "asked for by name" });
        Assert.Equal("training-required",
            await app.ScalarAsync<string>($"SELECT after->>'warning' FROM audit_entries WHERE record_id = '{newLine}' AND action = 'visit.call'"));
        var called = await ReceptionApp.PostOkAsync(li, "/api/v1/counters/c04/call", new { visitId = planChange, reason = "asked for by name" });
        Assert.Equal("called", called.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Without_requirements_untrained_agents_are_called_as_before()
    {
        var events = new QualificationEvents();
        await using var app = new ReceptionApp(servers) { EventSource = events };
        using var admin = app.CreateClient();
        using var wang = app.CreateClientAs(Wang);
        // Qualifications without any requirement: nobody is restricted.
        events.Publish(Qualifications("usr_li", [("plan-change", null)], []), position: 1);
        await WaitForProcessedAsync(app, 1);

        var first = await IdOf(app.CheckInAsync(admin, "plan-change"));
        var second = await IdOf(app.CheckInAsync(admin, "new-line"));
        var one = await ReceptionApp.PostOkAsync(wang, "/api/v1/counters/c01/call-next");
        var two = await ReceptionApp.PostOkAsync(wang, "/api/v1/counters/c01/call-next");
        using var none = await ReceptionApp.PostAsync(wang, "/api/v1/counters/c01/call-next");

        Assert.Equal((first, second), (one.GetProperty("visitId").GetString(), two.GetProperty("visitId").GetString()));
        Assert.Equal((0, 0), (one.GetProperty("warnings").GetArrayLength(), two.GetProperty("warnings").GetArrayLength()));
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);
    }

    private static async Task<string> IdOf(Task<JsonElement> visit) => (await visit).GetProperty("visitId").GetString()!;

    private static object Qualifications(string staffId, (string Type, DateTimeOffset? Until)[] qualified, (string Type, string Mode)[] requirements) => new
    {
        staffId,
        hallIds = new[] { ReceptionApp.Hall },
        qualifiedServiceTypes = qualified.Select(q => new { serviceType = q.Type, validUntil = q.Until }).ToArray(),
        requirements = requirements.Select(r => new { serviceType = r.Type, mode = r.Mode }).ToArray(),
    };

    private static async Task WaitForProcessedAsync(ReceptionApp app, long count)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (await app.ScalarAsync<long>("SELECT count(*) FROM processed_events WHERE consumer = 'reception'") < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The subscription did not process {count} events.");
            await Task.Delay(20);
        }
        // Replays and stale events are processed without a processed_events row of their own: let them pass too.
        await Task.Delay(200);
    }

    private static Task<List<string>> QualifiedRowsAsync(ReceptionApp app) => RowsAsync(app, """
        SELECT staff_id || ' ' || service_type || ' ' || coalesce(extract(epoch FROM valid_until)::bigint::text, '-')
        FROM staff_qualified_service_types ORDER BY staff_id, service_type
        """);

    private static Task<List<string>> RequirementRowsAsync(ReceptionApp app) =>
        RowsAsync(app, "SELECT service_type || ' ' || mode FROM training_requirements ORDER BY service_type");

    private static async Task<List<string>> RowsAsync(ReceptionApp app, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }
        return rows;
    }

    /// <summary>Quality's qualification events as the test publishes them, each at the producer position it names.</summary>
    private sealed class QualificationEvents : IIntegrationEventSource
    {
        private readonly Channel<EventEnvelope> _events = Channel.CreateUnbounded<EventEnvelope>();

        /// <summary>Publishes a new event at <paramref name="position"/>; returns it, to deliver it again.</summary>
        public EventEnvelope Publish(object payload, long position)
        {
            var envelope = new EventEnvelope
            {
                EventId = Guid.NewGuid().ToString(),
                Type = IntegrationEventTypes.StaffQualificationsChanged,
                Producer = "test",
                SubjectId = JsonSerializer.SerializeToElement(payload).GetProperty("staffId").GetString(),
                PayloadJson = JsonSerializer.Serialize(payload, ReceptionApp.Json),
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                Position = position,
                HeadPosition = position,
            };
            Publish(envelope);
            return envelope;
        }

        public void Publish(EventEnvelope envelope) => _events.Writer.TryWrite(envelope.Clone());

        public async IAsyncEnumerable<EventEnvelope> SubscribeAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var envelope in _events.Reader.ReadAllAsync(cancellationToken))
            {
                yield return envelope;
            }
        }
    }
}
