using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Audit;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>Deterministic sampling of follow-ups (no database).</summary>
public sealed class FollowUpSamplingTests
{
    // SHA-256 of the id, first four bytes big-endian, mod 100 (worked out independently of the code).
    [Theory]
    [InlineData("vis_1", 51)]
    [InlineData("vis_2", 22)]
    [InlineData("vis_a", 3)]
    [InlineData("cmp_1", 50)]
    [InlineData("tt_1", 67)]
    public void The_bucket_is_the_hash_of_the_case_id_mod_100(string caseId, int bucket)
    {
        Assert.Equal(bucket, FollowUpSampling.Bucket(caseId));
        Assert.False(FollowUpSampling.IsSampled(caseId, bucket));
        Assert.True(FollowUpSampling.IsSampled(caseId, bucket + 1));
    }

    [Fact]
    public void Rate_0_samples_nothing_and_100_everything()
    {
        Assert.False(FollowUpSampling.IsSampled("vis_a", 0));
        Assert.True(FollowUpSampling.IsSampled("tt_1", 100));
    }
}

/// <summary>Follow-ups planned from events, then made workable with the owner's contact, on a real PostgreSQL.</summary>
[Collection(ServersCollection.Name)]
public sealed class FollowUpPlanningTests(RealServersFixture servers)
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Quality:FollowUps:Dispatch"] = "false",
        ["Quality:FollowUps:ThrottleDays"] = "30",
        ["Quality:FollowUps:FirstRetrySeconds"] = "5",
        ["Quality:FollowUps:MaxRetrySeconds"] = "60",
        ["Quality:FollowUps:Kinds:visit:DelayHours"] = "24",
        ["Quality:FollowUps:Kinds:visit:SamplePercent"] = "40",
        ["Quality:FollowUps:Kinds:order:DelayHours"] = "2",
        ["Quality:FollowUps:Kinds:order:SamplePercent"] = "100",
        ["Quality:FollowUps:Kinds:complaint:DelayHours"] = "0",
        ["Quality:FollowUps:Kinds:complaint:SamplePercent"] = "100",
    };

    [Fact]
    public async Task Cases_are_sampled_deterministically_and_planned_once_after_their_kinds_delay()
    {
        // Buckets: vis_1 51 (not sampled at 40), vis_2 22 and vis_a 3 (sampled). Every event is delivered twice.
        EventEnvelope[] events =
        [
            Visit(1, "vis_1", "c01"),
            Visit(2, "vis_2", "c02"),
            Visit(3, "vis_a", "c03"),
            Envelope(4, IntegrationEventTypes.OrderStateChanged, "ord_7",
                """{"orderId":"ord_7","visitId":"vis_7","from":"inProgress","to":"completed","serviceType":"billing","changedBy":"usr_li"}"""),
        ];
        var clock = new FakeTimeProvider(At.AddMinutes(10));
        await using var app = new QualityApp(servers) { EventSource = new TwiceDeliveredEvents(events), Clock = clock, Settings = Settings };
        _ = app.Server;
        await TwiceDeliveredEvents.WaitForPositionAsync(app, 4);

        var planned = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().OrderBy(f => f.CaseId).ToListAsync());
        Assert.Equal(
            [
                (CaseType.Order, "ord_7", "vis_7", (string?)"usr_li", At.AddMinutes(4).AddHours(2), FollowUpStatus.Planned),
                (CaseType.Visit, "vis_2", "vis_2", "c02", At.AddMinutes(2).AddHours(24), FollowUpStatus.Planned),
                (CaseType.Visit, "vis_a", "vis_a", "c03", At.AddMinutes(3).AddHours(24), FollowUpStatus.Planned),
            ],
            planned.Select(f => (f.CaseKind, f.CaseId, f.ContactCaseId, f.ServedBy, f.DueAt, f.Status)));
        Assert.All(planned, f => Assert.Equal(At.AddMinutes(10), f.PlannedAt));
        Assert.Equal(3, await app.WithDbAsync(db => db.Set<AuditEntry>().CountAsync(e => e.Action == FollowUpAudit.PlannedAction)));
    }

    [Fact]
    public async Task When_due_the_contact_is_fetched_and_do_not_contact_and_the_customer_throttle_are_respected()
    {
        var contacts = new FakeContacts
        {
            ["cmp_1"] = new("Zhang Wei", "13812345678", DoNotContact: false),
            ["cmp_2"] = new("Zhang Wei", "138 1234-5678", DoNotContact: false), // the same customer, typed differently
            ["cmp_3"] = new("Li Na", "13900000000", DoNotContact: true),
            ["cmp_4"] = new("Wang Fang", null, DoNotContact: false),
            ["cmp_6"] = new("Zhang Wei", "13812345678", DoNotContact: false),
        };
        EventEnvelope[] events =
        [
            Complaint(1, "cmp_1"), Complaint(2, "cmp_2"), Complaint(3, "cmp_3"), Complaint(4, "cmp_4"), Complaint(5, "cmp_5"),
        ];
        var clock = new FakeTimeProvider(At.AddHours(1));
        var source = new LiveSource();
        await using var app = new QualityApp(servers) { EventSource = source, Clock = clock, Settings = Settings, Contacts = contacts };
        _ = app.Server;
        foreach (var envelope in events)
        {
            source.Add(envelope);
        }
        await TwiceDeliveredEvents.WaitForPositionAsync(app, 5);

        Assert.Equal(5, await RunDueAsync(app));

        var byCase = await StatesAsync(app);
        Assert.Equal((FollowUpStatus.Ready, (FollowUpSkipReason?)null), byCase["cmp_1"]);
        Assert.Equal((FollowUpStatus.Skipped, (FollowUpSkipReason?)FollowUpSkipReason.Throttled), byCase["cmp_2"]);
        Assert.Equal((FollowUpStatus.Skipped, (FollowUpSkipReason?)FollowUpSkipReason.DoNotContact), byCase["cmp_3"]);
        Assert.Equal((FollowUpStatus.Skipped, (FollowUpSkipReason?)FollowUpSkipReason.NoContact), byCase["cmp_4"]);
        Assert.Equal((FollowUpStatus.Skipped, (FollowUpSkipReason?)FollowUpSkipReason.CaseUnknown), byCase["cmp_5"]);
        var ready = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.CaseId == "cmp_1"));
        Assert.Equal("13812345678", ready.CustomerPhone);
        Assert.Equal("Zhang Wei", ready.CustomerName);
        Assert.Equal(At.AddHours(1), ready.ContactedAt);
        // Encrypted at rest, the blind index beside it.
        await using (var connection = new NpgsqlConnection(app.DatabaseConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT customer_phone || customer_name FROM follow_ups WHERE case_id = 'cmp_1'", connection);
            var raw = (string)(await command.ExecuteScalarAsync())!;
            Assert.DoesNotContain("13812345678", raw, StringComparison.Ordinal);
            Assert.DoesNotContain("Zhang", raw, StringComparison.Ordinal);
        }

        // 30 days and a minute later the same customer may be followed up again.
        clock.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        source.Add(Complaint(6, "cmp_6"));
        await TwiceDeliveredEvents.WaitForPositionAsync(app, 6);
        Assert.Equal(1, await RunDueAsync(app));
        Assert.Equal((FollowUpStatus.Ready, (FollowUpSkipReason?)null), (await StatesAsync(app))["cmp_6"]);
    }

    [Fact]
    public async Task An_owner_that_is_down_is_retried_with_backoff_until_it_answers()
    {
        var contacts = new FakeContacts { ["cmp_1"] = new("Zhang Wei", "13812345678", DoNotContact: false) };
        contacts.FailNext = 2;
        var clock = new FakeTimeProvider(At.AddHours(1));
        await using var app = new QualityApp(servers)
        {
            EventSource = new TwiceDeliveredEvents([Complaint(1, "cmp_1")]), Clock = clock, Settings = Settings, Contacts = contacts,
        };
        _ = app.Server;
        await TwiceDeliveredEvents.WaitForPositionAsync(app, 1);

        Assert.Equal(1, await RunDueAsync(app));
        var first = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync());
        Assert.Equal((FollowUpStatus.Planned, 1, "Unavailable", At.AddHours(1).AddSeconds(5)),
            (first.Status, first.ContactAttempts, first.LastError, first.NextAttemptAt));

        clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(0, await RunDueAsync(app));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await RunDueAsync(app));
        var second = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync());
        // Second failure: the wait doubles to 10 s.
        Assert.Equal((2, At.AddHours(1).AddSeconds(15)), (second.ContactAttempts, second.NextAttemptAt));

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await RunDueAsync(app));
        var ready = await app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync());
        Assert.Equal((FollowUpStatus.Ready, (string?)null), (ready.Status, ready.LastError));
        Assert.Equal(3, contacts.Calls);
    }

    [Fact]
    public async Task A_tickets_closure_score_reaches_quality_and_its_summary()
    {
        var clock = new FakeTimeProvider(At.AddHours(1));
        await using var app = new QualityApp(servers)
        {
            EventSource = new TwiceDeliveredEvents([Ticket(1, "tt_9", "resolved", null), Ticket(2, "tt_9", "closed", 4), Ticket(3, "tt_8", "closed", null)]),
            Clock = clock, Settings = Settings, Contacts = new FakeContacts(),
        };
        _ = app.Server;
        await TwiceDeliveredEvents.WaitForPositionAsync(app, 3);

        var scores = await app.WithDbAsync(db => db.FollowUpCases.AsNoTracking().OrderBy(c => c.CaseId).Select(c => new { c.CaseId, c.ClosureScore }).ToListAsync());
        Assert.Equal([("tt_8", (int?)null), ("tt_9", 4)], scores.Select(c => (c.CaseId, c.ClosureScore)));
        using var client = app.CreateClientAs(HallPlatform.Testing.TestCallers.Staff("usr_qa", HallPlatform.Identity.HallRoles.QualityAnalyst, "hall-001"));
        var from = Uri.EscapeDataString(At.AddDays(-1).ToString("O"));
        var to = Uri.EscapeDataString(At.AddDays(1).ToString("O"));
        var summary = await (await client.GetAsync($"/api/v1/satisfaction-summary?hallId=hall-001&from={from}&to={to}")).ReadJsonAsync();
        Assert.Equal((1, 1, 4.0), (summary.GetProperty("closureScores").GetInt32(), summary.GetProperty("closureSatisfied").GetInt32(),
            summary.GetProperty("closureAverageScore").GetDouble()));
    }

    [Fact]
    public async Task A_follow_up_is_not_due_before_its_time()
    {
        var contacts = new FakeContacts { ["vis_2"] = new("Zhang Wei", "13812345678", DoNotContact: false) };
        var clock = new FakeTimeProvider(At.AddMinutes(5));
        await using var app = new QualityApp(servers)
        {
            EventSource = new TwiceDeliveredEvents([Visit(2, "vis_2", "c02")]), Clock = clock, Settings = Settings, Contacts = contacts,
        };
        _ = app.Server;
        await TwiceDeliveredEvents.WaitForPositionAsync(app, 2);

        clock.Advance(TimeSpan.FromHours(24) - TimeSpan.FromMinutes(4)); // one minute before completion + 24 h
        Assert.Equal(0, await RunDueAsync(app));
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunDueAsync(app));
        Assert.Equal(1, contacts.Calls);
    }

    private static Task<int> RunDueAsync(QualityApp app) =>
        app.WithScopedAsync<FollowUpContacts, int>(contacts => contacts.RunDueAsync(CancellationToken.None));

    private static Task<Dictionary<string, (FollowUpStatus, FollowUpSkipReason?)>> StatesAsync(QualityApp app) =>
        app.WithDbAsync(db => db.FollowUps.AsNoTracking().ToDictionaryAsync(f => f.CaseId, f => (f.Status, f.SkipReason)));

    private static EventEnvelope Visit(long position, string visitId, string counterId) => Envelope(position, IntegrationEventTypes.VisitCompleted, visitId,
        $$"""{"visitId":"{{visitId}}","serviceType":"billing","counterId":"{{counterId}}","endState":"completed"}""");

    private static EventEnvelope Ticket(long position, string ticketId, string to, int? score) => Envelope(position, IntegrationEventTypes.TroubleTicketStatusChanged, ticketId,
        $$"""{"ticketId":"{{ticketId}}","from":"inProgress","to":"{{to}}","channel":"hall","severity":"minor","changedBy":"usr_t","satisfactionScore":{{(score is { } s ? s.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null")}},"autoClosed":{{(to == "closed" && score is null ? "true" : "null")}}}""");

    private static EventEnvelope Complaint(long position, string complaintId) => Envelope(position, IntegrationEventTypes.ComplaintStatusChanged, complaintId,
        $$"""{"complaintId":"{{complaintId}}","from":"investigating","to":"responded","category":"billing"}""");

    private static EventEnvelope Envelope(long position, string type, string subject, string payload) => new()
    {
        Position = position,
        EventId = Guid.NewGuid().ToString(),
        Type = type,
        Producer = "test",
        SubjectId = subject,
        HallId = "hall-001",
        JourneyId = "",
        PayloadJson = payload,
        OccurredAt = Timestamp.FromDateTimeOffset(At.AddMinutes(position)),
        HeadPosition = position,
    };

    private sealed class FakeContacts : Dictionary<string, CaseContactInfo>, ICaseContactSource
    {
        private int _calls;

        public int FailNext { get; set; }

        public int Calls => _calls;

        public Task<CaseContactInfo?> GetAsync(CaseType kind, string contactCaseId, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (FailNext > 0)
            {
                FailNext--;
                throw new RpcException(new Status(StatusCode.Unavailable, "owner down"));
            }
            return Task.FromResult(TryGetValue(contactCaseId, out var contact) ? contact : null);
        }
    }

    /// <summary>Events added while the test runs.</summary>
    private sealed class LiveSource : IIntegrationEventSource
    {
        private readonly System.Threading.Channels.Channel<EventEnvelope> _events = System.Threading.Channels.Channel.CreateUnbounded<EventEnvelope>();

        public void Add(EventEnvelope envelope) => _events.Writer.TryWrite(envelope);

        public async IAsyncEnumerable<EventEnvelope> SubscribeAsync(long afterPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var envelope in _events.Reader.ReadAllAsync(cancellationToken))
            {
                if (envelope.Position > afterPosition)
                {
                    yield return envelope;
                }
            }
        }
    }
}
