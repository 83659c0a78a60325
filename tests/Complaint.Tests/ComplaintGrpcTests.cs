using Grpc.Core;
using Grpc.Net.Client;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Complaint.Tests;

[Collection(ServersCollection.Name)]
public sealed class ComplaintGrpcTests : IAsyncLifetime
{
    private readonly ComplaintApp _app;
    private readonly GrpcChannel _channel;
    private readonly ComplaintService.ComplaintServiceClient _client;

    public ComplaintGrpcTests(RealServersFixture servers)
    {
        _app = new ComplaintApp(servers);
        _channel = _app.CreateGrpcChannel();
        _client = new ComplaintService.ComplaintServiceClient(_channel);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }

    private static RegisterComplaintRequest NewRequest(string externalId = "") => new()
    {
        Channel = "online",
        ExternalId = externalId,
        Subject = "No signal at home",
        Description = "No 4G signal since Monday.",
        RemedySought = "Fix coverage",
        Category = "network",
        HallId = "hall-002",
        CustomerPhone = "13912345678",
    };

    [Fact]
    public async Task A_partner_registers_and_reads_a_complaint()
    {
        var registered = await _client.RegisterComplaintAsync(NewRequest("online-1"));

        Assert.StartsWith("cmp_", registered.ComplaintId, StringComparison.Ordinal);
        Assert.Equal("acknowledged", registered.Status);
        Assert.Equal("network", registered.Category);
        Assert.Equal(registered.ReceivedAt.ToDateTimeOffset().AddDays(15), registered.ResponseDueAt.ToDateTimeOffset());

        var read = await _client.GetComplaintAsync(new GetComplaintRequest { ComplaintId = registered.ComplaintId });
        Assert.Equal(registered, read);
    }

    [Fact]
    public async Task A_partner_retry_returns_the_same_complaint_and_a_changed_one_already_exists()
    {
        var first = await _client.RegisterComplaintAsync(NewRequest("online-2"));
        var retry = await _client.RegisterComplaintAsync(NewRequest("online-2"));
        Assert.Equal(first.ComplaintId, retry.ComplaintId);

        var changed = NewRequest("online-2");
        changed.Subject = "Different";
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.RegisterComplaintAsync(changed).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task Ten_concurrent_partner_retries_store_one_complaint()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => _client.RegisterComplaintAsync(NewRequest("online-race")).ResponseAsync));

        Assert.Single(replies.Select(r => r.ComplaintId).Distinct());
        Assert.Equal(1, await _app.WithDbAsync(db => db.Complaints.CountAsync(c => c.ExternalId == "online-race")));
    }

    [Fact]
    public async Task Invalid_fields_are_InvalidArgument_naming_them()
    {
        var request = NewRequest();
        request.Channel = "";
        request.Category = "weather";

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.RegisterComplaintAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("channel:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("category:", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_complaint_is_NotFound()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => _client.GetComplaintAsync(new GetComplaintRequest { ComplaintId = "cmp_missing" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task An_empty_id_is_InvalidArgument()
    {
        var error = await Assert.ThrowsAsync<RpcException>(
            () => _client.GetComplaintAsync(new GetComplaintRequest()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("complaintId:", error.Status.Detail, StringComparison.Ordinal);
    }
}
