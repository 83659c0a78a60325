using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Contracts.Quality.V1;
using HallPlatform.Identity;
using HallPlatform.Messaging;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests;

[Collection(ServersCollection.Name)]
public sealed class IntegrationEventTests(RealServersFixture servers)
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Finished_cases_from_producers_become_follow_up_cases_once()
    {
        EventEnvelope[] events =
        [
            Envelope(1, IntegrationEventTypes.VisitCompleted, "vis_1", """{"visitId":"vis_1","serviceType":"billing","endState":"completed"}""", journeyId: "jrn_1"),
            Envelope(2, IntegrationEventTypes.OrderStateChanged, "ord_1", """{"orderId":"ord_1","visitId":"vis_1","from":"acknowledged","to":"inProgress","serviceType":"billing"}"""),
            Envelope(3, IntegrationEventTypes.OrderStateChanged, "ord_1", """{"orderId":"ord_1","visitId":"vis_1","from":"inProgress","to":"completed","serviceType":"billing"}"""),
            Envelope(4, IntegrationEventTypes.TroubleTicketStatusChanged, "tt_1", """{"ticketId":"tt_1","from":"inProgress","to":"resolved","channel":"phone","severity":"major"}""", hallId: ""),
            Envelope(5, IntegrationEventTypes.TroubleTicketStatusChanged, "tt_1", """{"ticketId":"tt_1","from":"resolved","to":"closed","channel":"phone","severity":"major"}""", hallId: ""),
            Envelope(6, IntegrationEventTypes.ComplaintStatusChanged, "cmp_1", """{"complaintId":"cmp_1","from":"investigating","to":"responded","category":"billing"}"""),
            Envelope(7, IntegrationEventTypes.ComplaintStatusChanged, "cmp_1", """{"complaintId":"cmp_1","from":"responded","to":"closed","category":"billing"}"""),
            Envelope(8, IntegrationEventTypes.ComplaintStatusChanged, "cmp_2", """{"complaintId":"cmp_2","from":"received","to":"acknowledged","category":"network"}"""),
        ];
        await using var app = new QualityApp(servers) { EventSource = new TwiceDeliveredEvents(events) };
        _ = app.Server;

        await Eventually(async () => await app.WithDbAsync(db => db.Set<ConsumerPosition>()
            .AnyAsync(p => p.Consumer == "quality" && p.Producer == "test" && p.Position == 8)), "all eight events are handled");

        var cases = await app.WithDbAsync(db => db.FollowUpCases.AsNoTracking().OrderBy(c => c.CaseId).ToListAsync());
        Assert.Equal(
            [
                (CaseType.Complaint, "cmp_1", (string?)"hall-001", (string?)null, (string?)null, At.AddMinutes(6)),
                (CaseType.Order, "ord_1", "hall-001", null, "billing", At.AddMinutes(3)),
                (CaseType.TroubleTicket, "tt_1", null, null, null, At.AddMinutes(4)),
                (CaseType.Visit, "vis_1", "hall-001", "jrn_1", "billing", At.AddMinutes(1)),
            ],
            cases.Select(c => (c.CaseKind, c.CaseId, c.HallId, c.JourneyId, c.ServiceType, c.CompletedAt)));
    }

    [Fact]
    public async Task A_survey_answer_is_published_to_services_without_its_comment()
    {
        await using var app = new QualityApp(servers);
        await app.KnownCaseAsync("order", "ord_9", "hall-002", journeyId: "j_0123456789abcdef0123456789");
        using var channel = app.CreateGrpcChannel();
        await new QualityService.QualityServiceClient(channel).RecordSurveyResponseAsync(new RecordSurveyResponseRequest
        {
            CaseType = "order", CaseId = "ord_9", HallId = "hall-002", CsatScore = 5, NpsScore = 9, Comment = "Zhang Wei, 13812345678, very kind",
        });

        using var serviceChannel = app.CreateGrpcChannelAs(new HallCaller(CallerKind.Service, "reception", [], [HallCaller.AllHalls], [], null));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = new IntegrationEvents.IntegrationEventsClient(serviceChannel).Subscribe(new SubscribeRequest(), cancellationToken: cancellation.Token);
        Assert.True(await call.ResponseStream.MoveNext(cancellation.Token));
        var envelope = call.ResponseStream.Current;
        await cancellation.CancelAsync();

        Assert.Equal(IntegrationEventTypes.SurveyAnswered, envelope.Type);
        Assert.Equal("hall-002", envelope.HallId);
        Assert.Equal("j_0123456789abcdef0123456789", envelope.JourneyId);
        Assert.Equal(1, envelope.HeadPosition);
        var payload = System.Text.Json.JsonDocument.Parse(envelope.PayloadJson).RootElement;
        // jsonb keeps its own key order: compare the set of fields.
        Assert.Equal(["caseId", "caseType", "csatScore", "npsScore", "responseId"], payload.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("ord_9", payload.GetProperty("caseId").GetString());
        Assert.DoesNotContain("Zhang", envelope.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partners_cannot_subscribe()
    {
        await using var app = new QualityApp(servers);
        using var channel = app.CreateGrpcChannelAs(TestCallers.Partner("callcentre", PartnerScopes.SubscribeEvents));
        using var call = new IntegrationEvents.IntegrationEventsClient(channel).Subscribe(new SubscribeRequest());

        var refused = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
    }

    private static EventEnvelope Envelope(long position, string type, string subject, string payload, string hallId = "hall-001", string journeyId = "") => new()
    {
        Position = position,
        EventId = Guid.NewGuid().ToString(),
        Type = type,
        Producer = "test",
        SubjectId = subject,
        HallId = hallId,
        JourneyId = journeyId,
        PayloadJson = payload,
        OccurredAt = Timestamp.FromDateTimeOffset(At.AddMinutes(position)),
        HeadPosition = 8,
    };

    private static async Task Eventually(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(20);
        }
    }
}
