using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;
using HallPlatform.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Fault.Api;

/// <summary>REST for trouble tickets: report a fault, read tickets, and move them through the TMF621 lifecycle.</summary>
public static class TroubleTicketsApi
{
    private const string BasePath = "/api/v1/trouble-tickets";

    public static IEndpointRouteBuilder MapTroubleTicketsApi(this IEndpointRouteBuilder app)
    {
        var tickets = app.MapGroup(BasePath).WithTags("Trouble tickets");
        tickets.MapPost("/", ReportFaultAsync).WithName("ReportFault")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapGet("/", ListTicketsAsync).WithName("ListTroubleTickets")
            .ProducesValidationProblem();
        tickets.MapGet("/{ticketId}", GetTicketAsync).WithName("GetTroubleTicket")
            .ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapPost("/{ticketId}/status", ChangeStatusAsync).WithName("ChangeTroubleTicketStatus")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>201 with Location for a new ticket; 200 with the same ticket when a partner retries the same report.</summary>
    private static async Task<Results<Created<TroubleTicketResponse>, Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> ReportFaultAsync(
        ReportFaultRequest request, TroubleTicketApplicationService tickets, CancellationToken cancellationToken)
    {
        var command = new ReportFaultCommand(request.Channel, request.ExternalId, request.Name, request.Description,
            request.Severity, request.TicketType, request.HallId, request.CustomerPhone);
        return await tickets.ReportAsync(command, cancellationToken) switch
        {
            ReportResult.Created created => TypedResults.Created(
                $"{BasePath}/{created.Ticket.TicketId}", TroubleTicketResponse.From(created.Ticket, reader: null)),
            ReportResult.Replayed replayed => TypedResults.Ok(TroubleTicketResponse.From(replayed.Ticket, reader: null)),
            ReportResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            ReportResult.KeyConflict conflict => TypedResults.Problem(
                title: "Reference already used for a different report",
                detail: conflict.ExistingTicketId is null
                    ? $"The {conflict.Channel.ToWire()} reference '{conflict.ExternalId}' already belongs to another reporter's ticket."
                    : $"The {conflict.Channel.ToWire()} reference '{conflict.ExternalId}' already belongs to ticket " +
                        $"{conflict.ExistingTicketId}, registered with different content. A retry must repeat the report exactly.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: conflict.ExistingTicketId is null ? null : new Dictionary<string, object?> { ["ticketId"] = conflict.ExistingTicketId }),
            _ => throw new InvalidOperationException("Unexpected report outcome."),
        };
    }

    private static async Task<Results<Ok<ResultPage<TroubleTicketResponse>>, ValidationProblem>> ListTicketsAsync(
        string? status, string? channel, string? page, string? pageSize,
        TroubleTicketApplicationService tickets, IHallCallerAccessor callers, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        TicketStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Codes.TryParsePublicStatus(status, out var parsed))
            {
                statusFilter = parsed;
            }
            else
            {
                errors.Add("status", $"Unknown status '{status}': use one of {string.Join(", ", Codes.PublicStatuses)}.");
            }
        }
        Channel? channelFilter = null;
        if (!string.IsNullOrWhiteSpace(channel))
        {
            if (Codes.Channels.TryParse(channel, out var parsed))
            {
                channelFilter = parsed;
            }
            else
            {
                errors.Add("channel", $"Unknown channel '{channel}': use one of {string.Join(", ", Codes.Channels.All)}.");
            }
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await tickets.ListAsync(new TicketQuery(statusFilter, channelFilter, paging), cancellationToken);
        return TypedResults.Ok(result.Map(ticket => TroubleTicketResponse.From(ticket, callers.Current)));
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ProblemHttpResult>> GetTicketAsync(
        string ticketId, TroubleTicketApplicationService tickets, IHallCallerAccessor callers, CancellationToken cancellationToken)
    {
        var ticket = await tickets.GetAsync(ticketId, cancellationToken);
        return ticket is null ? TicketNotFound(ticketId) : TypedResults.Ok(TroubleTicketResponse.From(ticket, callers.Current));
    }

    private static async Task<Results<Ok<TroubleTicketResponse>, ValidationProblem, ProblemHttpResult>> ChangeStatusAsync(
        string ticketId, ChangeStatusRequest request, TroubleTicketApplicationService tickets, CancellationToken cancellationToken) =>
        await tickets.ChangeStatusAsync(ticketId, request.Status, request.Reason, cancellationToken) switch
        {
            StatusChangeResult.Moved moved => TypedResults.Ok(TroubleTicketResponse.From(moved.Ticket, reader: null)),
            StatusChangeResult.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors),
            StatusChangeResult.NotFound notFound => TicketNotFound(notFound.TicketId),
            StatusChangeResult.Forbidden forbidden => TypedResults.Problem(
                title: "Forbidden trouble ticket status change",
                detail: $"Trouble ticket {forbidden.TicketId} is {forbidden.Current.ToWire()}; it cannot move to {forbidden.Target.ToWire()}.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?>
                {
                    ["currentStatus"] = forbidden.Current.ToWire(),
                    ["targetStatus"] = forbidden.Target.ToWire(),
                    ["allowedStatuses"] = TicketStateMachine.AllowedFrom(forbidden.Current).Select(s => s.ToWire()).ToArray(),
                }),
            _ => throw new InvalidOperationException("Unexpected status change outcome."),
        };

    private static ProblemHttpResult TicketNotFound(string ticketId) => TypedResults.Problem(
        title: "Trouble ticket not found",
        detail: $"No trouble ticket has id '{ticketId}'.",
        statusCode: StatusCodes.Status404NotFound);
}
