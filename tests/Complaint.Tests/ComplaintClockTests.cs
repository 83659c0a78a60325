using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Audit;
using HallPlatform.Complaint.Application;
using HallPlatform.Messaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static HallPlatform.Complaint.Tests.ComplaintSteps;

namespace HallPlatform.Complaint.Tests;

/// <summary>
/// The clocks on a fake TimeProvider: category targets, the warning before a breach, escalation to a supervisor on
/// a breach, the overdue view, the per-hall gauges' snapshot and closing an unanswered response as unconfirmed.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ComplaintClockTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 5, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(T0);
    private readonly ComplaintApp _app;
    private readonly HttpClient _client;

    public ComplaintClockTests(RealServersFixture servers)
    {
        // The background sweeper is off: the test runs each sweep itself, at the times it chooses.
        _app = new ComplaintApp(servers) { Time = _clock, Settings = new Dictionary<string, string> { ["Complaint:SweepEnabled"] = "false" } };
        _client = _app.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private Task<ClockSweepResult> SweepAsync() => _app.WithScopedAsync<ComplaintClockSweep, ClockSweepResult>(sweep => sweep.SweepAsync(CancellationToken.None));

    private async Task<string> RegisterAsync(string category)
    {
        using var response = await _client.PostAsJsonAsync(Complaints, new
        {
            channel = "phone", subject = "s", description = "d", remedySought = "r", category, hallId = "hall-001", customerPhone = "13812345678",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
    }

    private async Task<JsonElement> ReadAsync(string id)
    {
        using var response = await _client.GetAsync($"{Complaints}/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }

    [Fact]
    public async Task Category_targets_set_the_due_times_and_the_15_day_rule_caps_the_first_response()
    {
        var billing = await ReadAsync(await RegisterAsync("billing"));
        var other = await ReadAsync(await RegisterAsync("other"));

        // billing: 48 h / 10 days (shipped settings); other: the default 72 h / 15 days.
        Assert.Equal(T0.AddHours(48), billing.GetProperty("clocks").GetProperty("firstResponseDueAt").GetDateTimeOffset());
        Assert.Equal(T0.AddDays(10), billing.GetProperty("clocks").GetProperty("resolutionDueAt").GetDateTimeOffset());
        Assert.Equal(T0.AddDays(15), billing.GetProperty("clocks").GetProperty("responseDueAt").GetDateTimeOffset());
        Assert.Equal(T0.AddHours(72), other.GetProperty("clocks").GetProperty("firstResponseDueAt").GetDateTimeOffset());
        Assert.Equal(T0.AddDays(15), other.GetProperty("clocks").GetProperty("resolutionDueAt").GetDateTimeOffset());

        // Assessing as network moves the targets to network's 24 h / 7 days.
        var assessed = await AssessAsync(_client, other.GetProperty("complaintId").GetString()!, category: "network");
        Assert.Equal(T0.AddHours(24), assessed.GetProperty("clocks").GetProperty("firstResponseDueAt").GetDateTimeOffset());
        Assert.Equal(T0.AddDays(7), assessed.GetProperty("clocks").GetProperty("resolutionDueAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Status_events_carry_the_channel_and_the_complaint_times_for_quality()
    {
        var id = await RegisterAsync("billing");
        _clock.SetUtcNow(T0.AddDays(1));
        await ToRespondedAsync(_client, id);
        _clock.SetUtcNow(T0.AddDays(2));
        await ConfirmAsync(_client, id, satisfied: false, whenNotSatisfied: "reopen");
        _clock.SetUtcNow(T0.AddDays(3));
        await RespondAsync(_client, id);
        _clock.SetUtcNow(T0.AddDays(4));
        await ConfirmAsync(_client, id, satisfied: true);

        var payloads = await _app.WithDbAsync(db => db.Set<OutboxEvent>().AsNoTracking()
            .Where(e => e.SubjectId == id).OrderBy(e => e.Position).Select(e => e.Payload).ToListAsync());
        var events = payloads.Select(p => JsonDocument.Parse(p).RootElement).ToList();
        DateTimeOffset? firstResponse = T0.AddDays(1);
        // No event on receipt: the first one is the assessment (received -> acknowledged happens inside registration).
        Assert.Equal(
            [
                ("assessed", null, null, null),
                ("assigned", null, null, null),
                ("investigating", null, null, null),
                ("responded", firstResponse, firstResponse, null),
                ("reopened", firstResponse, firstResponse, null),
                ("responded", firstResponse, T0.AddDays(3), null),
                ("closed", firstResponse, T0.AddDays(3), T0.AddDays(4)),
            ],
            events.Select(e => (e.GetProperty("to").GetString(), OptionalTime(e.GetProperty("firstResponseAt")),
                OptionalTime(e.GetProperty("respondedAt")), OptionalTime(e.GetProperty("closedAt")))));
        Assert.All(events, e => Assert.Equal(("phone", T0, T0.AddDays(15)), (e.GetProperty("channel").GetString(),
            e.GetProperty("receivedAt").GetDateTimeOffset(), e.GetProperty("responseDueAt").GetDateTimeOffset())));
        Assert.Equal("2026-05-16T00:00:00+00:00", events[0].GetProperty("responseDueAt").GetString());
    }

    private static DateTimeOffset? OptionalTime(JsonElement value) => value.ValueKind == JsonValueKind.Null ? null : value.GetDateTimeOffset();

    [Fact]
    public async Task A_warning_comes_before_the_breach_and_the_breach_escalates_to_a_supervisor()
    {
        var id = await RegisterAsync("billing");

        _clock.SetUtcNow(T0.AddHours(23));
        Assert.Equal(new ClockSweepResult(0, 0, 0), await SweepAsync());
        await AssertOverdueAsync();

        _clock.SetUtcNow(T0.AddHours(25));
        Assert.Equal(new ClockSweepResult(1, 0, 0), await SweepAsync());
        Assert.Equal(new ClockSweepResult(0, 0, 0), await SweepAsync());
        var warned = await ReadAsync(id);
        Assert.Equal(T0.AddHours(25), warned.GetProperty("clocks").GetProperty("firstResponseWarnedAt").GetDateTimeOffset());
        Assert.Equal("acknowledged", warned.GetProperty("status").GetString());
        await AssertOverdueAsync((id, "first-response", T0.AddHours(48), false));

        _clock.SetUtcNow(T0.AddHours(49));
        Assert.Equal(new ClockSweepResult(0, 1, 0), await SweepAsync());
        Assert.Equal(new ClockSweepResult(0, 0, 0), await SweepAsync());
        var escalated = await ReadAsync(id);
        Assert.Equal("escalated", escalated.GetProperty("status").GetString());
        Assert.Equal(T0.AddHours(49), escalated.GetProperty("clocks").GetProperty("firstResponseBreachedAt").GetDateTimeOffset());
        var last = escalated.GetProperty("statusChangeHistory").EnumerateArray().Last();
        Assert.Equal(("acknowledged", "escalated", ComplaintClockSweep.SweepCallerId),
            (last.GetProperty("from").GetString(), last.GetProperty("to").GetString(), last.GetProperty("by").GetString()));
        await AssertOverdueAsync((id, "first-response", T0.AddHours(48), true));

        // The customer is told (with the regulator's appeal information); the event names the sweep.
        using var messages = await _client.GetAsync($"{Complaints}/{id}/communications");
        var escalation = (await messages.ReadJsonAsync()).GetProperty("communications").EnumerateArray().Last();
        Assert.Equal("complaint.escalated", escalation.GetProperty("templateCode").GetString());
        Assert.Contains("12300", escalation.GetProperty("body").GetString()!, StringComparison.Ordinal);
        var payload = await _app.WithDbAsync(db => db.Set<OutboxEvent>().AsNoTracking()
            .Where(e => e.SubjectId == id).OrderByDescending(e => e.Position).Select(e => e.Payload).FirstAsync());
        using (var json = JsonDocument.Parse(payload))
        {
            Assert.Equal("escalated", json.RootElement.GetProperty("to").GetString());
            Assert.Equal(ComplaintClockSweep.SweepCallerId, json.RootElement.GetProperty("changedBy").GetString());
        }
        var actions = await _app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.RecordId == id).OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal([ComplaintAudit.RegisteredAction, ComplaintAudit.ClockWarningAction, ComplaintAudit.ClockBreachAction],
            actions.Where(a => a != ComplaintAudit.PersonalDataReadAction));

        // The gauges' snapshot: one open complaint in hall-001, overdue and escalated.
        var counts = Assert.Single(_app.Services.GetRequiredService<ComplaintMetrics>().Counts);
        Assert.Equal(new HallComplaintCounts("hall-001", 1, 1, 1), counts);
    }

    [Fact]
    public async Task A_response_the_customer_does_not_answer_closes_as_unconfirmed_after_the_period()
    {
        var id = await RegisterAsync("network");
        await ToRespondedAsync(_client, id);
        var responded = await ReadAsync(id);
        Assert.Equal(T0.AddDays(7), responded.GetProperty("clocks").GetProperty("confirmationDueAt").GetDateTimeOffset());

        _clock.SetUtcNow(T0.AddDays(7).AddSeconds(-1));
        Assert.Equal(new ClockSweepResult(0, 0, 0), await SweepAsync());
        _clock.SetUtcNow(T0.AddDays(7));
        Assert.Equal(new ClockSweepResult(0, 0, 1), await SweepAsync());

        var closed = await ReadAsync(id);
        Assert.Equal("closed", closed.GetProperty("status").GetString());
        Assert.Equal("unconfirmed", closed.GetProperty("outcome").GetString());
        Assert.Equal(T0.AddDays(7), closed.GetProperty("clocks").GetProperty("closedAt").GetDateTimeOffset());
        var payload = await _app.WithDbAsync(db => db.Set<OutboxEvent>().AsNoTracking()
            .Where(e => e.SubjectId == id).OrderByDescending(e => e.Position).Select(e => e.Payload).FirstAsync());
        using var json = JsonDocument.Parse(payload);
        Assert.False(json.RootElement.GetProperty("satisfied").GetBoolean());
        Assert.True(json.RootElement.GetProperty("upheld").GetBoolean());
        Assert.Equal("unconfirmed", json.RootElement.GetProperty("outcome").GetString());
    }

    private async Task AssertOverdueAsync(params (string Id, string Clock, DateTimeOffset DueAt, bool Breached)[] expected)
    {
        using var response = await _client.GetAsync($"{Complaints}/overdue");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.ReadJsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => (i.GetProperty("complaintId").GetString()!, i.GetProperty("clock").GetString()!, i.GetProperty("dueAt").GetDateTimeOffset(),
                i.GetProperty("breached").GetBoolean()))
            .ToArray();
        Assert.Equal(expected, items);
    }
}
