using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using HallPlatform.Contracts.Reception.V1;
using HallPlatform.Identity;
using HallPlatform.Testing;
using Microsoft.Extensions.Time.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// Kiosks and partners check in over gRPC with everything REST allows: priority class, appointment, ID document,
/// idempotency key; and read the public wait times.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class GrpcCheckInTests(RealServersFixture servers)
{
    // 09:00 in Shanghai on 2025-03-01.
    private static readonly DateTimeOffset Opening = new(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);

    private static CheckInRequest Walkin(string serviceType, string priorityClass = "", string name = "Li Lei", string phone = "13800138000") =>
        new() { CustomerName = name, CustomerPhone = phone, ServiceType = serviceType, Channel = "kiosk", PriorityClass = priorityClass };

    private static string[] InvalidFields(RpcException error) => [.. error.Trailers.GetAll("invalid-field").Select(e => e.Value).Order()];

    [Fact]
    public async Task A_priority_check_in_says_its_class_and_is_called_before_earlier_walk_ins()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        using var http = app.CreateClient();

        var normal = (await client.CheckInAsync(Walkin("new-line"))).Visit;
        var green = (await client.CheckInAsync(Walkin("new-line", "green", phone: "13800138001"))).Visit;
        var vip = (await client.CheckInAsync(Walkin("new-line", "vip", phone: "13800138002"))).Visit;
        var explicitNormal = (await client.CheckInAsync(Walkin("new-line", "normal", phone: "13800138003"))).Visit;

        Assert.Equal(("normal", "green", "vip", "normal"), (normal.PriorityClass, green.PriorityClass, vip.PriorityClass, explicitNormal.PriorityClass));
        Assert.Equal("priorityClass:vip", await app.ScalarAsync<string>($"SELECT reason FROM queue_events WHERE visit_id = '{vip.VisitId}' AND type = 'checkedIn'"));
        var called = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            called.Add((await ReceptionApp.PostOkAsync(http, "/api/v1/counters/c01/call-next")).GetProperty("visitId").GetString()!);
        }
        // Priority tickets first, oldest first, for at most PriorityStreak (2) calls; then the normal ones in order.
        Assert.Equal([green.VisitId, vip.VisitId, normal.VisitId, explicitNormal.VisitId], called);
    }

    [Theory]
    [InlineData("gold")]
    [InlineData("appointment")] // earned with an appointment id, never asked for
    [InlineData("VIP")]
    public async Task An_unknown_or_unearned_priority_class_is_invalid_argument_naming_the_field(string priorityClass)
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(Walkin("new-line", priorityClass)));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["priorityClass"], InvalidFields(error));
        Assert.Equal(0, await app.QueueLengthAsync("new-line"));
    }

    [Fact]
    public async Task An_appointment_in_its_window_checks_in_with_the_appointment_class_and_goes_first()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        using var http = app.CreateClient();
        var appointmentId = await CreateAppointmentAsync(http, Opening.AddMinutes(60));

        // Too early: the customer is told when to come back, no ticket.
        var early = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(new CheckInRequest { AppointmentId = appointmentId }));
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        Assert.Contains("09:45", early.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, await app.QueueLengthAsync("new-line"));

        clock.Advance(TimeSpan.FromMinutes(50));
        var walkIn = (await client.CheckInAsync(Walkin("new-line", phone: "13900139000"))).Visit;
        // Hall, service type, name and phone come from the appointment.
        var holder = (await client.CheckInAsync(new CheckInRequest { AppointmentId = appointmentId, Channel = "kiosk" })).Visit;

        Assert.Equal(("appointment", appointmentId, "new-line", ReceptionApp.Hall, "L**", "138****8000"),
            (holder.PriorityClass, holder.AppointmentId, holder.ServiceType, holder.HallId, holder.MaskedCustomerName, holder.MaskedCustomerPhone));
        var first = await ReceptionApp.PostOkAsync(http, "/api/v1/counters/c01/call-next");
        Assert.Equal(holder.VisitId, first.GetProperty("visitId").GetString());
        Assert.NotEqual(walkIn.VisitId, holder.VisitId);

        // An appointment is used once.
        var reused = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(new CheckInRequest { AppointmentId = appointmentId }));
        Assert.Equal(StatusCode.FailedPrecondition, reused.StatusCode);
        Assert.Equal(1, await app.QueueLengthAsync("new-line"));
    }

    [Fact]
    public async Task An_unknown_appointment_is_invalid_argument_naming_the_field()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(new CheckInRequest
        {
            CustomerName = "Li Lei", CustomerPhone = "13800138000", ServiceType = "new-line", AppointmentId = "apt_nope",
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["appointmentId"], InvalidFields(error));
        Assert.Contains("apt_nope", error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Fact]
    public async Task An_id_document_is_stored_but_every_reply_shows_it_and_the_customer_only_masked()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        const string number = "110101199003077777";

        var reply = await client.CheckInAsync(new CheckInRequest
        {
            CustomerName = "王小明", CustomerPhone = "13800138000", ServiceType = "new-line", Channel = "store",
            IdDocumentType = "idCard", IdDocumentNumber = number,
        });
        // Looked up as the customer polling it (anonymous): masked like the check-in reply.
        using var anonymousChannel = app.CreateGrpcChannelAs(TestCallers.Anonymous);
        var lookup = await new ReceptionService.ReceptionServiceClient(anonymousChannel).GetVisitAsync(new GetVisitRequest { VisitId = reply.Visit.VisitId });

        Assert.Equal(("idCard", "**************7777", "王**", "138****8000"),
            (reply.Visit.IdDocumentType, reply.Visit.MaskedIdDocumentNumber, reply.Visit.MaskedCustomerName, reply.Visit.MaskedCustomerPhone));
        Assert.Equal(reply.Visit, lookup);
        foreach (var text in new[] { reply.ToString(), lookup.ToString() })
        {
            Assert.DoesNotContain(number, text, StringComparison.Ordinal);
            Assert.DoesNotContain("小明", text, StringComparison.Ordinal);
            Assert.DoesNotContain("13800138000", text, StringComparison.Ordinal);
        }
        // Stored encrypted, and the stored value decrypts to the number given.
        Assert.StartsWith("v1:", await app.ScalarAsync<string>($"SELECT id_document_number FROM visits WHERE id = '{reply.Visit.VisitId}'"), StringComparison.Ordinal);
        Assert.Equal(number, (await app.StoredVisitAsync(reply.Visit.VisitId)).IdDocumentNumber);

        // Without a document both fields stay empty.
        var plain = (await client.CheckInAsync(Walkin("billing"))).Visit;
        Assert.Equal(("", ""), (plain.IdDocumentType, plain.MaskedIdDocumentNumber));
    }

    [Theory]
    [InlineData("library-card", "12345678", "idDocumentType")]
    [InlineData("passport", "", "idDocumentNumber")]
    [InlineData("", "12345678", "idDocumentType")]
    [InlineData("passport", "12-34", "idDocumentNumber")]
    public async Task A_bad_id_document_is_invalid_argument_without_echoing_the_number(string type, string number, string field)
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(new CheckInRequest
        {
            CustomerName = "Li Lei", CustomerPhone = "13800138000", ServiceType = "new-line", IdDocumentType = type, IdDocumentNumber = number,
        }));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(field, InvalidFields(error));
        if (number.Length > 0)
        {
            Assert.DoesNotContain(number, error.Status.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_retried_check_in_with_the_same_idempotency_key_field_returns_the_first_visit()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        var request = Walkin("plan-change", "green");
        request.IdempotencyKey = "kiosk-7-000123";

        var first = await client.CheckInAsync(request);
        var retry = await client.CheckInAsync(request);
        // The older metadata form names the same key.
        var viaMetadata = await client.CheckInAsync(Walkin("plan-change", "green"), new Metadata { { "idempotency-key", "kiosk-7-000123" } });
        var other = await client.CheckInAsync(Walkin("plan-change", "green"), new Metadata { { "idempotency-key", "kiosk-7-000124" } });

        Assert.False(first.Replayed);
        Assert.True(retry.Replayed);
        Assert.True(viaMetadata.Replayed);
        Assert.Equal(first.Visit.VisitId, retry.Visit.VisitId);
        Assert.Equal(first.Visit.VisitId, viaMetadata.Visit.VisitId);
        Assert.Equal(("B001", "green"), (retry.Visit.TicketNumber, retry.Visit.PriorityClass));
        Assert.False(other.Replayed);
        Assert.Equal("B002", other.Visit.TicketNumber);
        Assert.Equal(2, await app.QueueLengthAsync("plan-change"));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Fact]
    public async Task A_key_first_used_over_rest_replays_over_grpc_because_both_share_the_check_in()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        using var http = app.CreateClient();
        using var restRequest = new HttpRequestMessage(HttpMethod.Post, "/api/v1/visits")
        {
            Content = JsonContent.Create(new { customerName = "Li Lei", customerPhone = "13800138000", serviceType = "billing", channel = "kiosk" }),
        };
        restRequest.Headers.Add("Idempotency-Key", "shared-1");
        using var rest = await http.SendAsync(restRequest);
        Assert.Equal(HttpStatusCode.Created, rest.StatusCode);
        var restVisitId = (await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("visitId").GetString();

        var request = Walkin("billing");
        request.IdempotencyKey = "shared-1";
        var replay = await client.CheckInAsync(request);

        Assert.True(replay.Replayed);
        Assert.Equal(restVisitId, replay.Visit.VisitId);
        Assert.Equal(1, await app.QueueLengthAsync("billing"));
    }

    [Fact]
    public async Task The_same_key_from_two_partners_gives_each_their_own_visit_and_each_retry_its_first()
    {
        await using var app = new ReceptionApp(servers);
        using var callCentre = app.CreateGrpcChannelAs(TestCallers.Partner("partner-callcentre"));
        using var online = app.CreateGrpcChannelAs(TestCallers.Partner("partner-online"));
        var fromCallCentre = new ReceptionService.ReceptionServiceClient(callCentre);
        var fromOnline = new ReceptionService.ReceptionServiceClient(online);
        var request = Walkin("billing");
        request.IdempotencyKey = "order-000042";

        var first = await fromCallCentre.CheckInAsync(request);
        var other = await fromOnline.CheckInAsync(request);
        var retry = await fromCallCentre.CheckInAsync(request);
        var otherRetry = await fromOnline.CheckInAsync(request);

        Assert.False(first.Replayed);
        Assert.False(other.Replayed);
        Assert.NotEqual(first.Visit.VisitId, other.Visit.VisitId);
        Assert.True(retry.Replayed);
        Assert.Equal(first.Visit.VisitId, retry.Visit.VisitId);
        Assert.True(otherRetry.Replayed);
        Assert.Equal(other.Visit.VisitId, otherRetry.Visit.VisitId);
        Assert.Equal(2, await app.QueueLengthAsync("billing"));
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Fact]
    public async Task The_same_key_from_two_staff_members_over_grpc_gives_each_their_own_visit()
    {
        await using var app = new ReceptionApp(servers);
        using var wang = app.CreateGrpcChannelAs(TestCallers.Staff("usr_wang", HallRoles.Receptionist, ReceptionApp.Hall));
        using var li = app.CreateGrpcChannelAs(TestCallers.Staff("usr_li", HallRoles.Receptionist, ReceptionApp.Hall));
        var request = Walkin("new-line");
        request.IdempotencyKey = "desk-1";

        var fromWang = await new ReceptionService.ReceptionServiceClient(wang).CheckInAsync(request);
        var fromLi = await new ReceptionService.ReceptionServiceClient(li).CheckInAsync(request);
        var wangRetry = await new ReceptionService.ReceptionServiceClient(wang).CheckInAsync(request);

        Assert.NotEqual(fromWang.Visit.VisitId, fromLi.Visit.VisitId);
        Assert.False(fromLi.Replayed);
        Assert.True(wangRetry.Replayed);
        Assert.Equal(fromWang.Visit.VisitId, wangRetry.Visit.VisitId);
        Assert.Equal(2L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Fact]
    public async Task A_phone_typed_with_separators_is_stored_normalised()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var visit = (await client.CheckInAsync(Walkin("new-line", phone: "+86 (138) 0013-8000"))).Visit;

        // Masked from the normalised number, so the separators typed do not change what boards and counters see.
        Assert.Equal("+86****8000", visit.MaskedCustomerPhone);
        Assert.Equal("+8613800138000", (await app.StoredVisitAsync(visit.VisitId)).CustomerPhone);
    }

    [Fact]
    public async Task A_key_reused_for_a_different_check_in_is_already_exists_and_issues_no_ticket()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        var first = Walkin("new-line");
        first.IdempotencyKey = "kiosk-7-000999";
        _ = await client.CheckInAsync(first);
        var different = Walkin("billing");
        different.IdempotencyKey = "kiosk-7-000999";

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(different));

        // As ServiceDefaults' OutcomeRpc maps a reused key (REST answers 409 for the same request).
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
        Assert.Contains("idempotency key", error.Status.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await app.QueueLengthAsync("billing"));
        Assert.Equal(1L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    [Theory]
    [InlineData("key with spaces", "")]
    [InlineData("field-key", "metadata-key")]
    public async Task A_bad_or_ambiguous_idempotency_key_is_invalid_argument(string field, string metadata)
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        var request = Walkin("new-line");
        request.IdempotencyKey = field;
        var headers = new Metadata();
        if (metadata.Length > 0)
        {
            headers.Add("idempotency-key", metadata);
        }

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(request, headers));

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal(["idempotencyKey"], InvalidFields(error));
        Assert.Equal(0, await app.QueueLengthAsync("new-line"));
    }

    [Fact]
    public async Task The_grpc_visit_mirrors_the_rest_view_field_for_field()
    {
        var clock = new FakeTimeProvider(Opening);
        await using var app = new ReceptionApp(servers, clock);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        using var http = app.CreateClient();
        var waiting = (await client.CheckInAsync(Walkin("billing", "vip"))).Visit;
        var served = (await client.CheckInAsync(Walkin("fault-report", phone: "13900139000"))).Visit;
        await ReceptionApp.PostOkAsync(http, "/api/v1/counters/c04/call-next");
        clock.Advance(TimeSpan.FromSeconds(30));
        await ReceptionApp.PostOkAsync(http, $"/api/v1/visits/{served.VisitId}/recall", new { counterId = "c04" });
        await ReceptionApp.PostOkAsync(http, $"/api/v1/visits/{served.VisitId}/start", new { counterId = "c04" });
        clock.Advance(TimeSpan.FromSeconds(90));
        await ReceptionApp.PostOkAsync(http, $"/api/v1/visits/{served.VisitId}/complete", new { counterId = "c04" });

        foreach (var visitId in new[] { waiting.VisitId, served.VisitId })
        {
            var grpc = await client.GetVisitAsync(new GetVisitRequest { VisitId = visitId });
            var rest = await http.GetFromJsonAsync<JsonElement>($"/api/v1/visits/{visitId}");
            AssertMirrors(rest, grpc);
        }
        var waitingReply = await client.GetVisitAsync(new GetVisitRequest { VisitId = waiting.VisitId });
        Assert.Equal(["c02", "c03", "c05"], waitingReply.Guidance.CounterIds.Order());
        Assert.True(waitingReply.Guidance.SelfService);
        var servedReply = await client.GetVisitAsync(new GetVisitRequest { VisitId = served.VisitId });
        Assert.Equal(("completed", 1, "c04"), (servedReply.Status, servedReply.RecallCount, servedReply.CounterId));
        Assert.NotNull(servedReply.CompletedAt);
    }

    [Fact]
    public async Task Wait_times_list_every_service_type_of_the_hall_as_rest_does()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);
        using var http = app.CreateClient();
        _ = await client.CheckInAsync(Walkin("billing"));
        _ = await client.CheckInAsync(Walkin("billing", "green", phone: "13900139000"));
        _ = await client.CheckInAsync(Walkin("fault-report"));

        var reply = await client.GetWaitTimesAsync(new GetWaitTimesRequest { HallId = ReceptionApp.Hall });
        var byDefault = await client.GetWaitTimesAsync(new GetWaitTimesRequest());
        var rest = await http.GetFromJsonAsync<JsonElement>($"/api/v1/halls/{ReceptionApp.Hall}/wait-times");

        Assert.Equal(ReceptionApp.Hall, reply.HallId);
        Assert.Equal(ReceptionApp.ServiceTypes.Order(), reply.ServiceTypes.Select(r => r.ServiceType).Order());
        var rows = reply.ServiceTypes.ToDictionary(r => r.ServiceType);
        Assert.Equal((2L, 3), (rows["billing"].Waiting, rows["billing"].OpenCounters));
        Assert.Equal((1L, 0L), (rows["fault-report"].Waiting, rows["new-line"].Waiting));
        Assert.Equal("Bills and payments", rows["billing"].Name);
        Assert.True(rows["billing"].EstimatedWaitSeconds > 0);
        Assert.Equal(reply, byDefault);
        var restRows = rest.GetProperty("serviceTypes").EnumerateArray().ToList();
        Assert.Equal(restRows.Count, reply.ServiceTypes.Count);
        foreach (var restRow in restRows)
        {
            var row = rows[restRow.GetProperty("serviceType").GetString()!];
            Assert.Equal(
                (restRow.GetProperty("name").GetString(), restRow.GetProperty("waiting").GetInt64(),
                    restRow.GetProperty("estimatedWaitSeconds").GetInt32(), restRow.GetProperty("openCounters").GetInt32()),
                (row.Name, row.Waiting, row.EstimatedWaitSeconds, row.OpenCounters));
        }
    }

    [Fact]
    public async Task Wait_times_of_an_unknown_hall_are_not_found()
    {
        await using var app = new ReceptionApp(servers);
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.GetWaitTimesAsync(new GetWaitTimesRequest { HallId = "hall-999" }));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Contains("hall-999", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task When_the_queue_is_unreachable_check_in_and_wait_times_are_unavailable()
    {
        // Nothing listens on port 1: every Redis command fails at once.
        await using var app = new ReceptionApp(servers, settings: new Dictionary<string, string>
        {
            ["ConnectionStrings:redis"] = "127.0.0.1:1,abortConnect=false,connectTimeout=200,connectRetry=0,asyncTimeout=300,syncTimeout=300",
        });
        using var channel = app.CreateGrpcChannel();
        var client = new ReceptionService.ReceptionServiceClient(channel);

        var checkIn = await Assert.ThrowsAsync<RpcException>(async () => await client.CheckInAsync(Walkin("new-line")));
        var waitTimes = await Assert.ThrowsAsync<RpcException>(async () => await client.GetWaitTimesAsync(new GetWaitTimesRequest()));

        Assert.Equal(StatusCode.Unavailable, checkIn.StatusCode);
        Assert.Equal(StatusCode.Unavailable, waitTimes.StatusCode);
        Assert.Equal(0L, await app.ScalarAsync<long>("SELECT count(*) FROM visits"));
    }

    private static void AssertMirrors(JsonElement rest, VisitReply grpc)
    {
        static string Text(JsonElement json, string name) => json.GetProperty(name).ValueKind == JsonValueKind.Null ? "" : json.GetProperty(name).GetString()!;
        static int Number(JsonElement json, string name) => json.GetProperty(name).ValueKind == JsonValueKind.Null ? 0 : json.GetProperty(name).GetInt32();
        static DateTimeOffset? Time(JsonElement json, string name) =>
            json.GetProperty(name).ValueKind == JsonValueKind.Null ? null : json.GetProperty(name).GetDateTimeOffset();

        Assert.Equal(Text(rest, "visitId"), grpc.VisitId);
        Assert.Equal(Text(rest, "hallId"), grpc.HallId);
        Assert.Equal(Text(rest, "serviceType"), grpc.ServiceType);
        Assert.Equal(Text(rest, "ticketNumber"), grpc.TicketNumber);
        Assert.Equal(Text(rest, "status"), grpc.Status);
        Assert.Equal(Text(rest, "priorityClass"), grpc.PriorityClass);
        Assert.Equal(Number(rest, "position"), grpc.Position);
        Assert.Equal(Number(rest, "estimatedWaitSeconds"), grpc.EstimatedWaitSeconds);
        Assert.Equal(Time(rest, "arrivedAt"), grpc.ArrivedAt?.ToDateTimeOffset());
        Assert.Equal(Time(rest, "calledAt"), grpc.CalledAt?.ToDateTimeOffset());
        Assert.Equal(Time(rest, "servingStartedAt"), grpc.ServingStartedAt?.ToDateTimeOffset());
        Assert.Equal(Time(rest, "completedAt"), grpc.CompletedAt?.ToDateTimeOffset());
        Assert.Equal(Number(rest, "recallCount"), grpc.RecallCount);
        Assert.Equal(Text(rest, "counterId"), grpc.CounterId);
        Assert.Equal(Text(rest, "staffId"), grpc.StaffId);
        Assert.Equal(Text(rest, "orderId"), grpc.OrderId);
        Assert.Equal(Text(rest, "appointmentId"), grpc.AppointmentId);
        Assert.Equal(Text(rest, "outcome"), grpc.Outcome);
        Assert.Equal(Text(rest, "channel"), grpc.Channel);
        var guidance = rest.GetProperty("guidance");
        Assert.Equal(guidance.GetProperty("counterIds").EnumerateArray().Select(c => c.GetString()), grpc.Guidance.CounterIds);
        Assert.Equal(guidance.GetProperty("selfService").GetBoolean(), grpc.Guidance.SelfService);
        // REST has one field each, in clear for the roles that may see it; gRPC keeps the masked ones and adds clear ones.
        var inClear = grpc.CustomerName.Length > 0;
        Assert.Equal(Text(rest, "customerName"), inClear ? grpc.CustomerName : grpc.MaskedCustomerName);
        Assert.Equal(Text(rest, "customerPhone"), inClear ? grpc.CustomerPhone : grpc.MaskedCustomerPhone);
        Assert.Equal(Text(rest, "idDocumentType"), grpc.IdDocumentType);
        Assert.Equal(Text(rest, "idDocumentNumber"), inClear ? grpc.IdDocumentNumber : grpc.MaskedIdDocumentNumber);
        Assert.Equal(Text(rest, "journeyId"), grpc.JourneyId);
        Assert.Equal(Text(rest, "caseOwner"), grpc.CaseOwner);
        Assert.Equal(Text(rest, "caseState"), grpc.CaseState);
        Assert.Equal(Text(rest, "caseId"), grpc.CaseId);
        // Every REST property is accounted for above: a new one must be mirrored (or deliberately left out) here.
        Assert.Equal(28, rest.EnumerateObject().Count());
    }

    private static async Task<string> CreateAppointmentAsync(HttpClient client, DateTimeOffset startsAt)
    {
        using var response = await client.PostAsJsonAsync("/api/v1/appointments",
            new { serviceType = "new-line", customerName = "Li Lei", customerPhone = "13800138000", startsAt });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("appointmentId").GetString()!;
    }
}
