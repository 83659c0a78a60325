using System.Text.Json.Serialization;
using HallPlatform.Application;
using HallPlatform.Privacy;

namespace HallPlatform.Notifications;

/// <summary>How a communication reaches the customer (TMF681 channel).</summary>
public enum CommunicationChannel
{
    [JsonStringEnumMemberName("sms")]
    Sms,

    [JsonStringEnumMemberName("email")]
    Email,
}

/// <summary>Where a communication is in its delivery (TMF681 state).</summary>
public enum CommunicationState
{
    /// <summary>Waiting for its (next) attempt at <see cref="CommunicationMessage.NextAttemptAt"/>.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    [JsonStringEnumMemberName("sent")]
    Sent,

    /// <summary>Every attempt failed: nobody retries it any more; the last error says why.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>
/// What a use case asks to tell a customer. <see cref="SourceKey"/> names the domain change it comes from (for example
/// <c>tt_...:inProgress:3</c>), so a retried change can never produce a second message. <see cref="Parameters"/> fill
/// the template and must hold no personal data (ids, statuses, dates).
/// </summary>
public sealed record CommunicationRequest(
    string SubjectKind,
    string SubjectId,
    string? HallId,
    string? JourneyId,
    CommunicationChannel Channel,
    string TemplateCode,
    IReadOnlyDictionary<string, string> Parameters,
    string Recipient,
    string SourceKey);

/// <summary>
/// One message to a customer (TMF681 communication message): created in the same transaction as the domain change it
/// reports, delivered later by <see cref="CommunicationDispatcher{TContext}"/>. The recipient is personal data:
/// encrypted at rest, and only <see cref="RecipientMasked"/> is ever shown or logged.
/// </summary>
public sealed class CommunicationMessage
{
    public const string IdPrefix = "msg_";
    public const int MaxKindLength = 32;
    public const int MaxSubjectIdLength = 64;
    public const int MaxHallIdLength = 64;
    public const int MaxJourneyIdLength = 64;
    public const int MaxTemplateCodeLength = 64;
    public const int MaxSourceKeyLength = 160;
    public const int MaxErrorLength = 500;
    public const int MaxTraceParentLength = 55;

    // For EF Core materialisation.
    private CommunicationMessage()
    {
    }

    public string Id { get; private set; } = "";

    /// <summary>What the message is about, e.g. <c>trouble-ticket</c> or <c>complaint</c>, with <see cref="SubjectId"/>.</summary>
    public string SubjectKind { get; private set; } = "";

    public string SubjectId { get; private set; } = "";

    public string? HallId { get; private set; }

    /// <summary>The customer's journey (visit) when the change happened inside one.</summary>
    public string? JourneyId { get; private set; }

    public CommunicationChannel Channel { get; private set; }

    public string TemplateCode { get; private set; } = "";

    /// <summary>JSON object of the template's values; never personal data (checked in <see cref="Create"/>).</summary>
    public string TemplateParameters { get; private set; } = "{}";

    /// <summary>Personal data (phone or e-mail address): encrypted at rest, never logged or returned.</summary>
    public string Recipient { get; private set; } = "";

    public string RecipientMasked { get; private set; } = "";

    public CommunicationState State { get; private set; }

    /// <summary>Attempts started so far (a claim counts as one, so an attempt cut short by a crash is counted too).</summary>
    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>The domain change this message reports; unique, so one change gives exactly one message.</summary>
    public string SourceKey { get; private set; } = "";

    /// <summary>The W3C trace context of the change, so the delivery shows in the same trace.</summary>
    public string? TraceParent { get; private set; }

    public static CommunicationMessage Create(CommunicationRequest request, DateTimeOffset now, string? traceParent)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Recipient);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.SourceKey);
        if (request.Parameters.Values.Any(value => value.Contains(request.Recipient, StringComparison.OrdinalIgnoreCase)))
        {
            // Parameters are stored and shown in clear: the recipient must never be one of them.
            throw new ArgumentException("Template parameters must not contain the recipient.", nameof(request));
        }
        now = now.ToStoredPrecision();
        return new CommunicationMessage
        {
            Id = IdPrefix + Guid.CreateVersion7(now).ToString("N"),
            SubjectKind = request.SubjectKind,
            SubjectId = request.SubjectId,
            HallId = request.HallId,
            JourneyId = request.JourneyId,
            Channel = request.Channel,
            TemplateCode = request.TemplateCode,
            TemplateParameters = CommunicationTemplate.SerializeParameters(request.Parameters),
            Recipient = request.Recipient,
            RecipientMasked = Mask(request.Channel, request.Recipient),
            State = CommunicationState.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            SourceKey = request.SourceKey,
            TraceParent = traceParent is { Length: <= MaxTraceParentLength } ? traceParent : null,
        };
    }

    /// <summary>The recipient as staff and logs may see it.</summary>
    public static string Mask(CommunicationChannel channel, string recipient) => channel switch
    {
        CommunicationChannel.Sms => PersonalDataMask.Phone(recipient),
        _ => MaskEmail(recipient),
    };

    // j***@example.com: enough to tell two addresses apart, not to write to one.
    private static string MaskEmail(string address)
    {
        var at = address.IndexOf('@', StringComparison.Ordinal);
        return at <= 0 ? "****" : string.Concat(address.AsSpan(0, 1), "***", address.AsSpan(at));
    }

    public IReadOnlyDictionary<string, string> Parameters() => CommunicationTemplate.DeserializeParameters(TemplateParameters);
}
