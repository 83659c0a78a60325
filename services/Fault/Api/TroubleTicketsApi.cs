using System.ComponentModel.DataAnnotations;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;
using HallPlatform.Identity;
using HallPlatform.Notifications;
using HallPlatform.Privacy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Fault.Api;

/// <summary>
/// A trouble ticket as REST callers see it. The customer's phone is in clear only in reads by callers whose work needs
/// it; write answers are always masked (the reporter just sent the data, and the gateway may keep the answer for
/// Idempotency-Key replays).
/// </summary>
public sealed record TroubleTicketResponse(
    string TicketId,
    [property: WireEnum<Channel>] string Channel,
    string? ExternalId,
    string Name,
    string Description,
    [property: WireEnum<Severity>] string Severity,
    [property: WireEnum<TicketType>] string TicketType,
    string? HallId,
    string? CustomerPhone,
    [property: WireEnum<TicketStatus>] string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpectedResolutionDate,
    DateTimeOffset StatusChangeDate,
    string StatusChangeReason,
    IReadOnlyList<TicketStatusChangeResponse> StatusChangeHistory,
    string? JourneyId,
    string? VisitId,
    string? CustomerName,
    string? ServiceAffected,
    IReadOnlyList<TicketNoteResponse> Notes,
    IReadOnlyList<TicketAttachmentResponse> Attachments,
    TicketAnalysisResponse? Analysis,
    string? Resolution,
    bool FixedOnSite,
    int? SatisfactionScore,
    bool AutoClosed,
    TicketSlaResponse Sla,
    string? Area)
{
    /// <summary>Technicians arrange the repair with the customer; partners and other roles see the phone masked.</summary>
    public static readonly IReadOnlyList<string> PersonalDataRoles = [HallRoles.Technician];

    public static TroubleTicketResponse From(TroubleTicket ticket, HallCaller? reader, DateTimeOffset now) => new(
        ticket.TicketId, ticket.Channel.ToWire(), ticket.ExternalId, ticket.Name, ticket.Description,
        ticket.Severity.ToWire(), ticket.TicketType.ToWire(), ticket.HallId,
        reader is not null && MaySeePhone(ticket, reader) ? ticket.CustomerPhone : PersonalDataMask.OptionalPhone(ticket.CustomerPhone),
        ticket.Status.ToWire(), ticket.CreatedAt, ticket.ExpectedResolutionDate, ticket.StatusChangeDate,
        ticket.StatusChangeReason,
        [.. ticket.StatusChangeHistory.Select(h => new TicketStatusChangeResponse(h.From.ToWire(), h.To.ToWire(), h.At, h.Reason, h.ChangedBy))],
        ticket.JourneyId, ticket.VisitId,
        ticket.CustomerName is null ? null
            : reader is not null && MaySeePhone(ticket, reader) ? ticket.CustomerName : PersonalDataMask.Name(ticket.CustomerName),
        ticket.ServiceAffected,
        [.. ticket.Notes.Select(n => new TicketNoteResponse(n.Author, n.At, n.Text))],
        [.. ticket.Attachments.Select(a => new TicketAttachmentResponse(a.Name, a.MediaType, a.Size, a.Url, a.AddedBy, a.AddedAt))],
        ticket.Analysis is { } analysis
            ? new TicketAnalysisResponse(analysis.CauseCategory.ToWire(), analysis.Findings, analysis.AnalysedBy, analysis.AnalysedAt)
            : null,
        ticket.Resolution, ticket.FixedOnSite, ticket.SatisfactionScore, ticket.AutoClosed,
        TicketSlaResponse.From(ticket.SlaAt(now)),
        ticket.Area);

    // A ticket reported for no hall (a partner's home-line fault) belongs to whichever hall's technician takes it.
    private static bool MaySeePhone(TroubleTicket ticket, HallCaller caller) =>
        caller.MaySeePersonalData(ticket.HallId ?? (caller.Halls.Count > 0 ? caller.Halls[0] : ""), PersonalDataRoles);
}

/// <summary>One status change: from, to, when, why and who (staff, partner or service id; "system" for the closure sweep).</summary>
public sealed record TicketStatusChangeResponse(
    [property: WireEnum<TicketStatus>] string From, [property: WireEnum<TicketStatus>] string To, DateTimeOffset At, string Reason, string? ChangedBy);

public sealed record TicketNoteResponse(string Author, DateTimeOffset At, string Text);

public sealed record TicketAttachmentResponse(string Name, string MediaType, long Size, string Url, string AddedBy, DateTimeOffset AddedAt);

public sealed record TicketAnalysisResponse([property: WireEnum<CauseCategory>] string CauseCategory, string Findings, string AnalysedBy, DateTimeOffset AnalysedAt);

/// <summary>
/// The SLA clock now: target and maximum running time in hours, when it warns and when it is due (both moved by pauses),
/// time paused pending on the customer (seconds), and the flags.
/// </summary>
public sealed record TicketSlaResponse(
    double TargetHours, double MaximumHours, DateTimeOffset WarningAt, DateTimeOffset DueAt, long PausedSeconds, bool Paused, bool Stopped,
    bool Warning, bool Breached)
{
    public static TicketSlaResponse From(SlaClock clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new(clock.Target.TotalHours, clock.Maximum.TotalHours, clock.WarningAt, clock.DueAt, (long)clock.Paused.TotalSeconds,
            clock.IsPaused, clock.IsStopped, clock.Warning, clock.Breached);
    }
}

/// <summary>A step's reason: required for reject, hold, request-information, resolve, cancel and reopen.</summary>
public sealed record TicketStepRequest(string? Reason);

/// <summary>The customer's confirmation of the repair: satisfaction 1 (poor) to 5 (excellent), and an optional remark.</summary>
public sealed record ConfirmResolutionRequest([property: Required, Range(1, 5)] int? SatisfactionScore, string? Reason);

/// <summary>The analysis: cause, findings, and optionally the area code of the site (used when dispatching).</summary>
public sealed record AnalysisRequest(
    [property: Required, WireEnum<CauseCategory>] string? CauseCategory, [property: Required] string? Findings,
    [property: MaxLength(Technician.MaxAreaLength)] string? Area = null);

public sealed record FixOnSiteRequest([property: Required] string? Action);

public sealed record NoteRequest([property: Required] string? Text);

public sealed record AttachmentRequest(
    [property: Required] string? Name, [property: Required] string? MediaType, [property: Required, Range(0, TicketAttachment.MaxSize)] long? Size,
    [property: Required] string? Url);

public sealed record ReportFaultRequest(
    [property: Required, WireEnum<Channel>] string? Channel,
    string? ExternalId,
    [property: Required] string? Name,
    string? Description,
    [property: Required, WireEnum<Severity>] string? Severity,
    [property: Required, WireEnum<TicketType>] string? TicketType,
    string? HallId,
    string? CustomerPhone,
    string? CustomerName = null,
    string? ServiceAffected = null);

public sealed record ChangeStatusRequest([property: Required, WireEnum<TicketStatus>] string? Status, string? Reason);

/// <summary>The messages sent to a ticket's customer (the local mailbox in development), recipient masked.</summary>
public sealed record TicketCommunicationsResponse(string TicketId, IReadOnlyList<CommunicationView> Communications);

/// <summary>REST for trouble tickets: report a fault, read tickets, and move them through the TMF621 lifecycle.</summary>
public static class TroubleTicketsApi
{
    private const string BasePath = "/api/v1/trouble-tickets";

    public static IEndpointRouteBuilder MapTroubleTicketsApi(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup(BasePath)
            .WithTag("Trouble tickets", "Faults reported by customers, staff and partner channels (TMF621 trouble tickets).");
        tickets.MapPost("/", ReportFaultAsync).WithName("ReportFault")
            .WithSummary("Report a fault")
            .WithDescription("Creates a trouble ticket in `acknowledged` (201 with Location). The same `(channel, externalId)` "
                + "again returns the same ticket (200); the same reference with other content is 409.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapGet("/", ListTicketsAsync).WithName("ListTroubleTickets")
            .WithSummary("List trouble tickets")
            .WithDescription("Pages of tickets, filtered by `status` and `channel`; newest first.")
            .ProducesValidationProblem();
        tickets.MapGet("/{ticketId}", GetTicketAsync).WithName("GetTroubleTicket")
            .WithSummary("Get a trouble ticket")
            .WithDescription("One ticket with its status history. The customer's phone is in clear only for technicians of the hall.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapPost("/{ticketId}/status", ChangeStatusAsync).WithName("ChangeTroubleTicketStatus")
            .WithSummary("Change a ticket's status")
            .WithDescription("Moves the ticket along the TMF621 lifecycle by taking the step that leads to `status` from the "
                + "current status (start, resume, information-received or reopen for inProgress; hold; request-information; "
                + "resolve; cancel; reject), with that step's rules (a reason where the step needs one). A move the lifecycle "
                + "forbids is 409 naming the current, target and allowed statuses; `closed` is reached only by the confirm step "
                + "(the customer's score) or the automatic closure. Closed, cancelled and rejected are final.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapGet("/{ticketId}/communications", GetCommunicationsAsync).WithName("ListTroubleTicketCommunications")
            .WithSummary("List a ticket's customer messages")
            .WithDescription("The progress messages (TMF681 communication records) sent or queued for the ticket's customer, "
                + "recipient masked, with their state (pending, sent, failed), attempts and last error. Staff of the ticket's hall only.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapGet("/overdue", ListOverdueAsync).WithName("ListOverdueTroubleTickets")
            .WithSummary("List overdue trouble tickets")
            .WithDescription("Open tickets whose SLA clock is running and past its maximum (the due time), most overdue first. "
                + "Supervisors; staff limited to halls see their halls' tickets and those of no hall.")
            .ProducesValidationProblem();

        foreach (var (step, segment, summary, description) in Steps)
        {
            tickets.MapPost($"/{{ticketId}}/{segment}", (string ticketId, TicketStepRequest request, TroubleTicketHandling handling, TimeProvider time,
                    CancellationToken cancellationToken) => TakeStepAsync(ticketId, step, request, handling, time, cancellationToken))
                .WithName("TroubleTicket" + step)
                .WithSummary(summary)
                .WithDescription(description + $" From {string.Join(", ", TicketSteps.From(step).Select(s => s.ToWire()))} to "
                    + $"{TicketSteps.Target(step).ToWire()}; from any other status 409 naming the current, target and allowed statuses. "
                    + (TicketSteps.NeedsReason(step) ? "`reason` is required." : "`reason` is optional.")
                    + " Recorded in the status history with who and when; the customer is told by SMS.")
                .ProducesValidationProblem()
                .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        }
        tickets.MapPost("/{ticketId}/confirm", ConfirmAsync).WithName("ConfirmTroubleTicketResolution")
            .WithSummary("Confirm the repair and close")
            .WithDescription("The customer confirms a resolved ticket with a satisfaction score 1-5 (entered by staff on the "
                + "customer's behalf, or by the partner that reported it): resolved -> closed. The score goes to Quality in the "
                + "status event. Without an answer the ticket is closed automatically after the confirmation period.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/analysis", RecordAnalysisAsync).WithName("RecordTroubleTicketAnalysis")
            .WithSummary("Record the technician's analysis")
            .WithDescription("Cause category and findings, while the ticket is inProgress (409 otherwise); a later analysis replaces the earlier one. "
                + "`area` (optional) is the area code of the site, used to find technicians when dispatching.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/fix", FixOnSiteAsync).WithName("FixTroubleTicketOnSite")
            .WithSummary("Fix on the spot")
            .WithDescription("Records the action taken and resolves the ticket (inProgress -> resolved, `fixedOnSite` true). "
                + "Needs an analysis first (409 otherwise).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/notes", AddNoteAsync).WithName("AddTroubleTicketNote")
            .WithSummary("Add a note")
            .WithDescription($"A note (author = the caller, time = now, text up to {TicketNote.MaxTextLength} characters); "
                + $"at most {TroubleTicket.MaxNotes} per ticket (409 after).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{ticketId}/attachments", AddAttachmentAsync).WithName("AddTroubleTicketAttachment")
            .WithSummary("Add attachment metadata")
            .WithDescription("Name, media type, size in bytes and an http(s) url or a reference to where the file is kept "
                + $"(Fault stores no files); at most {TroubleTicket.MaxAttachments} per ticket (409 after).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>The step routes: step, path segment, summary, description.</summary>
    private static readonly (TicketStep Step, string Segment, string Summary, string Description)[] Steps =
    [
        (TicketStep.Reject, "reject", "Reject a ticket", "The report is not a fault Fault can handle (e.g. not our network)."),
        (TicketStep.Start, "start", "Start analysis", "A technician takes the acknowledged ticket and starts work."),
        (TicketStep.Hold, "hold", "Put on hold", "Work waits for a third party; the SLA clock keeps running."),
        (TicketStep.Resume, "resume", "Resume work", "Work on a held ticket goes on."),
        (TicketStep.RequestInformation, "request-information", "Request information from the customer",
            "The ticket is pending on the customer; its SLA clock pauses until the information is received."),
        (TicketStep.InformationReceived, "information-received", "Information received",
            "The customer answered; work goes on and the SLA clock runs again (its due time moved by the pause)."),
        (TicketStep.Resolve, "resolve", "Resolve", "The fault is repaired; `reason` says what was done. The SLA clock stops."),
        (TicketStep.Cancel, "cancel", "Cancel", "The ticket is withdrawn (e.g. the customer no longer needs the repair)."),
        (TicketStep.Reopen, "reopen", "Reopen", "The customer says the fault is still there: only inside the confirmation period after resolution."),
    ];

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> TakeStepAsync(
        string ticketId, TicketStep step, TicketStepRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await tickets.TakeStepAsync(ticketId, step, request.Reason, satisfactionScore: null, cancellationToken);
        return Answer(outcome, TicketSteps.Target(step), time);
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> ConfirmAsync(
        string ticketId, ConfirmResolutionRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await tickets.TakeStepAsync(ticketId, TicketStep.Confirm, request.Reason, request.SatisfactionScore, cancellationToken);
        return Answer(outcome, TicketStatus.Closed, time);
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> RecordAnalysisAsync(
        string ticketId, AnalysisRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await tickets.RecordAnalysisAsync(ticketId, request.CauseCategory, request.Findings, request.Area, cancellationToken), null, time);

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> FixOnSiteAsync(
        string ticketId, FixOnSiteRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await tickets.FixOnSiteAsync(ticketId, request.Action, cancellationToken), TicketStatus.Resolved, time);

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> AddNoteAsync(
        string ticketId, NoteRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await tickets.AddNoteAsync(ticketId, request.Text, cancellationToken), null, time);

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> AddAttachmentAsync(
        string ticketId, AttachmentRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken) =>
        Answer(await tickets.AddAttachmentAsync(ticketId, request.Name, request.MediaType, request.Size, request.Url, cancellationToken), null, time);

    private static async Task<Results<Ok<ResultPage<TroubleTicketResponse>>, ValidationProblem, ProblemHttpResult>> ListOverdueAsync(
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize,
        TroubleTicketHandling tickets, IHallCallerAccessor callers, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await tickets.OverdueAsync(paging, cancellationToken);
        var now = time.GetUtcNow();
        return outcome.ToOk(result => result.Map(ticket => TroubleTicketResponse.From(ticket, callers.Current, now)));
    }

    /// <summary>200 with the ticket (write answers mask personal data), 400, or the problem; a refused move names the statuses.</summary>
    private static Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult> Answer(
        Outcome<TroubleTicket> outcome, TicketStatus? target, TimeProvider time) => outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(TroubleTicketResponse.From(outcome.Value!, reader: null, time.GetUtcNow())),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => MoveProblem(outcome, target),
        };

    /// <summary>
    /// 201 with Location for a new ticket; 200 with the same ticket when a partner retries the same report; 409 when the
    /// reference names a different report (with its ticketId only when it is the caller's own).
    /// </summary>
    private static async Task<Results<Created<TroubleTicketResponse>, Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> ReportFaultAsync(
        ReportFaultRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken)
    {
        var command = new ReportFaultCommand(request.Channel, request.ExternalId, request.Name, request.Description,
            request.Severity, request.TicketType, request.HallId, request.CustomerPhone, request.CustomerName, request.ServiceAffected);
        var outcome = await tickets.ReportAsync(command, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created($"{BasePath}/{outcome.Value!.TicketId}", TroubleTicketResponse.From(outcome.Value, reader: null, time.GetUtcNow())),
            OutcomeKind.Replayed => TypedResults.Ok(TroubleTicketResponse.From(outcome.Value!, reader: null, time.GetUtcNow())),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => ProblemNamingTicket(outcome),
        };
    }

    /// <summary>The failure; a reused reference of the caller's own ticket also carries its ticketId.</summary>
    private static ProblemHttpResult ProblemNamingTicket(Outcome<TroubleTicket> outcome)
    {
        var problem = outcome.ToProblem();
        if (outcome is { Kind: OutcomeKind.KeyReused, Value: { } existing })
        {
            problem.ProblemDetails.Extensions["ticketId"] = existing.TicketId;
        }
        return problem;
    }

    // Query values arrive as text so a bad one becomes a field error naming it, not a generic binding failure.
    private static async Task<Results<Ok<ResultPage<TroubleTicketResponse>>, ValidationProblem, ProblemHttpResult>> ListTicketsAsync(
        [WireEnum<TicketStatus>] string? status, [WireEnum<Channel>] string? channel,
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize,
        TroubleTicketHandling tickets, IHallCallerAccessor callers, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        TicketStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (TicketStatusNames.TryParsePublic(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors.Add("status", $"Unknown status '{status}': use one of {string.Join(", ", TicketStatusNames.Public)}.");
            }
        }
        Channel? channelFilter = null;
        if (!string.IsNullOrWhiteSpace(channel))
        {
            if (WireNames<Channel>.TryParseLenient(channel, out var parsed))
            {
                channelFilter = parsed;
            }
            else
            {
                errors.Add("channel", $"Unknown channel '{channel}': use one of {string.Join(", ", WireNames<Channel>.All)}.");
            }
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var outcome = await tickets.ListAsync(new TroubleTicketQuery(statusFilter, channelFilter, paging), cancellationToken);
        return outcome.ToOk(result => result.Map(ticket => TroubleTicketResponse.From(ticket, callers.Current, time.GetUtcNow())));
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ProblemHttpResult>> GetTicketAsync(
        string ticketId, TroubleTicketHandling tickets, IHallCallerAccessor callers, TimeProvider time, CancellationToken cancellationToken)
    {
        // The route always carries an id, so the only failure is 404 (or 403/503).
        var outcome = await tickets.GetAsync(ticketId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(TroubleTicketResponse.From(outcome.Value!, callers.Current, time.GetUtcNow())) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<TicketCommunicationsResponse>, ValidationProblem, ProblemHttpResult>> GetCommunicationsAsync(
        string ticketId, TroubleTicketHandling tickets, CancellationToken cancellationToken)
    {
        var outcome = await tickets.CommunicationsAsync(ticketId, cancellationToken);
        return outcome.ToOk(messages => new TicketCommunicationsResponse(ticketId, messages));
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string ticketId, ChangeStatusRequest request, TroubleTicketHandling tickets, TimeProvider time, CancellationToken cancellationToken)
    {
        var outcome = await tickets.ChangeStatusAsync(ticketId, request.Status, request.Reason, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(TroubleTicketResponse.From(outcome.Value!, reader: null, time.GetUtcNow())),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => MoveProblem(outcome, TicketStatusNames.TryParsePublic(request.Status, out var target) ? target : null),
        };
    }

    /// <summary>The failure of a move; a refused one also names the current, target and allowed statuses.</summary>
    private static ProblemHttpResult MoveProblem(Outcome<TroubleTicket> outcome, TicketStatus? requestedStatus)
    {
        var problem = outcome.ToProblem();
        if (outcome is { Kind: OutcomeKind.Conflict, Value: { } current } && requestedStatus is { } target)
        {
            problem.ProblemDetails.Extensions["currentStatus"] = current.Status.ToWire();
            problem.ProblemDetails.Extensions["targetStatus"] = target.ToWire();
            problem.ProblemDetails.Extensions["allowedStatuses"] = TicketStateMachine.AllowedFrom(current.Status).Select(s => s.ToWire()).ToArray();
        }
        return problem;
    }
}
