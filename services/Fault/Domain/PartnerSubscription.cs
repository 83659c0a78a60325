using System.Security.Cryptography;
using System.Text.Json.Serialization;
using HallPlatform.Application;

namespace HallPlatform.Fault.Domain;

/// <summary>The TMF621 notification types a partner may subscribe to (docs/fault-partners.md).</summary>
public enum PartnerEventType
{
    [JsonStringEnumMemberName("TroubleTicketCreateEvent")]
    TroubleTicketCreateEvent,

    [JsonStringEnumMemberName("TroubleTicketStateChangeEvent")]
    TroubleTicketStateChangeEvent,

    [JsonStringEnumMemberName("TroubleTicketResolvedEvent")]
    TroubleTicketResolvedEvent,

    [JsonStringEnumMemberName("TroubleTicketInformationRequiredEvent")]
    TroubleTicketInformationRequiredEvent,

    /// <summary>An on-site appointment of the ticket changed (booked, rescheduled, cancelled, arrived, outcome).</summary>
    [JsonStringEnumMemberName("TroubleTicketAttributeValueChangeEvent")]
    TroubleTicketAttributeValueChangeEvent,
}

/// <summary>
/// A partner's hub registration (TMF621 "hub"): where its own tickets' events are POSTed, which event types it wants,
/// and the secret the deliveries are signed with. Belongs to the partner whose API key created it; only that partner
/// sees, removes or receives it.
/// </summary>
public sealed class PartnerSubscription
{
    public const string IdPrefix = "hub_";
    public const int MaxIdLength = 40;
    public const int MaxPartnerIdLength = 64;
    public const int MaxCallbackLength = 2000;
    public const int MaxQueryLength = 500;

    /// <summary>32 random bytes, hex: 64 characters.</summary>
    public const int SecretLength = 64;

    private PartnerSubscription()
    {
    }

    public string SubscriptionId { get; private set; } = "";
    public string PartnerId { get; private set; } = "";
    public string Callback { get; private set; } = "";

    /// <summary>The TMF query as given ("eventType=A,B"), or null for every event type.</summary>
    public string? Query { get; private set; }

    /// <summary>The event types <see cref="Query"/> selects; empty means all.</summary>
    public List<PartnerEventType> EventTypes { get; private set; } = [];

    /// <summary>The HMAC-SHA256 key of the deliveries (hex text). Stored encrypted; shown to the partner once.</summary>
    public string Secret { get; private set; } = "";

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Set by DELETE: no new deliveries, pending ones are cancelled. Kept so past deliveries stay readable.</summary>
    public DateTimeOffset? RemovedAt { get; private set; }

    public bool IsActive => RemovedAt is null;

    public static PartnerSubscription Create(string partnerId, Uri callback, string? query, IReadOnlyCollection<PartnerEventType> eventTypes, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(partnerId);
        ArgumentNullException.ThrowIfNull(callback);
        now = now.ToStoredPrecision();
        return new PartnerSubscription
        {
            SubscriptionId = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            PartnerId = partnerId,
            Callback = callback.AbsoluteUri,
            Query = query,
            EventTypes = [.. eventTypes.Distinct().Order()],
            Secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SecretLength / 2)),
            CreatedAt = now,
        };
    }

    /// <summary>Whether this subscription wants <paramref name="eventType"/> now.</summary>
    public bool Wants(PartnerEventType eventType) => IsActive && (EventTypes.Count == 0 || EventTypes.Contains(eventType));

    /// <summary>Removes the subscription; false when it already was.</summary>
    public bool Remove(DateTimeOffset now)
    {
        if (RemovedAt is not null)
        {
            return false;
        }
        RemovedAt = now.ToStoredPrecision();
        return true;
    }
}

/// <summary>Where a delivery stands.</summary>
public enum PartnerDeliveryState
{
    /// <summary>Not delivered yet: due at <see cref="PartnerDelivery.NextAttemptAt"/>.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>The callback answered 2xx.</summary>
    [JsonStringEnumMemberName("delivered")]
    Delivered,

    /// <summary>Every attempt failed; kept with its last error (and counted) for the partner and operators.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>The subscription was removed before the event was delivered.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

/// <summary>
/// One TMF event for one subscription, with its delivery state. The body is built once, when the outbox event is
/// fanned out, so every retry sends the same bytes (and the same <c>eventId</c> for the partner's de-duplication).
/// </summary>
public sealed class PartnerDelivery
{
    public const int MaxErrorLength = 1000;

    public long Id { get; set; }
    public required string SubscriptionId { get; set; }
    public required string PartnerId { get; set; }

    /// <summary>The TMF event's id: unique per (subscription, source outbox event, TMF event type).</summary>
    public Guid EventId { get; set; }

    public PartnerEventType EventType { get; set; }
    public required string TicketId { get; set; }

    /// <summary>The JSON body POSTed to the callback (ids, codes and times only: no personal data).</summary>
    public required string Body { get; set; }

    public PartnerDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
}

/// <summary>How far the partner hub has read Fault's outbox (one row).</summary>
public sealed class PartnerHubCursor
{
    public const string Name = "partner-hub";

    public required string Consumer { get; set; }
    public long Position { get; set; }
}
