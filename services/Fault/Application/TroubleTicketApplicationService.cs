using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.ServiceDefaults.Api;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Fault.Application;

/// <summary>The trouble ticket use cases. REST and gRPC both call these; neither talks to the database itself.</summary>
public sealed partial class TroubleTicketApplicationService(
    FaultDbContext db,
    TimeProvider time,
    ILogger<TroubleTicketApplicationService> logger)
{
    public const int MaxReasonLength = 500;

    // A lost optimistic-concurrency race is re-evaluated against the fresh status a few times before giving up.
    private const int MaxConcurrencyRetries = 5;

    public async Task<ReportResult> ReportAsync(ReportFaultCommand command, CancellationToken cancellationToken)
    {
        var report = FaultReport.Validate(command, out var errors);
        if (report is null)
        {
            return new ReportResult.Invalid(errors);
        }

        if (report.ExternalId is { } externalId)
        {
            var existing = await FindByExternalIdAsync(report.Channel, externalId, cancellationToken);
            if (existing is not null)
            {
                return Replay(existing, report);
            }
        }

        var ticket = TroubleTicket.Register(report, time.GetUtcNow());
        db.TroubleTickets.Add(ticket);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsExternalIdUniqueViolation(exception))
        {
            // A concurrent retry of the same report inserted first: the unique index decided, answer with its ticket.
            db.ChangeTracker.Clear();
            var winner = await FindByExternalIdAsync(report.Channel, report.ExternalId!, cancellationToken)
                ?? throw new InvalidOperationException("The ticket that won the unique index is not readable.", exception);
            return Replay(winner, report);
        }

        LogTicketRegistered(ticket.TicketId, ticket.Channel, ticket.Severity, ticket.TicketType);
        return new ReportResult.Created(ticket);
    }

    public Task<TroubleTicket?> GetAsync(string ticketId, CancellationToken cancellationToken) =>
        db.TroubleTickets.AsNoTracking().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);

    public async Task<ResultPage<TroubleTicket>> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        var tickets = db.TroubleTickets.AsNoTracking();
        if (query.Status is { } status)
        {
            tickets = tickets.Where(t => t.Status == status);
        }
        if (query.Channel is { } channel)
        {
            tickets = tickets.Where(t => t.Channel == channel);
        }

        var total = await tickets.CountAsync(cancellationToken);
        var items = await tickets
            .OrderByDescending(t => t.CreatedAt).ThenByDescending(t => t.TicketId)
            .Skip(query.Page.Skip).Take(query.Page.PageSize)
            .ToListAsync(cancellationToken);
        return query.Page.Of<TroubleTicket>(items, total);
    }

    /// <summary>Moves a ticket to the named TMF621 status if the transition table allows it now.</summary>
    public async Task<StatusChangeResult> ChangeStatusAsync(string ticketId, string? status, string? reason, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Codes.TryParsePublicStatus(status, out var target))
        {
            errors["status"] = [string.IsNullOrWhiteSpace(status)
                ? $"status is required: one of {string.Join(", ", Codes.PublicStatuses)}."
                : $"Unknown status '{status.Trim()}': use one of {string.Join(", ", Codes.PublicStatuses)}."];
        }
        var trimmedReason = reason?.Trim() ?? "";
        if (trimmedReason.Length > MaxReasonLength)
        {
            errors["reason"] = [$"reason must be at most {MaxReasonLength} characters."];
        }
        if (errors.Count > 0)
        {
            return new StatusChangeResult.Invalid(errors);
        }

        for (var attempt = 1; ; attempt++)
        {
            var ticket = await db.TroubleTickets.SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
            if (ticket is null)
            {
                return new StatusChangeResult.NotFound(ticketId);
            }

            var from = ticket.Status;
            if (!ticket.TryMoveTo(target, trimmedReason, time.GetUtcNow()))
            {
                LogStatusChangeRefused(ticketId, from, target);
                return new StatusChangeResult.Forbidden(ticketId, from, target);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                LogStatusChanged(ticketId, from, target);
                return new StatusChangeResult.Moved(ticket);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConcurrencyRetries)
            {
                // Someone else changed the ticket since we read it: decide again against its new status.
                db.ChangeTracker.Clear();
            }
        }
    }

    private ReportResult Replay(TroubleTicket existing, FaultReport report)
    {
        if (existing.WasRegisteredFrom(report))
        {
            LogReportReplayed(existing.TicketId, existing.Channel);
            return new ReportResult.Replayed(existing);
        }
        LogReportKeyConflict(existing.TicketId, existing.Channel);
        return new ReportResult.KeyConflict(existing.TicketId, existing.Channel, existing.ExternalId!);
    }

    private Task<TroubleTicket?> FindByExternalIdAsync(Channel channel, string externalId, CancellationToken cancellationToken) =>
        db.TroubleTickets.AsNoTracking()
            .SingleOrDefaultAsync(t => t.Channel == channel && t.ExternalId == externalId, cancellationToken);

    private static bool IsExternalIdUniqueViolation(DbUpdateException exception) =>
        exception.InnerException is PostgresException
        {
            SqlState: PostgresErrorCodes.UniqueViolation,
            ConstraintName: FaultDbContext.ExternalIdIndexName,
        };

    // Personal data (the customer's phone) and free text (description) are deliberately absent from every message.
    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} registered from {Channel}: {Severity} {TicketType} fault")]
    private partial void LogTicketRegistered(string ticketId, Channel channel, Severity severity, TicketType ticketType);

    [LoggerMessage(Level = LogLevel.Information, Message = "Repeated {Channel} report answered with its ticket {TicketId}")]
    private partial void LogReportReplayed(string ticketId, Channel channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A {Channel} report reused the reference of ticket {TicketId} with different content")]
    private partial void LogReportKeyConflict(string ticketId, Channel channel);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} moved from {From} to {To}")]
    private partial void LogStatusChanged(string ticketId, TicketStatus from, TicketStatus to);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trouble ticket {TicketId} refused the move from {From} to {To}")]
    private partial void LogStatusChangeRefused(string ticketId, TicketStatus from, TicketStatus to);
}
