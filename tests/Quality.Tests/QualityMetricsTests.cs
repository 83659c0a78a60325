using System.Diagnostics.Metrics;
using HallPlatform.Quality.Application;
using HallPlatform.Quality.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>The headline gauges per hall on a known data set, read with a MeterListener after a refresh at a fake "now".</summary>
[Collection(ServersCollection.Name)]
public sealed class QualityMetricsTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly QualityApp _app;

    public QualityMetricsTests(RealServersFixture servers) => _app = new QualityApp(servers)
    {
        Clock = _clock,
        Settings = new Dictionary<string, string> { ["Quality:Metrics:Refresh"] = "false", ["Quality:FollowUps:Dispatch"] = "false" },
    };

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>
    /// hall-001: answers (5,10,FCR yes) 1 day ago, (4,9,no) 5 days ago, (2,3,yes) 29 days ago, and (1,0,no) 31 days ago,
    /// outside the window: CSAT 2/3 = 66.67, NPS (2-1)/3 = 33.33, FCR 2/3 = 66.67. hall-002: one answer (3,8, FCR not
    /// asked): CSAT 0, NPS 0, no FCR point. Follow-ups: hall-001 ready, claimed, planned, reached (backlog 2); hall-003
    /// ready (1); a partner ticket with no hall, claimed ("none": 1). Actions: hall-001 open due 1 Nov (overdue), open
    /// due 5 Dec (not yet), done due 1 Nov (finished); hall-002 inProgress due 1 Dec (overdue). Statistics facts of hall-001:
    /// tickets repaired within and after their SLA (compliance 50), a complaint answered within 15 days (100).
    /// </summary>
    private Task<int> SeedAsync() => _app.WithDbAsync(async db =>
    {
        (string Case, string Hall, int Csat, int Nps, bool? Fcr, int DaysAgo)[] answers =
        [
            ("vis_1", "hall-001", 5, 10, true, 1),
            ("vis_2", "hall-001", 4, 9, false, 5),
            ("vis_3", "hall-001", 2, 3, true, 29),
            ("vis_4", "hall-001", 1, 0, false, 31),
            ("vis_5", "hall-002", 3, 8, null, 2),
        ];
        foreach (var a in answers)
        {
            db.SurveyResponses.Add(SurveyResponse.Record(SurveyResponse.NewId(), new SurveyAnswer(CaseType.Visit, a.Case, a.Hall, a.Csat, a.Nps, null, a.Fcr),
                Now.AddDays(-a.DaysAgo)));
        }
        (string Id, string? Hall, FollowUpStatus Status)[] followUps =
        [
            ("fu_1", "hall-001", FollowUpStatus.Ready),
            ("fu_2", "hall-001", FollowUpStatus.Claimed),
            ("fu_3", "hall-001", FollowUpStatus.Planned),
            ("fu_4", "hall-001", FollowUpStatus.Reached),
            ("fu_5", "hall-003", FollowUpStatus.Ready),
            ("fu_6", null, FollowUpStatus.Claimed),
        ];
        foreach (var f in followUps)
        {
            var caseId = "case_" + f.Id;
            db.FollowUpCases.Add(new FollowUpCase { CaseKind = CaseType.Visit, CaseId = caseId, HallId = f.Hall, CompletedAt = Now.AddDays(-2) });
            db.FollowUps.Add(new FollowUp
            {
                FollowUpId = f.Id, CaseKind = CaseType.Visit, CaseId = caseId, ContactCaseId = caseId, HallId = f.Hall, PlannedAt = Now.AddDays(-2),
                DueAt = Now.AddDays(-1), NextAttemptAt = Now.AddDays(-1), Status = f.Status,
            });
        }
        // Statistics facts of hall-001: one ticket repaired within its SLA, one after it (50 %); one complaint first
        // answered within its 15 days (100 %).
        db.CaseFacts.Add(new CaseFact
        {
            CaseKind = CaseType.TroubleTicket, CaseId = "tt_m1", HallId = "hall-001", Status = "resolved", OpenedAt = Now.AddDays(-4),
            FinishedAt = Now.AddDays(-3), DueAt = Now.AddDays(-2), MetTarget = true, RepairSeconds = 86_400, LastEventAt = Now.AddDays(-3),
        });
        db.CaseFacts.Add(new CaseFact
        {
            CaseKind = CaseType.TroubleTicket, CaseId = "tt_m2", HallId = "hall-001", Status = "resolved", OpenedAt = Now.AddDays(-6),
            FinishedAt = Now.AddDays(-2), DueAt = Now.AddDays(-4), MetTarget = false, RepairSeconds = 345_600, LastEventAt = Now.AddDays(-2),
        });
        db.CaseFacts.Add(new CaseFact
        {
            CaseKind = CaseType.Complaint, CaseId = "cmp_m1", HallId = "hall-001", Status = "responded", OpenedAt = Now.AddDays(-5),
            FirstResponseAt = Now.AddDays(-3), DueAt = Now.AddDays(10), MetTarget = true, LastEventAt = Now.AddDays(-3),
        });
        db.ImprovementActions.Add(Action("act_1", "hall-001", new DateOnly(2026, 11, 1)));
        db.ImprovementActions.Add(Action("act_2", "hall-001", new DateOnly(2026, 12, 5)));
        var done = Action("act_3", "hall-001", new DateOnly(2026, 11, 1));
        done.MoveTo(ImprovementActionStatus.InProgress, "usr_qa", null, null, Now);
        done.MoveTo(ImprovementActionStatus.Done, "usr_qa", null, "Done.", Now);
        db.ImprovementActions.Add(done);
        var started = Action("act_4", "hall-002", new DateOnly(2026, 12, 1));
        started.MoveTo(ImprovementActionStatus.InProgress, "usr_qa", null, null, Now);
        db.ImprovementActions.Add(started);
        return await db.SaveChangesAsync();
    });

    private static ImprovementAction Action(string id, string hallId, DateOnly due) => ImprovementAction.Create(id,
        new ImprovementActionPlan(hallId, "Action", null, "usr_wang", due, QualityMetric.Csat, null, null, null, null), "usr_qa", Now.AddDays(-40));

    [Fact]
    public async Task The_gauges_give_the_known_figures_per_hall_from_the_last_refresh()
    {
        await SeedAsync();
        var meterFactory = _app.Services.GetRequiredService<IMeterFactory>();
        var metrics = _app.Services.GetRequiredService<QualityMetrics>();

        // Before any refresh the gauges have nothing (a scrape never queries the database).
        Assert.Empty(Read(meterFactory));

        await _app.WithDbAsync(async db =>
        {
            await metrics.RefreshAsync(db, _clock.GetUtcNow(), CancellationToken.None);
            return 0;
        });

        var expected = new SortedSet<(string, string, double)>
        {
            (QualityMetrics.CsatName, "hall-001", 66.67), (QualityMetrics.CsatName, "hall-002", 0),
            (QualityMetrics.NpsName, "hall-001", 33.33), (QualityMetrics.NpsName, "hall-002", 0),
            (QualityMetrics.FcrName, "hall-001", 66.67),
            (QualityMetrics.FollowUpBacklogName, "hall-001", 2), (QualityMetrics.FollowUpBacklogName, "hall-002", 0),
            (QualityMetrics.FollowUpBacklogName, "hall-003", 1), (QualityMetrics.FollowUpBacklogName, "none", 1),
            (QualityMetrics.OverdueActionsName, "hall-001", 1), (QualityMetrics.OverdueActionsName, "hall-002", 1),
            (QualityMetrics.OverdueActionsName, "hall-003", 0), (QualityMetrics.OverdueActionsName, "none", 0),
            (QualityMetrics.FaultSlaComplianceName, "hall-001", 50), (QualityMetrics.Complaint15DayComplianceName, "hall-001", 100),
        };
        Assert.Equal(expected, Read(meterFactory));

        // Four days on: hall-001's action due 5 Dec is overdue, and the answer of 29 days ago has left the window.
        _clock.Advance(TimeSpan.FromDays(4));
        await _app.WithDbAsync(async db =>
        {
            await metrics.RefreshAsync(db, _clock.GetUtcNow(), CancellationToken.None);
            return 0;
        });
        var later = Read(meterFactory);
        Assert.Contains((QualityMetrics.OverdueActionsName, "hall-001", 2), later);
        // hall-001 now has (5,10,yes) and (4,9,no): CSAT 100, NPS 100, FCR 50.
        Assert.Contains((QualityMetrics.CsatName, "hall-001", 100), later);
        Assert.Contains((QualityMetrics.NpsName, "hall-001", 100), later);
        Assert.Contains((QualityMetrics.FcrName, "hall-001", 50), later);
    }

    /// <summary>One collection of every gauge of this app's Quality meter: (instrument, hall, value).</summary>
    private static SortedSet<(string, string, double)> Read(IMeterFactory meterFactory)
    {
        var values = new SortedSet<(string, string, double)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == QualityMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meterFactory))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var hall = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "hall.id")
                {
                    hall = (string)tag.Value!;
                }
            }
            lock (values)
            {
                values.Add((instrument.Name, hall, value));
            }
        }
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
