using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class EstimateAndKpiTests
{
    [Theory]
    [InlineData(new double[] { }, 420, 5, 420)]
    [InlineData(new double[] { 100, 200, 300, 400 }, 420, 5, 420)]        // too few samples: catalogue average
    [InlineData(new double[] { 100, 200, 300, 400, 500 }, 420, 5, 300)]   // measured average
    [InlineData(new double[] { 60 }, 420, 1, 60)]
    public void Service_seconds_come_from_recent_samples_once_there_are_enough(double[] samples, int catalogue, int minimum, double expected) =>
        Assert.Equal(expected, WaitEstimate.ServiceSeconds(samples, catalogue, minimum));

    [Theory]
    [InlineData(true, 0, 9, 2, 1)]    // first priority ticket
    [InlineData(true, 3, 9, 2, 4)]
    [InlineData(false, 0, 0, 2, 1)]   // nobody ahead
    [InlineData(false, 0, 5, 2, 3)]   // up to 2 priority calls before the first normal one
    [InlineData(false, 2, 5, 2, 8)]   // 2 normal ahead + itself + all 5 priority (bound 6)
    [InlineData(false, 2, 50, 2, 9)]  // 3 normal calls, at most 2 priority each
    [InlineData(false, 1, 50, 0, 2)]  // streak 0: normal tickets never wait for priority
    public void Position_follows_the_fairness_rule(bool isPriority, long rank, long priorityWaiting, int streak, int expected) =>
        Assert.Equal(expected, WaitEstimate.Position(isPriority, rank, priorityWaiting, streak));

    [Fact]
    public void P90_is_the_nearest_rank_percentile()
    {
        Assert.Null(KpiCalculator.Percentile([], 0.9));
        Assert.Equal(7, KpiCalculator.Percentile([7], 0.9));
        Assert.Equal(90, KpiCalculator.Percentile([.. Enumerable.Range(1, 100).Select(i => (double)i)], 0.9));
        Assert.Equal(10, KpiCalculator.Percentile([10, 1, 5, 3, 8, 2, 9, 4, 6, 7], 0.9 + 1e-9)); // ceil(9.00..01) = 10th
        Assert.Equal(9, KpiCalculator.Percentile([10, 1, 5, 3, 8, 2, 9, 4, 6, 7], 0.9));
    }

    [Fact]
    public void Kpis_follow_the_qmatic_definitions()
    {
        var t0 = new DateTimeOffset(2025, 3, 1, 1, 0, 0, TimeSpan.Zero);
        KpiVisit Visit(string type, VisitStatus status, int calledAfter, int? completedAfter = null, int? firstCalledAfter = null) =>
            new(type, status, t0, t0.AddSeconds(firstCalledAfter ?? calledAfter), t0.AddSeconds(calledAfter),
                completedAfter is { } c ? t0.AddSeconds(c) : null);
        var visits = new List<KpiVisit>
        {
            Visit("a", VisitStatus.Completed, 100, 400),                         // wait 100, service 300
            Visit("a", VisitStatus.Completed, 1000, 1100, firstCalledAfter: 600), // wait 600 (first call), service 100 (latest call)
            Visit("a", VisitStatus.NoShow, 2000),                                 // wait 2000
            new("a", VisitStatus.Waiting, t0, null, null, null),                  // arrived, not called
        };

        var figures = KpiCalculator.Compute(visits, _ => 900);

        Assert.Equal((4, 3, 2, 1), (figures.Arrived, figures.Called, figures.Served, figures.NoShows));
        Assert.Equal(900, figures.AverageWaitSeconds);
        Assert.Equal(2000, figures.P90WaitSeconds);
        Assert.Equal(200, figures.AverageServiceSeconds);
        Assert.Equal(0.3333, figures.ShareAboveServiceLevel);
    }

    [Fact]
    public void Kpis_of_nothing_are_zero_counts_and_null_averages()
    {
        var figures = KpiCalculator.Compute([], _ => 900);

        Assert.Equal(new KpiFigures(0, 0, 0, 0, null, null, null, null), figures);
    }

    [Theory]
    [InlineData(-16, AppointmentArrival.TooEarly)]
    [InlineData(-15, AppointmentArrival.InWindow)]
    [InlineData(0, AppointmentArrival.InWindow)]
    [InlineData(15, AppointmentArrival.InWindow)]
    [InlineData(16, AppointmentArrival.Late)]
    public void The_appointment_window_is_fifteen_minutes_either_side(int minutesFromStart, AppointmentArrival expected)
    {
        var startsAt = new DateTimeOffset(2025, 3, 1, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal(expected, AppointmentWindow.Classify(startsAt, startsAt.AddMinutes(minutesFromStart), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)));
    }

    [Theory]
    [InlineData(null, null, false, false)]
    [InlineData("idCard", "110101199003077777", false, false)]
    [InlineData("idCard", null, false, true)]
    [InlineData(null, "12345678", true, false)]
    [InlineData("driving", "12345678", true, false)]
    [InlineData("passport", "E12-34", false, true)]
    public void Id_documents_are_optional_but_complete_when_given(string? type, string? number, bool typeError, bool numberError)
    {
        var (typeMessage, numberMessage) = IdDocuments.Validate(type, number);

        Assert.Equal((typeError, numberError), (typeMessage is not null, numberMessage is not null));
        if (numberMessage is not null && number is not null)
        {
            Assert.DoesNotContain(number, numberMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Id_numbers_are_masked_to_their_last_four() =>
        Assert.Equal(("**************7777", "****", null), (IdDocuments.Mask("110101199003077777"), IdDocuments.Mask("1234"), IdDocuments.Mask(null)));
}
