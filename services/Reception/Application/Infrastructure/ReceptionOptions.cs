using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>Configuration section "Reception".</summary>
public sealed class ReceptionOptions
{
    public const string Section = "Reception";

    /// <summary>The hall a check-in without hallId belongs to.</summary>
    public string DefaultHallId { get; set; } = "hall-001";

    /// <summary>IANA id of the hall's time zone: its local date is the business day of the number series.</summary>
    public string HallTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>gRPC address of the Business service (service discovery resolves _grpc.business under Aspire).</summary>
    public string BusinessGrpcAddress { get; set; } = "http://_grpc.business";

    /// <summary>gRPC address of the Fault service (trouble tickets of visits whose type Fault owns).</summary>
    public string FaultGrpcAddress { get; set; } = "http://_grpc.fault";

    /// <summary>gRPC address of the Complaint service (complaints of visits whose type Complaint owns).</summary>
    public string ComplaintGrpcAddress { get; set; } = "http://_grpc.complaint";

    /// <summary>
    /// How long one send of a case request waits for the owner (Business, Fault or Complaint) to open the case; a
    /// call-next answers without the case id after this, and the case request outbox tries again later.
    /// </summary>
    public int OpenCaseTimeoutSeconds { get; set; } = 5;

    public CaseRequestOptions CaseRequests { get; set; } = new();

    /// <summary>A called ticket can be marked no-show only after this many recalls (Reception:NoShowAfterRecalls).</summary>
    public int NoShowAfterRecalls { get; set; } = 2;

    public FairnessOptions Fairness { get; set; } = new();

    public AppointmentOptions Appointments { get; set; } = new();

    public EstimateOptions Estimates { get; set; } = new();

    /// <summary>How often the queue-length gauge's snapshot is refreshed.</summary>
    public int QueueMetricsRefreshSeconds { get; set; } = 5;

    /// <summary>
    /// How long a hall's cached setup (service types, counters) may be served without a change announcement: the
    /// safety net behind the Redis pub/sub invalidation (Reception:CatalogueCacheSeconds).
    /// </summary>
    public int CatalogueCacheSeconds { get; set; } = 5;

    /// <summary>
    /// How long reconciliation lets a difference between the Redis queue and PostgreSQL stand before repairing it: a
    /// check-in or call changes one store a moment before the other, and only a lasting difference is a real one
    /// (Reception:ReconcileSettleMilliseconds).
    /// </summary>
    public int ReconcileSettleMilliseconds { get; set; } = 1000;

    public FairnessSettings FairnessSettings => new(Math.Max(0, Fairness.PriorityStreak), Math.Max(0, Fairness.AgingSeconds));
}

/// <summary>Reception:Fairness — see Domain/FairnessRule.cs and docs/queue.md.</summary>
public sealed class FairnessOptions
{
    public int PriorityStreak { get; set; } = 2;
    public int AgingSeconds { get; set; } = 900;
}

/// <summary>Reception:Appointments — the window around startsAt in which an appointment gives priority.</summary>
public sealed class AppointmentOptions
{
    public int EarlyMinutes { get; set; } = 15;
    public int LateMinutes { get; set; } = 15;

    /// <summary>How far ahead an appointment may be booked; also keeps the window arithmetic far from DateTimeOffset's end.</summary>
    public int HorizonDays { get; set; } = 90;
}

/// <summary>Reception:Estimates — measured service times per service type.</summary>
public sealed class EstimateOptions
{
    public int ServiceTimeSamples { get; set; } = 50;
    public int MinimumSamples { get; set; } = 5;

    /// <summary>How long one read of a type's recent service times is reused for estimates (check-in answers).</summary>
    public int CacheMilliseconds { get; set; } = 1000;
}

/// <summary>Configuration section "Reception:CaseRequests": the case request outbox's retries.</summary>
public sealed class CaseRequestOptions
{
    /// <summary>How often the dispatcher looks for pending case requests that are due.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>The wait after the first failed send; doubled after each further failure.</summary>
    public double FirstRetrySeconds { get; set; } = 2;

    /// <summary>The longest wait between two sends of one request.</summary>
    public double MaxRetrySeconds { get; set; } = 300;

    /// <summary>
    /// A send in flight holds its row this long (longer than a send's timeout), so no other replica sends it meanwhile;
    /// a replica that died mid-send frees it when this ends.
    /// </summary>
    public double SendHoldSeconds { get; set; } = 30;

    /// <summary>At most this many requests are claimed per look.</summary>
    public int BatchSize { get; set; } = 20;
}
