using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Audit;
using HallPlatform.Notifications;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>Survey invitations: a due follow-up of an invitation kind sends a single-use link; the link answers once, in time.</summary>
[Collection(ServersCollection.Name)]
public sealed class SurveyInvitationTests : IAsyncLifetime
{
    private const string Invitations = "/api/v1/survey-invitations";
    private const string LinkBase = "https://hall.test/s/";
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly FixedContacts _contacts = new();
    private readonly QualityApp _app;

    public SurveyInvitationTests(RealServersFixture servers) => _app = new QualityApp(servers)
    {
        Clock = _clock,
        Contacts = _contacts,
        Settings = new Dictionary<string, string>
        {
            ["Quality:FollowUps:Dispatch"] = "false",
            ["Quality:FollowUps:Kinds:visit:Method"] = "invitation",
            ["Quality:FollowUps:InvitationValidDays"] = "7",
            ["Quality:FollowUps:InvitationLinkBase"] = LinkBase,
            // The test reads the invitation while it is still pending: no dispatcher pass may send it first.
            ["HallPlatform:Notifications:DispatcherEnabled"] = "false",
        },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>A planned visit follow-up, due now, then the dispatcher's pass; returns the token from the SMS sent.</summary>
    private async Task<string> InviteAsync(string followUpId, string visitId, string phone = "13812345678", string? journeyTraceParent = null)
    {
        _contacts.Phone = phone;
        await _app.WithDbAsync(async db =>
        {
            db.FollowUpCases.Add(new FollowUpCase
            {
                CaseKind = CaseType.Visit, CaseId = visitId, HallId = "hall-001", CompletedAt = Now.AddDays(-1), JourneyTraceParent = journeyTraceParent,
            });
            db.FollowUps.Add(new FollowUp
            {
                FollowUpId = followUpId, CaseKind = CaseType.Visit, CaseId = visitId, ContactCaseId = visitId, HallId = "hall-001",
                PlannedAt = Now.AddDays(-1), DueAt = Now, NextAttemptAt = Now, Status = FollowUpStatus.Planned,
            });
            return await db.SaveChangesAsync();
        });
        await _app.WithScopedAsync<FollowUpContacts, int>(contacts => contacts.RunDueAsync(CancellationToken.None));
        var message = await _app.WithDbAsync(db => db.Set<CommunicationMessage>().AsNoTracking().SingleAsync(m => m.SubjectId == followUpId));
        Assert.Equal(("follow-up", "quality.survey.invitation", CommunicationChannel.Sms, CommunicationState.Pending),
            (message.SubjectKind, message.TemplateCode, message.Channel, message.State));
        var link = JsonDocument.Parse(message.TemplateParameters).RootElement.GetProperty("link").GetString()!;
        Assert.StartsWith(LinkBase, link, StringComparison.Ordinal);
        return link[LinkBase.Length..];
    }

    private async Task<HttpResponseMessage> AnswerAsync(string token, object body)
    {
        using var anonymous = _app.CreateClient();
        return await anonymous.PostAsJsonAsync($"{Invitations}/{token}/answer", body);
    }

    private Task<FollowUp> FollowUpAsync(string id) => _app.WithDbAsync(db => db.FollowUps.AsNoTracking().SingleAsync(f => f.FollowUpId == id));

    [Fact]
    public async Task A_due_invitation_follow_up_is_invited_with_a_hashed_single_use_token_and_one_sms()
    {
        var token = await InviteAsync("fu_inv_1", "vis_inv_1");

        var followUp = await FollowUpAsync("fu_inv_1");
        Assert.Equal(FollowUpStatus.Invited, followUp.Status);
        Assert.True(SurveyInvitationToken.IsWellFormed(token), token);
        // Only the hash is kept, and it is SHA-256 of the token in lower-case hex.
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(token))),
            followUp.InvitationTokenHash);
        Assert.Equal(Now.AddDays(7), followUp.InvitationExpiresAt);
        // A second pass finds nothing due and sends nothing more.
        Assert.Equal(0, await _app.WithScopedAsync<FollowUpContacts, int>(contacts => contacts.RunDueAsync(CancellationToken.None)));
        Assert.Equal(1, await _app.WithDbAsync(db => db.Set<CommunicationMessage>().CountAsync(m => m.SubjectId == "fu_inv_1")));
        var audit = await _app.WithDbAsync(db => db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.RecordId == "fu_inv_1").Select(e => e.Action).ToListAsync());
        Assert.Contains(FollowUpAudit.InvitedAction, audit);
    }

    [Fact]
    public async Task The_link_shows_its_case_and_answers_once_as_the_cases_survey_answer()
    {
        var token = await InviteAsync("fu_inv_2", "vis_inv_2");
        using var anonymous = _app.CreateClient();

        using var opened = await anonymous.GetAsync($"{Invitations}/{token}");
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        var view = await opened.ReadJsonAsync();
        Assert.Equal(("visit", "hall-001"), (view.GetProperty("caseKind").GetString(), view.GetProperty("hallId").GetString()));
        Assert.Equal(Now.AddDays(7), view.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.DoesNotContain("13812345678", view.GetRawText(), StringComparison.Ordinal);

        using var answered = await AnswerAsync(token, new { csatScore = 4, npsScore = 9, firstContactResolved = true, comment = "Quick" });
        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var responseId = (await answered.ReadJsonAsync()).GetProperty("responseId").GetString()!;

        var response = await _app.WithDbAsync(db => db.SurveyResponses.AsNoTracking().SingleAsync(r => r.ResponseId == responseId));
        Assert.Equal((CaseType.Visit, "vis_inv_2", "hall-001", 4, 9, (bool?)true, "Quick"),
            (response.CaseType, response.CaseId, response.HallId, response.CsatScore, response.NpsScore, response.FirstContactResolved, response.Comment));
        var followUp = await FollowUpAsync("fu_inv_2");
        Assert.Equal((FollowUpStatus.Reached, responseId, (DateTimeOffset?)Now), (followUp.Status, followUp.ResponseId, followUp.FinishedAt));

        using var again = await AnswerAsync(token, new { csatScore = 1, npsScore = 0 });
        var problem = await ProblemAssert.IsProblemAsync(again, HttpStatusCode.Conflict);
        Assert.Equal("Survey link already used.", problem.GetProperty("title").GetString());
        using var reopened = await anonymous.GetAsync($"{Invitations}/{token}");
        await ProblemAssert.IsProblemAsync(reopened, HttpStatusCode.Conflict);
        Assert.Equal(1, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CaseId == "vis_inv_2")));
    }

    [Fact]
    public async Task The_answer_joins_the_trace_of_the_change_that_finished_the_case()
    {
        var stopped = new System.Collections.Concurrent.ConcurrentBag<System.Diagnostics.Activity>();
        using var listener = new System.Diagnostics.ActivityListener
        {
            ShouldListenTo = source => source.Name == "HallPlatform.Quality",
            Sample = (ref System.Diagnostics.ActivityCreationOptions<System.Diagnostics.ActivityContext> _) =>
                System.Diagnostics.ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        System.Diagnostics.ActivitySource.AddActivityListener(listener);
        var journey = System.Diagnostics.ActivityTraceId.CreateRandom();
        var token = await InviteAsync("fu_inv_8", "vis_inv_8",
            journeyTraceParent: $"00-{journey.ToHexString()}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");

        using var answered = await AnswerAsync(token, new { csatScore = 5, npsScore = 10 });

        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        var span = Assert.Single(stopped, a => (string?)a.GetTagItem("hall.case_id") == "vis_inv_8");
        Assert.Equal(("quality.survey-answer", journey), (span.OperationName, span.TraceId));
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_records_nothing()
    {
        var token = await InviteAsync("fu_inv_3", "vis_inv_3");
        _clock.Advance(TimeSpan.FromDays(7));

        using var late = await AnswerAsync(token, new { csatScore = 5, npsScore = 10 });

        var problem = await ProblemAssert.IsProblemAsync(late, HttpStatusCode.Conflict);
        Assert.Equal("Survey link expired.", problem.GetProperty("title").GetString());
        Assert.Equal(FollowUpStatus.Invited, (await FollowUpAsync("fu_inv_3")).Status);
        Assert.Equal(0, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CaseId == "vis_inv_3")));
    }

    [Theory]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")] // well formed, never issued
    [InlineData("short")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA%2B")]
    public async Task A_token_never_issued_is_404(string token)
    {
        using var anonymous = _app.CreateClient();

        using var opened = await anonymous.GetAsync($"{Invitations}/{token}");
        using var answered = await AnswerAsync(token, new { csatScore = 5, npsScore = 10 });

        await ProblemAssert.IsProblemAsync(opened, HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(answered, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_link_answers_only_its_own_case()
    {
        var first = await InviteAsync("fu_inv_4", "vis_inv_4");
        var second = await InviteAsync("fu_inv_5", "vis_inv_5", phone: "13900001111");

        using var answered = await AnswerAsync(second, new { csatScore = 2, npsScore = 3 });

        Assert.Equal(HttpStatusCode.Created, answered.StatusCode);
        Assert.Equal(["vis_inv_5"], await _app.WithDbAsync(db => db.SurveyResponses.Where(r => r.CaseId.StartsWith("vis_inv_4") || r.CaseId.StartsWith("vis_inv_5"))
            .Select(r => r.CaseId).ToListAsync()));
        Assert.Equal(FollowUpStatus.Invited, (await FollowUpAsync("fu_inv_4")).Status);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(6, 5, "csatScore")]
    [InlineData(0, 5, "csatScore")]
    [InlineData(3, 11, "npsScore")]
    [InlineData(null, 5, "csatScore")]
    [InlineData(3, null, "npsScore")]
    public async Task Out_of_range_or_missing_scores_are_400_naming_the_field_and_keep_the_link(int? csat, int? nps, string field)
    {
        var token = await InviteAsync("fu_inv_6", "vis_inv_6");

        using var answered = await AnswerAsync(token, new { csatScore = csat, npsScore = nps });

        await ProblemAssert.IsValidationProblemAsync(answered, field);
        Assert.Equal(FollowUpStatus.Invited, (await FollowUpAsync("fu_inv_6")).Status);
    }

    [Fact]
    public async Task Concurrent_uses_of_one_link_record_one_answer()
    {
        var token = await InviteAsync("fu_inv_7", "vis_inv_7");

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => AnswerAsync(token, new { csatScore = 1 + (i % 5), npsScore = i % 11 })));

        Assert.Equal(1, answers.Count(a => a.StatusCode == HttpStatusCode.Created));
        Assert.Equal(11, answers.Count(a => a.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(1, await _app.WithDbAsync(db => db.SurveyResponses.CountAsync(r => r.CaseId == "vis_inv_7")));
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    /// <summary>Every case has the same customer (the phone is set per test step); nobody asked not to be contacted.</summary>
    private sealed class FixedContacts : ICaseContactSource
    {
        public string Phone { get; set; } = "13812345678";

        public Task<CaseContactInfo?> GetAsync(CaseType kind, string contactCaseId, CancellationToken cancellationToken) =>
            Task.FromResult<CaseContactInfo?>(new CaseContactInfo("Li Na", Phone, DoNotContact: false));
    }
}
