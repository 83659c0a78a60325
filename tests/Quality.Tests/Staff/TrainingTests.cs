using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Quality.Data;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests.Staff;

/// <summary>Training, overdue rules and qualifications on a fake clock (the service's TimeProvider).</summary>
[Collection(ServersCollection.Name)]
public sealed class TrainingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);

    private readonly QualityApp _app;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly FakeTimeProvider _time = new(T0);
    private readonly HttpClient _admin;

    public TrainingTests(RealServersFixture servers)
    {
        _app = new QualityApp(servers);
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_time)));
        _admin = _factory.CreateClientAs(TestCallers.Administrator);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _factory.DisposeAsync();
        await _app.DisposeAsync();
    }

    private async Task ExpectAsync(HttpStatusCode expected, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private Task CourseAsync(string code, bool mandatory, int? renewalMonths, int passMark) => ExpectAsync(HttpStatusCode.Created,
        _admin.PutAsJsonAsync($"/api/v1/training-courses/{code}", new { title = code + " course", topic = code == "privacy" ? "privacy" : "business-knowledge", mandatory, renewalMonths, passMark }));

    private Task StaffAsync(string staffId, string hallId) => ExpectAsync(HttpStatusCode.Created,
        _admin.PutAsJsonAsync($"/api/v1/staff/{staffId}", new { displayName = "Name of " + staffId, hallIds = new[] { hallId }, roles = new[] { "counter-agent" } }));

    private async Task<string> SessionAsync(string course, DateTimeOffset heldAt, params string[] attendees)
    {
        using var response = await _admin.PostAsJsonAsync("/api/v1/training-sessions",
            new { courseCode = course, hallId = "hall-001", heldAt, trainer = "Trainer Sun", hours = 2.5, attendeeStaffIds = attendees });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadJsonAsync()).GetProperty("sessionId").GetString()!;
    }

    private async Task AssessAsync(string sessionId, string staffId, int score, bool passed)
    {
        using var response = await _admin.PostAsJsonAsync($"/api/v1/training-sessions/{sessionId}/assessments", new { staffId, score });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        Assert.Equal(passed, (await response.ReadJsonAsync()).GetProperty("passed").GetBoolean());
    }

    private async Task<List<(string StaffId, string Course, DateTimeOffset? ExpiredAt)>> OverdueAsync()
    {
        var body = await _admin.GetFromJsonAsync<JsonElement>("/api/v1/training-overdue?hallId=hall-001");
        return [.. body.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("staffId").GetString()!, i.GetProperty("courseCode").GetString()!,
            i.GetProperty("expiredAt").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : i.GetProperty("expiredAt").GetDateTimeOffset()))];
    }

    [Fact]
    public async Task Mandatory_training_is_overdue_until_passed_and_again_once_the_renewal_interval_has_run_out()
    {
        await CourseAsync("privacy", mandatory: true, renewalMonths: 12, passMark: 60);
        await CourseAsync("billing", mandatory: false, renewalMonths: null, passMark: 50);
        await StaffAsync("usr_a", "hall-001");
        await StaffAsync("usr_b", "hall-001");
        await StaffAsync("usr_c", "hall-002");

        Assert.Equal([("usr_a", "privacy", (DateTimeOffset?)null), ("usr_b", "privacy", null)], await OverdueAsync());

        var session = await SessionAsync("privacy", T0.AddDays(-1), "usr_a", "usr_b");
        await AssessAsync(session, "usr_a", 80, passed: true);
        await AssessAsync(session, "usr_b", 59, passed: false);
        Assert.Equal([("usr_b", "privacy", (DateTimeOffset?)null)], await OverdueAsync());

        // Valid for 12 months from the session: still current the day before it lapses, overdue from then on.
        _time.SetUtcNow(T0.AddDays(-1).AddMonths(12).AddMinutes(-1));
        Assert.Equal([("usr_b", "privacy", (DateTimeOffset?)null)], await OverdueAsync());
        _time.SetUtcNow(T0.AddDays(-1).AddMonths(12));
        Assert.Equal([("usr_a", "privacy", (DateTimeOffset?)T0.AddDays(-1).AddMonths(12)), ("usr_b", "privacy", null)], await OverdueAsync());

        using var own = _factory.CreateClientAs(TestCallers.Staff("usr_a", HallRoles.CounterAgent, "hall-001"));
        var record = await own.GetFromJsonAsync<JsonElement>("/api/v1/staff/usr_a/training");
        var privacy = record.GetProperty("courses").EnumerateArray().Single(c => c.GetProperty("courseCode").GetString() == "privacy");
        Assert.False(privacy.GetProperty("current").GetBoolean());
        Assert.Equal(T0.AddDays(-1), privacy.GetProperty("lastPassedAt").GetDateTimeOffset());
        using var colleague = _factory.CreateClientAs(TestCallers.Staff("usr_b", HallRoles.CounterAgent, "hall-001"));
        await ProblemAssert.IsProblemAsync(await colleague.GetAsync("/api/v1/staff/usr_a/training"), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await colleague.GetAsync("/api/v1/training-overdue"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Qualifications_follow_passes_and_requirements_and_each_change_is_published()
    {
        await CourseAsync("billing", mandatory: false, renewalMonths: null, passMark: 50);
        await CourseAsync("privacy", mandatory: true, renewalMonths: 12, passMark: 60);
        await StaffAsync("usr_a", "hall-001");
        await ExpectAsync(HttpStatusCode.Created, _admin.PutAsJsonAsync("/api/v1/service-type-requirements/broadband", new { courseCodes = new[] { "privacy", "billing" }, mode = "block" }));
        await ExpectAsync(HttpStatusCode.Created, _admin.PutAsJsonAsync("/api/v1/service-type-requirements/billing", new { courseCodes = new[] { "billing" }, mode = "warn" }));

        await AssessAsync(await SessionAsync("billing", T0.AddDays(-3), "usr_a"), "usr_a", 50, passed: true);
        var afterBilling = await QualifiedAsync();
        await AssessAsync(await SessionAsync("privacy", T0.AddDays(-2), "usr_a"), "usr_a", 90, passed: true);
        var afterPrivacy = await QualifiedAsync();

        Assert.Equal([("billing", (DateTimeOffset?)null)], afterBilling);
        Assert.Equal([("billing", (DateTimeOffset?)null), ("broadband", T0.AddDays(-2).AddMonths(12))], afterPrivacy);

        var events = await WithDbAsync(db => db.Set<OutboxEvent>().AsNoTracking()
            .Where(e => e.Type == IntegrationEventTypes.StaffQualificationsChanged).OrderBy(e => e.Position).ToListAsync());
        // Registered, two requirements set, two passes: five events about usr_a; the last names both service types.
        Assert.Equal(5, events.Count);
        Assert.All(events, e => Assert.Equal(("usr_a", (string?)null), (e.SubjectId, e.HallId)));
        var last = JsonDocument.Parse(events[^1].Payload).RootElement;
        Assert.Equal(["hall-001"], last.GetProperty("hallIds").EnumerateArray().Select(h => h.GetString()));
        Assert.Equal(["billing", "broadband"], last.GetProperty("qualifiedServiceTypes").EnumerateArray().Select(q => q.GetProperty("serviceType").GetString()));
        Assert.Equal([("billing", "warn"), ("broadband", "block")],
            last.GetProperty("requirements").EnumerateArray().Select(r => (r.GetProperty("serviceType").GetString(), r.GetProperty("mode").GetString())));
        var first = JsonDocument.Parse(events[0].Payload).RootElement;
        Assert.Equal(0, first.GetProperty("qualifiedServiceTypes").GetArrayLength());

        // Once privacy lapses, broadband is no longer served; billing (no renewal) still is.
        _time.SetUtcNow(T0.AddDays(-2).AddMonths(12));
        Assert.Equal([("billing", (DateTimeOffset?)null)], await QualifiedAsync());
    }

    [Fact]
    public async Task Bad_input_is_400_naming_each_field_and_other_halls_are_out_of_reach()
    {
        using var empty = await _admin.PutAsJsonAsync("/api/v1/training-courses/Bad Code", new { renewalMonths = 0 });
        await ProblemAssert.IsValidationProblemAsync(empty, "courseCode", "title", "topic", "mandatory", "renewalMonths", "passMark");
        await CourseAsync("billing", mandatory: false, renewalMonths: null, passMark: 50);
        await StaffAsync("usr_a", "hall-001");
        using var session = await _admin.PostAsJsonAsync("/api/v1/training-sessions",
            new { courseCode = "billing", hallId = "hall-001", heldAt = T0.AddDays(3), trainer = "", hours = 30, attendeeStaffIds = new[] { "nobody" } });
        await ProblemAssert.IsValidationProblemAsync(session, "heldAt", "trainer", "hours", "attendeeStaffIds");
        using var stranger = await _admin.PostAsJsonAsync("/api/v1/training-sessions",
            new { courseCode = "billing", hallId = "hall-001", heldAt = T0, trainer = "Sun", hours = 1, attendeeStaffIds = new[] { "usr_zzz" } });
        await ProblemAssert.IsValidationProblemAsync(stranger, "attendeeStaffIds");
        using var requirement = await _admin.PutAsJsonAsync("/api/v1/service-type-requirements/broadband", new { courseCodes = new[] { "unknown" }, mode = "maybe" });
        await ProblemAssert.IsValidationProblemAsync(requirement, "mode");
        using var unknownCourse = await _admin.PutAsJsonAsync("/api/v1/service-type-requirements/broadband", new { courseCodes = new[] { "unknown" }, mode = "warn" });
        await ProblemAssert.IsValidationProblemAsync(unknownCourse, "courseCodes");

        var id = await SessionAsync("billing", T0, "usr_a");
        using var badScore = await _admin.PostAsJsonAsync($"/api/v1/training-sessions/{id}/assessments", new { staffId = "usr_a", score = 101 });
        await ProblemAssert.IsValidationProblemAsync(badScore, "score");
        await AssessAsync(id, "usr_a", 70, passed: true);
        await ProblemAssert.IsProblemAsync(await _admin.PostAsJsonAsync($"/api/v1/training-sessions/{id}/assessments", new { staffId = "usr_a", score = 10 }), HttpStatusCode.Conflict);

        using var otherHall = _factory.CreateClientAs(TestCallers.Staff("usr_boss2", HallRoles.Supervisor, "hall-002"));
        await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"/api/v1/training-sessions/{id}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await otherHall.GetAsync("/api/v1/staff/usr_a/qualifications"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await otherHall.PostAsJsonAsync("/api/v1/training-sessions",
            new { courseCode = "billing", hallId = "hall-001", heldAt = T0, trainer = "Sun", hours = 1, attendeeStaffIds = new[] { "usr_a" } }), HttpStatusCode.Forbidden);
    }

    private async Task<List<(string ServiceType, DateTimeOffset? ValidUntil)>> QualifiedAsync()
    {
        using var service = _factory.CreateClientAs(new HallCaller(CallerKind.Service, "reception", [], [], [], "127.0.0.1"));
        var body = await service.GetFromJsonAsync<JsonElement>("/api/v1/staff/usr_a/qualifications");
        return [.. body.GetProperty("qualifiedServiceTypes").EnumerateArray().Select(q => (q.GetProperty("serviceType").GetString()!,
            q.GetProperty("validUntil").ValueKind == JsonValueKind.Null ? (DateTimeOffset?)null : q.GetProperty("validUntil").GetDateTimeOffset()))];
    }

    private async Task<T> WithDbAsync<T>(Func<QualityDbContext, Task<T>> query)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<QualityDbContext>());
    }
}
