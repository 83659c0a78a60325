using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using HallPlatform.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Messaging;

namespace HallPlatform.Fault.Application;

/// <summary>What the hub needs of the ticket an outbox event is about.</summary>
public sealed record PartnerTicketFacts(
    string TicketId, string? ReporterPartnerId, string? ExternalId, Channel Channel, Severity Severity, TicketType TicketType);

/// <summary>One TMF event made from an outbox event, ready to be stored once per matching subscription.</summary>
public sealed record PartnerEvent(PartnerEventType Type, Guid EventId, string TicketId, string Body);

/// <summary>
/// The one place that says which of Fault's integration events become which TMF621 notifications
/// (<see cref="Mapping"/>), and what their bodies hold: ids, codes and times only, never the customer or free text (a
/// partner reads those with GET on its ticket).
/// </summary>
public static class PartnerHubEvents
{
    /// <summary>Outbox event type -> the TMF event types it yields, from its payload. Types not listed yield none.</summary>
    public static IReadOnlyDictionary<string, Func<JsonElement, IReadOnlyList<PartnerEventType>>> Mapping { get; } =
        new Dictionary<string, Func<JsonElement, IReadOnlyList<PartnerEventType>>>(StringComparer.Ordinal)
        {
            [TroubleTicketEvents.CreatedType] = _ => [PartnerEventType.TroubleTicketCreateEvent],
            [TroubleTicketEvents.StatusChangedType] = payload => StatusChangeEvents(StatusOf(payload, "to")),
            [AppointmentEvents.ChangedType] = _ => [PartnerEventType.TroubleTicketAttributeValueChangeEvent],
        };

    /// <summary>The attribute an appointment change event is about (TMF's <c>fieldPath</c>).</summary>
    public const string AppointmentFieldPath = "relatedEntity";

    public static readonly JsonSerializerOptions BodyJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The TMF ticket path (relative href) of <paramref name="ticketId"/>.</summary>
    public static string Href(string ticketId) => $"/tmf-api/troubleTicket/v4/troubleTicket/{ticketId}";

    /// <summary>Whether Fault's <paramref name="outboxType"/> can reach partners at all.</summary>
    public static bool IsMapped(string outboxType) => Mapping.ContainsKey(outboxType);

    /// <summary>The TMF events of one outbox event about <paramref name="ticket"/>; none for unmapped types.</summary>
    public static IReadOnlyList<PartnerEvent> From(OutboxEvent outboxEvent, PartnerTicketFacts ticket)
    {
        ArgumentNullException.ThrowIfNull(outboxEvent);
        ArgumentNullException.ThrowIfNull(ticket);
        if (!Mapping.TryGetValue(outboxEvent.Type, out var map))
        {
            return [];
        }
        using var payload = JsonDocument.Parse(outboxEvent.Payload);
        var root = payload.RootElement;
        // An appointment change is about the ticket's relatedEntity, not its status: the event carries the appointment
        // (and the area) and no status.
        var appointment = outboxEvent.Type == AppointmentEvents.ChangedType ? AppointmentOf(root) : null;
        var status = appointment is null ? StatusOf(root, "to") ?? StatusOf(root, "status") : null;
        var events = new List<PartnerEvent>();
        foreach (var type in map(root))
        {
            var eventId = EventIdOf(outboxEvent.EventId, type);
            var body = new PartnerEventBody(
                eventId.ToString(), outboxEvent.OccurredAt.ToUniversalTime(), type.ToWire(),
                CorrelationId: outboxEvent.EventId.ToString(), Domain: "troubleTicket", Title: Titles[type],
                TimeOcurred: outboxEvent.OccurredAt.ToUniversalTime(),
                Event: new PartnerEventPayload(new PartnerEventTicket(
                    ticket.TicketId, Href(ticket.TicketId), "TroubleTicket", ticket.ExternalId,
                    status?.ToWire(), ticket.Severity.ToWire(), ticket.TicketType.ToWire(),
                    new PartnerEventChannel(ticket.Channel.ToWire(), ticket.Channel.ToWire(), "Channel"),
                    outboxEvent.OccurredAt.ToUniversalTime(),
                    appointment)),
                FieldPath: appointment is null ? null : AppointmentFieldPath);
            events.Add(new PartnerEvent(type, eventId, ticket.TicketId, JsonSerializer.Serialize(body, BodyJson)));
        }
        return events;
    }

    /// <summary>The area and the appointment an appointmentChanged payload is about, as TMF related entities.</summary>
    private static IReadOnlyList<Tmf621RelatedEntity>? AppointmentOf(JsonElement payload)
    {
        var changed = payload.Deserialize<TroubleTicketAppointmentChanged>(BodyJson);
        if (changed is null)
        {
            return null;
        }
        return
        [
            Tmf621RelatedEntities.Area(changed.Area),
            Tmf621RelatedEntities.Appointment(changed.TicketId, changed.AppointmentId, changed.Status, changed.Start, changed.End),
        ];
    }

    /// <summary>
    /// Every status change is a state change; reaching resolved is also a resolved event, reaching pending (waiting on
    /// the customer or partner) an information-required event.
    /// </summary>
    private static IReadOnlyList<PartnerEventType> StatusChangeEvents(TicketStatus? to) => to switch
    {
        TicketStatus.Resolved => [PartnerEventType.TroubleTicketStateChangeEvent, PartnerEventType.TroubleTicketResolvedEvent],
        TicketStatus.Pending => [PartnerEventType.TroubleTicketStateChangeEvent, PartnerEventType.TroubleTicketInformationRequiredEvent],
        _ => [PartnerEventType.TroubleTicketStateChangeEvent],
    };

    private static TicketStatus? StatusOf(JsonElement payload, string property) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(property, out var value)
        && value.ValueKind == JsonValueKind.String && WireNames<TicketStatus>.TryParse(value.GetString(), out var status)
            ? status
            : null;

    private static readonly Dictionary<PartnerEventType, string> Titles = new()
    {
        [PartnerEventType.TroubleTicketCreateEvent] = "Trouble ticket created",
        [PartnerEventType.TroubleTicketStateChangeEvent] = "Trouble ticket status changed",
        [PartnerEventType.TroubleTicketResolvedEvent] = "Trouble ticket resolved",
        [PartnerEventType.TroubleTicketInformationRequiredEvent] = "Trouble ticket needs information",
        [PartnerEventType.TroubleTicketAttributeValueChangeEvent] = "Trouble ticket appointment changed",
    };

    /// <summary>A stable id per (outbox event, TMF type): a second fan-out of the same event makes the same ids.</summary>
    public static Guid EventIdOf(Guid outboxEventId, PartnerEventType type)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{outboxEventId:N}/{type.ToWire()}"));
        // RFC 9562 version 8 (custom), variant 10.
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}

/// <summary>A TMF621 notification as POSTed to a partner's callback.</summary>
public sealed record PartnerEventBody(
    string EventId,
    DateTimeOffset EventTime,
    string EventType,
    string CorrelationId,
    string Domain,
    string Title,
    DateTimeOffset TimeOcurred,
    PartnerEventPayload Event,
    string? FieldPath = null);

public sealed record PartnerEventPayload(PartnerEventTicket TroubleTicket);

/// <summary>The ticket as the event carries it: the TMF field names, without personal data or free text.</summary>
public sealed record PartnerEventTicket(
    string Id,
    string Href,
    [property: JsonPropertyName("@type")] string Type,
    string? ExternalId,
    string? Status,
    string Severity,
    string TicketType,
    PartnerEventChannel Channel,
    DateTimeOffset LastUpdate,
    IReadOnlyList<Tmf621RelatedEntity>? RelatedEntity = null);

public sealed record PartnerEventChannel(string Id, string Name, [property: JsonPropertyName("@type")] string Type);
