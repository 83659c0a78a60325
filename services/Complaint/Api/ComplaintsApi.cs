using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Notifications;
using HallPlatform.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Complaint.Api;

public sealed record StatusChangeResponse(
    [property: WireEnum<ComplaintStatus>] string From, [property: WireEnum<ComplaintStatus>] string To, DateTimeOffset At, string? Note, string? By);

/// <summary>One assignment or transfer: from which department/handler to which, who, why, when.</summary>
public sealed record AssignmentResponse(
    string? FromDepartmentId, string? FromHandlerId, string ToDepartmentId, string? ToHandlerId, string By, string? Reason, DateTimeOffset At);

public sealed record ComplaintLinkResponse(string OtherComplaintId, [property: WireEnum<ComplaintLinkKind>] string Kind, string By, DateTimeOffset At);

/// <summary>The remedy offered with the response.</summary>
public sealed record RemedyResponse(long RefundFen, bool Apology, string? CorrectiveAction);

/// <summary>The complaint's clocks: the 15-day answer rule and the category's targets.</summary>
public sealed record ComplaintClocksResponse(
    DateTimeOffset ResponseDueAt,
    DateTimeOffset FirstResponseDueAt,
    DateTimeOffset ResolutionDueAt,
    DateTimeOffset? FirstResponseAt,
    DateTimeOffset? RespondedAt,
    DateTimeOffset? ConfirmationDueAt,
    DateTimeOffset? ClosedAt,
    bool? AnsweredWithinDeadline,
    DateTimeOffset? FirstResponseWarnedAt,
    DateTimeOffset? ResolutionWarnedAt,
    DateTimeOffset? FirstResponseBreachedAt,
    DateTimeOffset? ResolutionBreachedAt);

/// <summary>
/// A complaint as REST shows it. The customer's phone is in clear only in reads by callers whose work needs it; write
/// answers are always masked (the caller just sent the data, and the gateway may keep the answer for Idempotency-Key
/// replays).
/// </summary>
public sealed record ComplaintResponse(
    string ComplaintId,
    [property: WireEnum<ComplaintChannel>] string Channel,
    string? ExternalId,
    string Subject,
    string Description,
    string RemedySought,
    [property: WireEnum<ComplaintCategory>] string Category,
    string HallId,
    string CustomerPhone,
    [property: WireEnum<ComplaintStatus>] string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AcknowledgedAt,
    DateTimeOffset ResponseDueAt,
    IReadOnlyList<StatusChangeResponse> StatusChangeHistory,
    string? JourneyId,
    string? VisitId,
    string? CustomerName,
    string? RelatedVisitId,
    string? RelatedOrderId,
    string? RelatedTicketId,
    string? RelatedStaffId,
    [property: WireEnum<ComplaintSeverity>] string? Severity,
    string? DepartmentId,
    string? HandlerId,
    string? Findings,
    string? RootCauseCode,
    string? RootCauseNote,
    RemedyResponse? Remedy,
    bool? Upheld,
    [property: WireEnum<ComplaintOutcome>] string? Outcome,
    string? MasterComplaintId,
    ComplaintClocksResponse Clocks,
    IReadOnlyList<AssignmentResponse> AssignmentHistory,
    IReadOnlyList<ComplaintLinkResponse> Links,
    int? RepeatComplaintCount)
{
    public static ComplaintResponse From(CustomerComplaint complaint, HallCaller? reader, int? repeatComplaintCount = null) => new(
        complaint.ComplaintId,
        complaint.Channel.ToWire(),
        complaint.ExternalId,
        complaint.Subject,
        complaint.Description,
        complaint.RemedySought,
        complaint.Category.ToWire(),
        complaint.HallId,
        reader?.MaySeePersonalData(complaint.HallId, ComplaintsApi.PersonalDataRoles) == true
            ? complaint.CustomerPhone
            : PersonalDataMask.Phone(complaint.CustomerPhone),
        complaint.Status.ToWire(),
        complaint.ReceivedAt,
        complaint.AcknowledgedAt,
        complaint.ResponseDueAt,
        complaint.StatusChangeHistory
            .Select(change => new StatusChangeResponse(change.From.ToWire(), change.To.ToWire(), change.At, change.Note, change.By))
            .ToList(),
        complaint.JourneyId,
        complaint.VisitId,
        complaint.CustomerName is null ? null
            : reader?.MaySeePersonalData(complaint.HallId, ComplaintsApi.PersonalDataRoles) == true
                ? complaint.CustomerName
                : PersonalDataMask.Name(complaint.CustomerName),
        complaint.RelatedVisitId,
        complaint.RelatedOrderId,
        complaint.RelatedTicketId,
        complaint.RelatedStaffId,
        complaint.Severity?.ToWire(),
        complaint.DepartmentId,
        complaint.HandlerId,
        complaint.Findings,
        complaint.RootCauseCode,
        complaint.RootCauseNote,
        complaint.RespondedAt is null ? null : new RemedyResponse(complaint.RefundFen ?? 0, complaint.Apology ?? false, complaint.CorrectiveAction),
        complaint.Upheld,
        complaint.Outcome?.ToWire(),
        complaint.MasterComplaintId,
        new ComplaintClocksResponse(
            complaint.ResponseDueAt, complaint.FirstResponseDueAt, complaint.ResolutionDueAt, complaint.FirstResponseAt, complaint.RespondedAt,
            complaint.ConfirmationDueAt, complaint.ClosedAt, complaint.AnsweredWithinDeadline, complaint.FirstResponseWarnedAt,
            complaint.ResolutionWarnedAt, complaint.FirstResponseBreachedAt, complaint.ResolutionBreachedAt),
        complaint.AssignmentHistory
            .Select(a => new AssignmentResponse(a.FromDepartmentId, a.FromHandlerId, a.ToDepartmentId, a.ToHandlerId, a.By, a.Reason, a.At))
            .ToList(),
        complaint.Links.Select(l => new ComplaintLinkResponse(l.OtherComplaintId, l.Kind.ToWire(), l.By, l.At)).ToList(),
        repeatComplaintCount);
}

/// <summary>An open complaint whose clock is breached (or due within the warning lead time).</summary>
public sealed record OverdueComplaintResponse(
    string ComplaintId,
    string HallId,
    [property: WireEnum<ComplaintCategory>] string Category,
    [property: WireEnum<ComplaintStatus>] string Status,
    string? DepartmentId,
    string? HandlerId,
    [property: WireEnum<ComplaintClock>] string Clock,
    DateTimeOffset DueAt,
    bool Breached)
{
    public static OverdueComplaintResponse From(OverdueComplaint overdue) => new(
        overdue.ComplaintId, overdue.HallId, overdue.Category.ToWire(), overdue.Status.ToWire(), overdue.DepartmentId, overdue.HandlerId,
        overdue.Clock.ToWire(), overdue.DueAt, overdue.Breached);
}

public sealed record ComplaintSummaryResponse(
    string ComplaintId,
    [property: WireEnum<ComplaintChannel>] string Channel,
    string Subject,
    [property: WireEnum<ComplaintCategory>] string Category,
    string HallId,
    [property: WireEnum<ComplaintStatus>] string Status,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ResponseDueAt)
{
    public static ComplaintSummaryResponse From(ComplaintSummary summary) => new(
        summary.ComplaintId,
        summary.Channel.ToWire(),
        summary.Subject,
        summary.Category.ToWire(),
        summary.HallId,
        summary.Status.ToWire(),
        summary.ReceivedAt,
        summary.ResponseDueAt);
}

/// <summary>The messages sent to a complainant (the local mailbox in development), recipient masked.</summary>
public sealed record ComplaintCommunicationsResponse(string ComplaintId, IReadOnlyList<CommunicationView> Communications);

public static class ComplaintsApi
{
    public const string BasePath = "/api/v1/complaints";

    /// <summary>Complaint handlers call the customer back; other intake roles only register (docs/security.md).</summary>
    public static readonly IReadOnlyList<string> PersonalDataRoles = [HallRoles.ComplaintHandler];

    public static IEndpointRouteBuilder MapComplaintsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath)
            .WithTag("Complaints", "Customer complaints handled along ISO 10002: receipt, assessment, investigation, response, closure.");
        group.MapPost("/", RegisterAsync).WithName("RegisterComplaint")
            .WithSummary("Register a complaint")
            .WithDescription("Receives and acknowledges a complaint at once (201 with Location); `responseDueAt` is receipt + 15 "
                + "days. Idempotent per `(channel, externalId)`: a repeat returns the same complaint (200), other content is 409.");
        group.MapGet("/{complaintId}", GetAsync).WithName("GetComplaint")
            .WithSummary("Get a complaint")
            .WithDescription("One complaint with its status history.");
        group.MapGet("/", ListAsync).WithName("ListComplaints")
            .WithSummary("List complaints")
            .WithDescription("Pages of complaints, filtered by `status`, `category` and `customerPhone` (matched through a keyed hash).");
        group.MapPost("/{complaintId}/status", ChangeStatusAsync).WithName("ChangeComplaintStatus")
            .WithSummary("Change a complaint's status")
            .WithDescription("The moves that carry no data: `investigating` (from assigned, escalated or reopened) and `withdrawn` "
                + "(from any open status). Every other move has its own route (assessment, assignment, response, confirmation, "
                + "escalation, links); asking for it here is 409. A forbidden move is 409.");
        group.MapGet("/overdue", OverdueAsync).WithName("ListOverdueComplaints")
            .WithSummary("List overdue complaints")
            .WithDescription("Open complaints of the caller's halls whose next clock (first response, then resolution) is breached or "
                + "due within the warning lead time, soonest first; `breached` says which are past due.");
        group.MapPost("/{complaintId}/assessment", AssessAsync).WithName("AssessComplaint")
            .WithSummary("Register and assess a complaint")
            .WithDescription("acknowledged → assessed: category, severity and the responsible department (by default the department "
                + "owning the category). Sets the category's clock targets. 409 from any other status.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{complaintId}/assignment", AssignAsync).WithName("AssignComplaint")
            .WithSummary("Assign or transfer a complaint")
            .WithDescription("Assigns to a department and (optionally) one of its handlers: assessed, escalated or reopened → assigned; "
                + "while assigned or investigating it is a transfer and the status stays. Every one is kept in `assignmentHistory` "
                + "(from, to, who, why, when) and the customer is told which department handles the complaint.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{complaintId}/response", RespondAsync).WithName("RespondToComplaint")
            .WithSummary("Respond to a complaint")
            .WithDescription("Findings, root cause (from GET /complaint-root-causes, plus free text), remedy (refund in fen, apology, "
                + "corrective action) and whether the complaint is upheld; → responded, the response is sent to the customer and the "
                + "confirmation period starts.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{complaintId}/confirmation", ConfirmAsync).WithName("ConfirmComplaint")
            .WithSummary("Record the customer's reaction to the response")
            .WithDescription("responded → closed (satisfied), or when not satisfied → reopened or escalated (`whenNotSatisfied`); the "
                + "customer is then given the regulator's appeal information.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{complaintId}/escalation", EscalateAsync).WithName("EscalateComplaint")
            .WithSummary("Escalate a complaint to a supervisor")
            .WithDescription("→ escalated with a reason, from any open status after receipt except escalated; the customer is told and "
                + "given the regulator's appeal information. The clock sweep escalates breached complaints itself.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{complaintId}/links", LinkAsync).WithName("LinkComplaint")
            .WithSummary("Link or merge duplicate complaints")
            .WithDescription("`related`: both complaints show the link and stay open. `merge`: this complaint is closed as merged into "
                + "`otherComplaintId` (its master, open, same hall); both keep their own history and show the link.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{complaintId}/communications", GetCommunicationsAsync).WithName("ListComplaintCommunications")
            .WithSummary("List a complaint's customer messages")
            .WithDescription("The acknowledgement and result messages (TMF681 communication records) sent or queued for the complainant, "
                + "recipient masked, with their state (pending, sent, failed), attempts and last error. Staff of the complaint's hall only.");
        return routes;
    }

    /// <summary>
    /// 201 with Location for a new complaint; 200 with the same complaint for a retry of (channel, externalId); 403 for a
    /// staff caller registering for a hall it does not serve.
    /// </summary>
    private static async Task<Results<Created<ComplaintResponse>, Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        RegisterComplaintCommand body, ComplaintHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.RegisterAsync(body, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created($"{BasePath}/{outcome.Value!.ComplaintId}", ComplaintResponse.From(outcome.Value, reader: null)),
            OutcomeKind.Replayed => TypedResults.Ok(ComplaintResponse.From(outcome.Value!, reader: null)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => outcome.ToProblem(),
        };
    }

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string complaintId, ComplaintHandling handling, IHallCallerAccessor callers, CancellationToken cancellationToken)
    {
        var outcome = await handling.GetAsync(complaintId, cancellationToken);
        if (!outcome.Succeeded || outcome.Value is not { } complaint)
        {
            return outcome.ToOk(complaint => ComplaintResponse.From(complaint, callers.Current));
        }
        var repeats = await handling.RepeatCountAsync(complaint, cancellationToken);
        return TypedResults.Ok(ComplaintResponse.From(complaint, callers.Current, repeats));
    }

    private static async Task<Results<Ok<ResultPage<OverdueComplaintResponse>>, ValidationProblem, ProblemHttpResult>> OverdueAsync(
        ComplaintHandling handling,
        CancellationToken cancellationToken,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await handling.OverdueAsync(paging, cancellationToken);
        return outcome.ToOk(result => result.Map(OverdueComplaintResponse.From));
    }

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> AssessAsync(
        string complaintId, AssessComplaintCommand body, ComplaintHandling handling, CancellationToken cancellationToken) =>
        (await handling.AssessAsync(complaintId, body, cancellationToken)).ToOk(complaint => ComplaintResponse.From(complaint, reader: null));

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> AssignAsync(
        string complaintId, AssignComplaintCommand body, ComplaintHandling handling, CancellationToken cancellationToken) =>
        (await handling.AssignAsync(complaintId, body, cancellationToken)).ToOk(complaint => ComplaintResponse.From(complaint, reader: null));

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> RespondAsync(
        string complaintId, RespondComplaintCommand body, ComplaintHandling handling, CancellationToken cancellationToken) =>
        (await handling.RespondAsync(complaintId, body, cancellationToken)).ToOk(complaint => ComplaintResponse.From(complaint, reader: null));

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        string complaintId, ConfirmComplaintCommand body, ComplaintHandling handling, CancellationToken cancellationToken) =>
        (await handling.ConfirmAsync(complaintId, body, cancellationToken)).ToOk(complaint => ComplaintResponse.From(complaint, reader: null));

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> EscalateAsync(
        string complaintId, EscalateComplaintCommand body, ComplaintHandling handling, CancellationToken cancellationToken) =>
        (await handling.EscalateAsync(complaintId, body, cancellationToken)).ToOk(complaint => ComplaintResponse.From(complaint, reader: null));

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> LinkAsync(
        string complaintId, LinkComplaintCommand body, ComplaintHandling handling, CancellationToken cancellationToken) =>
        (await handling.LinkAsync(complaintId, body, cancellationToken)).ToOk(complaint => ComplaintResponse.From(complaint, reader: null));

    // Query values arrive as text so a bad one becomes a field error naming it, not a generic binding failure.
    private static async Task<Results<Ok<ResultPage<ComplaintSummaryResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        ComplaintHandling handling,
        CancellationToken cancellationToken,
        [WireEnum<ComplaintStatus>] string? status = null,
        [WireEnum<ComplaintCategory>] string? category = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null,
        string? customerPhone = null)
    {
        var errors = new FieldErrors();
        string? phone = null;
        // The message never echoes the number: it is personal data.
        if (!string.IsNullOrWhiteSpace(customerPhone) && !PhoneNumbers.TryNormalize(customerPhone, out phone))
        {
            errors.Add("customerPhone", PhoneNumbers.InvalidMessage("customerPhone"));
        }
        ComplaintStatus? statusFilter = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (WireNames<ComplaintStatus>.TryParse(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors.Add("status", "Unknown status; use one of: " + string.Join(", ", WireNames<ComplaintStatus>.All) + ".");
            }
        }
        ComplaintCategory? categoryFilter = null;
        if (!string.IsNullOrEmpty(category))
        {
            if (WireNames<ComplaintCategory>.TryParse(category, out var parsed))
            {
                categoryFilter = parsed;
            }
            else
            {
                errors.Add("category", "Unknown category; use one of: " + string.Join(", ", WireNames<ComplaintCategory>.All) + ".");
            }
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var outcome = await handling.ListAsync(new ComplaintQuery(statusFilter, categoryFilter, phone, paging), cancellationToken);
        return outcome.ToOk(result => result.Map(ComplaintSummaryResponse.From));
    }

    private static async Task<Results<Ok<ComplaintCommunicationsResponse>, ValidationProblem, ProblemHttpResult>> GetCommunicationsAsync(
        string complaintId, ComplaintHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.CommunicationsAsync(complaintId, cancellationToken);
        return outcome.ToOk(messages => new ComplaintCommunicationsResponse(complaintId, messages));
    }

    private static async Task<Results<Ok<ComplaintResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string complaintId, ChangeStatusCommand body, ComplaintHandling handling, CancellationToken cancellationToken)
    {
        var outcome = await handling.ChangeStatusAsync(complaintId, body, cancellationToken);
        return outcome.ToOk(complaint => ComplaintResponse.From(complaint, reader: null));
    }
}
