namespace HallPlatform.Reception.Application.Queue;

/// <summary>
/// What the owning service needs to know about a called visit to open its case: which visit, where, for which
/// service type, at which counter and under which ticket. The journey's trace context travels with the call itself
/// (the ambient activity), as for every outgoing gRPC call.
/// </summary>
public sealed record CalledVisitFacts(string VisitId, string HallId, string ServiceType, string CounterId, string TicketNumber);

/// <summary>
/// Opens the case of a called visit in the service that owns its service type (today every type is a Business order;
/// fault reports and complaints will go to Fault and Complaint). Opening is idempotent per visit in the owning
/// service, so asking again for the same visit returns the same case.
/// </summary>
public interface ICaseOpener
{
    /// <summary>
    /// The owning service's id of the case, or null when that service did not answer in time: the call stands without
    /// a case (the failure is logged), and the case can be opened later without creating a second one.
    /// </summary>
    Task<string?> OpenCaseAsync(CalledVisitFacts visit, CancellationToken cancellationToken);
}
