using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Notifications;
using HallPlatform.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Complaint.Api;

public sealed record StatusChangeResponse(
    [property: WireEnum<ComplaintStatus>] string From, [property: WireEnum<ComplaintStatus>] string To, DateTimeOffset At, string? Note);

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
    string? CustomerName)
{
    public static ComplaintResponse From(CustomerComplaint complaint, HallCaller? reader) => new(
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
            .Select(change => new StatusChangeResponse(change.From.ToWire(), change.To.ToWire(), change.At, change.Note))
            .ToList(),
        complaint.JourneyId,
        complaint.VisitId,
        complaint.CustomerName is null ? null
            : reader?.MaySeePersonalData(complaint.HallId, ComplaintsApi.PersonalDataRoles) == true
                ? complaint.CustomerName
                : PersonalDataMask.Name(complaint.CustomerName));
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
            .WithDescription("acknowledged → assessed → investigating → responded → closed; responded → investigating reopens; "
                + "withdrawn from any open state. A forbidden move is 409.");
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
        return outcome.ToOk(complaint => ComplaintResponse.From(complaint, callers.Current));
    }

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
