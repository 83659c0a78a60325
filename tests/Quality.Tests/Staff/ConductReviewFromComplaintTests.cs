using System.Runtime.CompilerServices;
using Google.Protobuf.WellKnownTypes;
using HallPlatform.Audit;
using HallPlatform.Contracts.Events.V1;
using HallPlatform.Messaging;
using HallPlatform.Quality.Staff.Application;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.EntityFrameworkCore;
using Xunit;

namespace HallPlatform.Quality.Tests.Staff;

[Collection(ServersCollection.Name)]
public sealed class ConductReviewFromComplaintTests(RealServersFixture servers)
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_upheld_complaint_about_a_staff_member_opens_one_review_however_often_its_events_arrive()
    {
        EventEnvelope[] events =
        [
            // Not upheld, no staff member, upheld without staff member: no review.
            Envelope(1, "cmp_1", """{"complaintId":"cmp_1","from":"received","to":"acknowledged","category":"staff","relatedStaffId":"usr_wang","upheld":false}"""),
            Envelope(2, "cmp_2", """{"complaintId":"cmp_2","from":"investigating","to":"responded","category":"billing","upheld":true}"""),
            Envelope(3, "cmp_3", """{"complaintId":"cmp_3","from":"investigating","to":"responded","category":"billing"}"""),
            // Upheld about usr_wang: one review, also after the closing event says upheld again.
            Envelope(4, "cmp_1", """{"complaintId":"cmp_1","from":"investigating","to":"responded","category":"staff","relatedStaffId":"usr_wang","upheld":true}"""),
            Envelope(5, "cmp_1", """{"complaintId":"cmp_1","from":"responded","to":"closed","category":"staff","relatedStaffId":"usr_wang","upheld":true}"""),
            // A staff id of another shape opens nothing.
            Envelope(6, "cmp_4", """{"complaintId":"cmp_4","from":"investigating","to":"responded","category":"staff","relatedStaffId":"DROP TABLE","upheld":true}"""),
        ];
        await using var app = new QualityApp(servers) { EventSource = new TwiceDeliveredEvents(events) };
        _ = app.Server;

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await app.WithDbAsync(db => db.Set<ConsumerPosition>().AnyAsync(p => p.Consumer == "quality" && p.Producer == "test" && p.Position == 6)))
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the six events to be handled.");
            await Task.Delay(20);
        }

        var reviews = await app.WithDbAsync(db => db.Set<ConductCase>().AsNoTracking().ToListAsync());
        var review = Assert.Single(reviews);
        Assert.Equal(("usr_wang", "hall-001", ConductCategory.Violation, ViolationKind.UpheldComplaint, "cmp_1", ConductStatus.Open, ConductReviewApplier.Recorder.Id),
            (review.StaffId, review.HallId, review.Category, review.ViolationKind, review.ComplaintId, review.Status, review.RecordedBy));
        var audit = await app.WithDbAsync(db => db.Set<AuditEntry>().Where(e => e.RecordType == StaffAudit.ConductRecordType).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal((StaffAudit.ConductOpenedFromComplaintAction, review.CaseId, "service", "hall-001"), (entry.Action, entry.RecordId, entry.ActorKind, entry.HallId));
    }

    private static EventEnvelope Envelope(long position, string subject, string payload) => new()
    {
        Position = position,
        EventId = Guid.NewGuid().ToString(),
        Type = IntegrationEventTypes.ComplaintStatusChanged,
        Producer = "test",
        SubjectId = subject,
        HallId = "hall-001",
        JourneyId = "",
        PayloadJson = payload,
        OccurredAt = Timestamp.FromDateTimeOffset(At.AddMinutes(position)),
        HeadPosition = 6,
    };
}
