using HallPlatform.Application;
using HallPlatform.Quality.Domain;
using Xunit;

namespace HallPlatform.Quality.Tests;

public sealed class SurveyResponseTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    private static SurveyAnswer Answer(int csat = 5, int nps = 9, string? comment = "Quick and friendly") =>
        new(CaseType.TroubleTicket, "tt_1", "hall-001", csat, nps, comment);

    [Theory]
    [InlineData(0, 5, false)]
    [InlineData(1, 5, true)]
    [InlineData(5, 5, true)]
    [InlineData(6, 5, false)]
    [InlineData(3, -1, false)]
    [InlineData(3, 0, true)]
    [InlineData(3, 10, true)]
    [InlineData(3, 11, false)]
    public void Scores_must_be_on_their_scales(int csat, int nps, bool valid)
    {
        Assert.Equal(valid, SurveyResponse.IsValidCsat(csat) && SurveyResponse.IsValidNps(nps));
        if (valid)
        {
            Assert.Equal(csat, SurveyResponse.Record("srv_1", Answer(csat, nps), Now).CsatScore);
        }
        else
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => SurveyResponse.Record("srv_1", Answer(csat, nps), Now));
        }
    }

    [Fact]
    public void The_same_answer_is_a_retry_and_any_difference_is_not()
    {
        var response = SurveyResponse.Record("srv_1", Answer(), Now);

        Assert.True(response.IsSameAnswerAs(Answer()));
        Assert.False(response.IsSameAnswerAs(Answer(csat: 4)));
        Assert.False(response.IsSameAnswerAs(Answer(nps: 10)));
        Assert.False(response.IsSameAnswerAs(Answer(comment: null)));
        Assert.False(response.IsSameAnswerAs(Answer() with { HallId = "hall-002" }));
    }

    [Theory]
    [InlineData("visit", CaseType.Visit)]
    [InlineData("order", CaseType.Order)]
    [InlineData("trouble-ticket", CaseType.TroubleTicket)]
    [InlineData("complaint", CaseType.Complaint)]
    public void Case_types_round_trip_through_their_wire_names(string name, CaseType caseType)
    {
        Assert.True(WireNames<CaseType>.TryParse(name, out var parsed));
        Assert.Equal(caseType, parsed);
        Assert.Equal(name, caseType.ToWire());
    }

    [Theory]
    [InlineData("TroubleTicket")]
    [InlineData("Visit")]
    [InlineData("ticket")]
    [InlineData("")]
    [InlineData(null)]
    public void Other_case_type_names_are_unknown(string? name) => Assert.False(WireNames<CaseType>.TryParse(name, out _));

    [Fact]
    public void Ids_are_prefixed_and_unique()
    {
        var first = SurveyResponse.NewId();
        Assert.StartsWith("srv_", first, StringComparison.Ordinal);
        Assert.NotEqual(first, SurveyResponse.NewId());
    }
}
