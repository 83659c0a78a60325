using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using HallPlatform.Contracts.Quality.V1;
using HallPlatform.Testing;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests;

[Collection(ServersCollection.Name)]
public sealed class QualityGrpcTests : IAsyncLifetime
{
    private readonly QualityApp _app;
    private readonly GrpcChannel _channel;
    private readonly QualityService.QualityServiceClient _client;

    public QualityGrpcTests(RealServersFixture servers)
    {
        _app = new QualityApp(servers);
        _channel = _app.CreateGrpcChannel();
        _client = new QualityService.QualityServiceClient(_channel);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _channel.Dispose();
        await _app.DisposeAsync();
    }

    private static RecordSurveyResponseRequest Request(string caseId, int csat = 4, int nps = 10, string hallId = "hall-003") => new()
    {
        CaseType = "complaint",
        CaseId = caseId,
        HallId = hallId,
        CsatScore = csat,
        NpsScore = nps,
    };

    [Fact]
    public async Task Recording_is_idempotent_and_a_different_answer_already_exists()
    {
        await _app.KnownCaseAsync("complaint", "cmp_1", "hall-003");
        var first = await _client.RecordSurveyResponseAsync(Request("cmp_1"));
        var again = await _client.RecordSurveyResponseAsync(Request("cmp_1"));

        Assert.StartsWith("srv_", first.ResponseId, StringComparison.Ordinal);
        Assert.Equal("complaint", first.CaseType);
        Assert.Equal(first, again);

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.RecordSurveyResponseAsync(Request("cmp_1", csat: 1)).ResponseAsync);
        Assert.Equal(StatusCode.AlreadyExists, error.StatusCode);
    }

    [Fact]
    public async Task Ten_concurrent_identical_answers_store_one_row()
    {
        await _app.KnownCaseAsync("complaint", "cmp_race", "hall-003");
        var replies = await Task.WhenAll(Enumerable.Range(0, 10)
            .Select(_ => _client.RecordSurveyResponseAsync(Request("cmp_race")).ResponseAsync));

        Assert.Single(replies.Select(r => r.ResponseId).Distinct());
        Assert.Equal(1, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CaseId == "cmp_race")));
    }

    [Fact]
    public async Task An_answer_for_an_unknown_case_is_NotFound_naming_caseId()
    {
        await _app.KnownCaseAsync("complaint", "cmp_elsewhere", "hall-004");

        var unknown = await Assert.ThrowsAsync<RpcException>(() => _client.RecordSurveyResponseAsync(Request("cmp_made_up")).ResponseAsync);
        var otherHall = await Assert.ThrowsAsync<RpcException>(() => _client.RecordSurveyResponseAsync(Request("cmp_elsewhere")).ResponseAsync);

        foreach (var error in new[] { unknown, otherHall })
        {
            Assert.Equal(StatusCode.NotFound, error.StatusCode);
            Assert.StartsWith("caseId:", error.Status.Detail, StringComparison.Ordinal);
        }
        Assert.Equal(0, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync()));
    }

    [Fact]
    public async Task Invalid_answers_are_InvalidArgument_naming_the_fields()
    {
        var request = Request("cmp_2", csat: 0, nps: 11);
        request.CaseType = "call";

        var error = await Assert.ThrowsAsync<RpcException>(() => _client.RecordSurveyResponseAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("csatScore:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("npsScore:", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("caseType:", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_summary_matches_the_recorded_answers()
    {
        // csat 4,5,3 -> 66.67%; nps 10,6,8 -> 1 promoter, 1 detractor -> 0.
        foreach (var caseId in new[] { "cmp_a", "cmp_b", "cmp_c" })
        {
            await _app.KnownCaseAsync("complaint", caseId, "hall-003");
        }
        await _client.RecordSurveyResponseAsync(Request("cmp_a", csat: 4, nps: 10));
        await _client.RecordSurveyResponseAsync(Request("cmp_b", csat: 5, nps: 6));
        await _client.RecordSurveyResponseAsync(Request("cmp_c", csat: 3, nps: 8));
        var now = DateTimeOffset.UtcNow;

        var summary = await _client.GetSatisfactionSummaryAsync(new SatisfactionSummaryRequest
        {
            HallId = "hall-003",
            From = Timestamp.FromDateTimeOffset(now.AddHours(-1)),
            To = Timestamp.FromDateTimeOffset(now.AddHours(1)),
        });

        Assert.Equal(3, summary.Responses);
        Assert.Equal(66.67, summary.CsatPercent);
        Assert.Equal(0.0, summary.Nps);
    }

    [Fact]
    public async Task An_empty_period_has_zero_responses_and_zero_scores()
    {
        var now = DateTimeOffset.UtcNow;

        var summary = await _client.GetSatisfactionSummaryAsync(new SatisfactionSummaryRequest
        {
            HallId = "hall-none",
            From = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
            To = Timestamp.FromDateTimeOffset(now),
        });

        Assert.Equal((0, 0.0, 0.0), (summary.Responses, summary.CsatPercent, summary.Nps));
    }

    [Fact]
    public async Task A_reversed_or_missing_period_is_InvalidArgument()
    {
        var now = DateTimeOffset.UtcNow;
        var reversed = await Assert.ThrowsAsync<RpcException>(() => _client.GetSatisfactionSummaryAsync(new SatisfactionSummaryRequest
        {
            HallId = "hall-003",
            From = Timestamp.FromDateTimeOffset(now),
            To = Timestamp.FromDateTimeOffset(now.AddDays(-1)),
        }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, reversed.StatusCode);
        Assert.Contains("from:", reversed.Status.Detail, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<RpcException>(
            () => _client.GetSatisfactionSummaryAsync(new SatisfactionSummaryRequest { HallId = "hall-003" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, missing.StatusCode);
        Assert.Contains("to:", missing.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(long.MaxValue, 0)]
    [InlineData(-62_135_596_801, 0)]
    [InlineData(0, -1)]
    [InlineData(0, 1_000_000_000)]
    public async Task A_timestamp_outside_the_representable_range_is_InvalidArgument_naming_the_field(long seconds, int nanos)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => _client.GetSatisfactionSummaryAsync(new SatisfactionSummaryRequest
        {
            HallId = "hall-003",
            From = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddDays(-1)),
            To = new Timestamp { Seconds = seconds, Nanos = nanos },
        }).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("to", error.Trailers.GetValue("invalid-field"));
    }
}
