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
    string? CustomerName)
{
    /// <summary>Technicians arrange the repair with the customer; partners and other roles see the phone masked.</summary>
    public static readonly IReadOnlyList<string> PersonalDataRoles = [HallRoles.Technician];

    public static TroubleTicketResponse From(TroubleTicket ticket, HallCaller? reader) => new(
        ticket.TicketId, ticket.Channel.ToWire(), ticket.ExternalId, ticket.Name, ticket.Description,
        ticket.Severity.ToWire(), ticket.TicketType.ToWire(), ticket.HallId,
        reader is not null && MaySeePhone(ticket, reader) ? ticket.CustomerPhone : PersonalDataMask.OptionalPhone(ticket.CustomerPhone),
        ticket.Status.ToWire(), ticket.CreatedAt, ticket.ExpectedResolutionDate, ticket.StatusChangeDate,
        ticket.StatusChangeReason,
        [.. ticket.StatusChangeHistory.Select(h => new TicketStatusChangeResponse(h.From.ToWire(), h.To.ToWire(), h.At, h.Reason))],
        ticket.JourneyId, ticket.VisitId,
        ticket.CustomerName is null ? null
            : reader is not null && MaySeePhone(ticket, reader) ? ticket.CustomerName : PersonalDataMask.Name(ticket.CustomerName));

    // A ticket reported for no hall (a partner's home-line fault) belongs to whichever hall's technician takes it.
    private static bool MaySeePhone(TroubleTicket ticket, HallCaller caller) =>
        caller.MaySeePersonalData(ticket.HallId ?? (caller.Halls.Count > 0 ? caller.Halls[0] : ""), PersonalDataRoles);
}

public sealed record TicketStatusChangeResponse(
    [property: WireEnum<TicketStatus>] string From, [property: WireEnum<TicketStatus>] string To, DateTimeOffset At, string Reason);

public sealed record ReportFaultRequest(
    [property: Required, WireEnum<Channel>] string? Channel,
    string? ExternalId,
    [property: Required] string? Name,
    string? Description,
    [property: Required, WireEnum<Severity>] string? Severity,
    [property: Required, WireEnum<TicketType>] string? TicketType,
    string? HallId,
    string? CustomerPhone);

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
            .WithDescription("Moves the ticket along the TMF621 lifecycle; a move the lifecycle forbids is 409 naming the "
                + "current, target and allowed statuses. Closed, cancelled and rejected are final.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapGet("/{ticketId}/communications", GetCommunicationsAsync).WithName("ListTroubleTicketCommunications")
            .WithSummary("List a ticket's customer messages")
            .WithDescription("The progress messages (TMF681 communication records) sent or queued for the ticket's customer, "
                + "recipient masked, with their state (pending, sent, failed), attempts and last error. Staff of the ticket's hall only.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    /// <summary>
    /// 201 with Location for a new ticket; 200 with the same ticket when a partner retries the same report; 409 when the
    /// reference names a different report (with its ticketId only when it is the caller's own).
    /// </summary>
    private static async Task<Results<Created<TroubleTicketResponse>, Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> ReportFaultAsync(
        ReportFaultRequest request, TroubleTicketHandling tickets, CancellationToken cancellationToken)
    {
        var command = new ReportFaultCommand(request.Channel, request.ExternalId, request.Name, request.Description,
            request.Severity, request.TicketType, request.HallId, request.CustomerPhone);
        var outcome = await tickets.ReportAsync(command, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created($"{BasePath}/{outcome.Value!.TicketId}", TroubleTicketResponse.From(outcome.Value, reader: null)),
            OutcomeKind.Replayed => TypedResults.Ok(TroubleTicketResponse.From(outcome.Value!, reader: null)),
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
        TroubleTicketHandling tickets, IHallCallerAccessor callers, CancellationToken cancellationToken)
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
        return outcome.ToOk(result => result.Map(ticket => TroubleTicketResponse.From(ticket, callers.Current)));
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ProblemHttpResult>> GetTicketAsync(
        string ticketId, TroubleTicketHandling tickets, IHallCallerAccessor callers, CancellationToken cancellationToken)
    {
        // The route always carries an id, so the only failure is 404 (or 403/503).
        var outcome = await tickets.GetAsync(ticketId, cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(TroubleTicketResponse.From(outcome.Value!, callers.Current)) : outcome.ToProblem();
    }

    private static async Task<Results<Ok<TicketCommunicationsResponse>, ValidationProblem, ProblemHttpResult>> GetCommunicationsAsync(
        string ticketId, TroubleTicketHandling tickets, CancellationToken cancellationToken)
    {
        var outcome = await tickets.CommunicationsAsync(ticketId, cancellationToken);
        return outcome.ToOk(messages => new TicketCommunicationsResponse(ticketId, messages));
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string ticketId, ChangeStatusRequest request, TroubleTicketHandling tickets, CancellationToken cancellationToken)
    {
        var outcome = await tickets.ChangeStatusAsync(ticketId, request.Status, request.Reason, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => TypedResults.Ok(TroubleTicketResponse.From(outcome.Value!, reader: null)),
            OutcomeKind.Invalid => TypedResults.ValidationProblem(outcome.Errors!, title: outcome.Title),
            _ => MoveProblem(outcome, request.Status),
        };
    }

    /// <summary>The failure of a move; a refused one also names the current, target and allowed statuses.</summary>
    private static ProblemHttpResult MoveProblem(Outcome<TroubleTicket> outcome, string? requestedStatus)
    {
        var problem = outcome.ToProblem();
        // A move is refused only after the application read the requested status, so naming it again cannot fail.
        if (outcome is { Kind: OutcomeKind.Conflict, Value: { } current } && TicketStatusNames.TryParsePublic(requestedStatus, out var target))
        {
            problem.ProblemDetails.Extensions["currentStatus"] = current.Status.ToWire();
            problem.ProblemDetails.Extensions["targetStatus"] = target.ToWire();
            problem.ProblemDetails.Extensions["allowedStatuses"] = TicketStateMachine.AllowedFrom(current.Status).Select(s => s.ToWire()).ToArray();
        }
        return problem;
    }
}
