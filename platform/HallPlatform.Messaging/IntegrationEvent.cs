using HallPlatform.Application;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Messaging;

/// <summary>
/// A domain event another service may act on. <paramref name="Payload"/> is serialised to JSON (web casing) and must
/// hold identifiers, codes and states only: never names, phone numbers, emails, ID numbers or free text.
/// </summary>
public sealed record IntegrationEvent(string Type, string SubjectId, string? HallId, string? JourneyId, object Payload);

/// <summary>A row of <c>outbox_events</c>: an integration event stored with the change that caused it.</summary>
public sealed class OutboxEvent
{
    public const int MaxTypeLength = 100;
    public const int MaxIdLength = 64;

    /// <summary>Assigned by the database; grows with commit order (see <see cref="OutboxSql.OrderedCommits"/>).</summary>
    public long Position { get; set; }
    public Guid EventId { get; set; }
    public required string Type { get; set; }
    public required string SubjectId { get; set; }
    public string? JourneyId { get; set; }
    public string? HallId { get; set; }
    public required string Payload { get; set; }
    public DateTimeOffset OccurredAt { get; set; }
    public string? TraceParent { get; set; }

    /// <summary>The row for <paramref name="integrationEvent"/>, with the current trace context (W3C) when there is one.</summary>
    public static OutboxEvent From(IntegrationEvent integrationEvent, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(integrationEvent);
        return new OutboxEvent
        {
            EventId = Guid.CreateVersion7(occurredAt),
            Type = integrationEvent.Type,
            SubjectId = integrationEvent.SubjectId,
            HallId = integrationEvent.HallId,
            JourneyId = integrationEvent.JourneyId,
            Payload = JsonSerializer.Serialize(integrationEvent.Payload, PayloadJson),
            OccurredAt = occurredAt.ToUniversalTime(),
            TraceParent = JourneyTrace.Current(),
        };
    }

    private static readonly JsonSerializerOptions PayloadJson = new(JsonSerializerDefaults.Web);
}

public static class IntegrationEventRecording
{
    /// <summary>
    /// Adds <paramref name="integrationEvent"/> to the context's outbox: the next <c>SaveChangesAsync</c> commits it in
    /// the same transaction as the change, or neither. The context's model must include <see cref="OutboxModel.AddOutbox"/>.
    /// </summary>
    public static OutboxEvent RecordIntegrationEvent(this DbContext db, IntegrationEvent integrationEvent, DateTimeOffset occurredAt)
    {
        ArgumentNullException.ThrowIfNull(db);
        var row = OutboxEvent.From(integrationEvent, occurredAt);
        db.Set<OutboxEvent>().Add(row);
        return row;
    }
}
