using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Quality.Staff.Application;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests.Staff;

[Collection(ServersCollection.Name)]
public sealed class StaffRegisterTests : IAsyncLifetime
{
    private const string Staff = "/api/v1/staff";

    private static readonly HallCaller SupervisorOfHall1 = TestCallers.Staff("usr_li", HallRoles.Supervisor, "hall-001");

    private readonly QualityApp _app;

    public StaffRegisterTests(RealServersFixture servers) => _app = new QualityApp(servers);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static object Entry(string name, string[] halls, string[]? roles = null, string[]? skills = null) =>
        new { displayName = name, hallIds = halls, roles = roles ?? [HallRoles.CounterAgent], skills = skills ?? [] };

    private async Task PutAsync(string staffId, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var admin = _app.CreateClientAs(TestCallers.Administrator);
        using var response = await admin.PutAsJsonAsync($"{Staff}/{staffId}", body);
        Assert.True(expected == response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_supervisor_registers_a_staff_member_who_then_resolves_to_the_name_and_a_change_is_200()
    {
        using var supervisor = _app.CreateClientAs(SupervisorOfHall1);

        using var created = await supervisor.PutAsJsonAsync($"{Staff}/usr_wang", Entry(" Wang Fang ", ["hall-001"], [HallRoles.CounterAgent, HallRoles.Receptionist], ["billing", "broadband"]));
        using var same = await supervisor.PutAsJsonAsync($"{Staff}/usr_wang", Entry("Wang Fang", ["hall-001"], [HallRoles.Receptionist, HallRoles.CounterAgent], ["broadband", "billing"]));
        using var renamed = await supervisor.PutAsJsonAsync($"{Staff}/usr_wang", Entry("Wang Fang (senior)", ["hall-001"], [HallRoles.CounterAgent]));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"{Staff}/usr_wang", created.Headers.Location?.OriginalString);
        var body = await created.ReadJsonAsync();
        Assert.Equal("Wang Fang", body.GetProperty("displayName").GetString());
        Assert.Equal(["counter-agent", "receptionist"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(HttpStatusCode.OK, same.StatusCode);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);

        using var colleague = _app.CreateClientAs(TestCallers.Staff("usr_zhao", HallRoles.Technician, "hall-001"));
        var read = await colleague.GetFromJsonAsync<JsonElement>($"{Staff}/usr_wang");
        Assert.Equal("Wang Fang (senior)", read.GetProperty("displayName").GetString());
        Assert.Equal(["hall-001"], read.GetProperty("hallIds").EnumerateArray().Select(h => h.GetString()));

        // Registered and one real change: two audit entries; the unchanged PUT wrote none.
        var actions = await _app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.RecordType == StaffAudit.StaffRecordType)
            .OrderBy(e => e.Id).Select(e => e.Action).ToListAsync());
        Assert.Equal([StaffAudit.StaffRegisteredAction, StaffAudit.StaffUpdatedAction], actions);
    }

    [Fact]
    public async Task Staff_of_another_hall_answer_404_like_an_unknown_id_and_services_see_everyone()
    {
        await PutAsync("usr_far", Entry("Far Away", ["hall-002"]));
        using var colleague = _app.CreateClientAs(TestCallers.Staff("usr_zhao", HallRoles.Technician, "hall-001"));

        using var other = await colleague.GetAsync($"{Staff}/usr_far");
        using var unknown = await colleague.GetAsync($"{Staff}/usr_nobody");
        var otherProblem = await ProblemAssert.IsProblemAsync(other, HttpStatusCode.NotFound);
        var unknownProblem = await ProblemAssert.IsProblemAsync(unknown, HttpStatusCode.NotFound);
        Assert.Equal(unknownProblem.GetProperty("title").GetString(), otherProblem.GetProperty("title").GetString());

        using var service = _app.CreateClientAs(new HallCaller(CallerKind.Service, "complaint", [], [], [], "127.0.0.1"));
        Assert.Equal(HttpStatusCode.OK, (await service.GetAsync($"{Staff}/usr_far")).StatusCode);
        using var partner = _app.CreateClientAs(TestCallers.Partner("callcentre", PartnerScopes.ReportFaults));
        await ProblemAssert.IsProblemAsync(await partner.GetAsync($"{Staff}/usr_far"), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_batch_lookup_answers_only_the_ids_the_caller_sees()
    {
        await PutAsync("usr_a", Entry("A", ["hall-001"]));
        await PutAsync("usr_b", Entry("B", ["hall-001", "hall-002"]));
        await PutAsync("usr_c", Entry("C", ["hall-002"]));
        using var colleague = _app.CreateClientAs(TestCallers.Staff("usr_zhao", HallRoles.ComplaintHandler, "hall-001"));

        var page = await colleague.GetFromJsonAsync<JsonElement>($"{Staff}?staffIds=usr_c,usr_b,usr_a,usr_unknown");

        Assert.Equal(["usr_a", "usr_b"], page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("staffId").GetString()));
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        using var admin = _app.CreateClientAs(TestCallers.Administrator);
        var hall2 = await admin.GetFromJsonAsync<JsonElement>($"{Staff}?hallId=hall-002");
        Assert.Equal(["usr_b", "usr_c"], hall2.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("staffId").GetString()));
    }

    [Fact]
    public async Task Only_managers_of_every_hall_concerned_keep_the_register()
    {
        await PutAsync("usr_both", Entry("Both", ["hall-001", "hall-002"]));
        using var agent = _app.CreateClientAs(TestCallers.Staff("usr_x", HallRoles.CounterAgent, "hall-001"));
        using var supervisor = _app.CreateClientAs(SupervisorOfHall1);

        await ProblemAssert.IsProblemAsync(await agent.PutAsJsonAsync($"{Staff}/usr_new", Entry("New", ["hall-001"])), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await supervisor.PutAsJsonAsync($"{Staff}/usr_new", Entry("New", ["hall-002"])), HttpStatusCode.Forbidden);
        await ProblemAssert.IsProblemAsync(await supervisor.PutAsJsonAsync($"{Staff}/usr_both", Entry("Both", ["hall-001"])), HttpStatusCode.Forbidden);
        Assert.Equal(0, await _app.WithDbAsync(db => db.Set<HallPlatform.Quality.Staff.Domain.StaffMember>().CountAsync(s => s.StaffId == "usr_new")));
    }

    [Fact]
    public async Task Bad_input_is_400_naming_each_field()
    {
        using var admin = _app.CreateClientAs(TestCallers.Administrator);

        using var empty = await admin.PutAsJsonAsync($"{Staff}/usr_x", new { });
        await ProblemAssert.IsValidationProblemAsync(empty, "displayName", "hallIds", "roles");
        using var bad = await admin.PutAsJsonAsync($"{Staff}/usr_x", new
        {
            displayName = new string('n', 101), hallIds = new[] { "Hall 1" }, roles = new[] { "boss" }, skills = new[] { "ok", null },
        });
        await ProblemAssert.IsValidationProblemAsync(bad, "displayName", "hallIds", "roles", "skills");
        using var badId = await admin.PutAsJsonAsync($"{Staff}/wang", Entry("Wang", ["hall-001"]));
        await ProblemAssert.IsValidationProblemAsync(badId, "staffId");
        using var badLookup = await admin.GetAsync($"{Staff}?staffIds=usr_a,NOT%20AN%20ID&page=0");
        await ProblemAssert.IsValidationProblemAsync(badLookup, "staffIds", "page");
        using var nul = await admin.PutAsJsonAsync($"{Staff}/usr_x", Entry("Wang\u0000Fang", ["hall-001"]));
        await ProblemAssert.IsProblemAsync(nul, HttpStatusCode.BadRequest);
    }
}
