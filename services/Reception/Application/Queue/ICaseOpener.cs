using HallPlatform.Reception.Domain;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>
/// What the owning service needs to open a called visit's case: which visit and journey, where, for which service
/// type, at which counter and under which ticket, and (for Fault and Complaint, which contact the customer) the
/// customer's name and phone, decrypted only for this send and never stored with the case request.
/// </summary>
public sealed record CaseOpening(
    CaseOwner Owner,
    string VisitId,
    string? JourneyId,
    string HallId,
    string ServiceType,
    string CounterId,
    string TicketNumber,
    string? CustomerName = null,
    string? CustomerPhone = null);

/// <summary>
/// Opens a called visit's case in the service that owns its service type (Business order, Fault trouble ticket or
/// Complaint). Opening is idempotent per visit in the owning service, so asking again for the same visit (a retry
/// after a lost answer) returns the same case.
/// </summary>
public interface ICaseOpener
{
    /// <summary>The owner's id of the case; throws when the owner did not answer it (the caller retries later).</summary>
    Task<string> OpenCaseAsync(CaseOpening opening, CancellationToken cancellationToken);
}
