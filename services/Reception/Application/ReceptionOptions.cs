namespace HallPlatform.Reception.Application;

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

    /// <summary>How long a call-next waits for Business to open the order before answering without it.</summary>
    public int OpenOrderTimeoutSeconds { get; set; } = 5;
}
