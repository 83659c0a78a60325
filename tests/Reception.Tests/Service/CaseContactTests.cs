using Grpc.Core;
using HallPlatform.Contracts.Contacts.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>A visit's contact goes to HallPlatform services only, and every read of it is audited.</summary>
[Collection(ServerCollection.Name)]
public sealed class CaseContactTests(RealServersFixture servers)
{
    private static readonly HallCaller Quality = new(CallerKind.Service, "quality", [], [HallCaller.AllHalls], [], null);

    [Fact]
    public async Task A_service_reads_a_visits_contact_and_the_read_is_audited()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visit = await app.CheckInAsync(client, "billing", name: "Zhang Wei", phone: "138 1234 5678");
        var visitId = visit.GetProperty("visitId").GetString()!;
        using var channel = app.CreateGrpcChannelAs(Quality);

        var contact = await new CaseContacts.CaseContactsClient(channel).GetCaseContactAsync(new GetCaseContactRequest { CaseId = visitId });

        var stored = await app.StoredVisitAsync(visitId);
        Assert.Equal((visitId, "Zhang Wei", "13812345678", ReceptionApp.Hall, stored.JourneyId, false),
            (contact.CaseId, contact.CustomerName, contact.CustomerPhone, contact.HallId, contact.JourneyId, contact.DoNotContact));
        Assert.Equal("service:quality", await app.ScalarAsync<string>(
            $"SELECT actor_kind || ':' || actor_id FROM audit_entries WHERE record_id = '{visitId}' AND action = 'visit.contact-read'"));
    }

    [Fact]
    public async Task Staff_partners_and_anonymous_callers_are_refused_and_unknown_or_bad_ids_answer_as_such()
    {
        await using var app = new ReceptionApp(servers);
        using var client = app.CreateClient();
        var visitId = (await app.CheckInAsync(client, "billing")).GetProperty("visitId").GetString()!;

        foreach (var caller in new[] { TestCallers.Administrator, TestCallers.Partner("partner-online", "faults:report"), TestCallers.Anonymous })
        {
            using var channel = app.CreateGrpcChannelAs(caller);
            var refused = await Assert.ThrowsAsync<RpcException>(() =>
                new CaseContacts.CaseContactsClient(channel).GetCaseContactAsync(new GetCaseContactRequest { CaseId = visitId }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }
        using var service = app.CreateGrpcChannelAs(Quality);
        var contacts = new CaseContacts.CaseContactsClient(service);
        Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() =>
            contacts.GetCaseContactAsync(new GetCaseContactRequest { CaseId = "vis_unknown" }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() =>
            contacts.GetCaseContactAsync(new GetCaseContactRequest { CaseId = "" }).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, (await Assert.ThrowsAsync<RpcException>(() =>
            contacts.GetCaseContactAsync(new GetCaseContactRequest { CaseId = new string('v', 41) }).ResponseAsync)).StatusCode);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM audit_entries WHERE action = 'visit.contact-read'"));
    }
}
