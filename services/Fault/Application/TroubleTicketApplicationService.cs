using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HallPlatform.Fault.Application;

/// <summary>
/// The trouble ticket use cases. REST and gRPC both call these, so both transports are audited alike; neither talks
/// to the database itself.
/// </summary>
public sealed partial class TroubleTicketApplicationService(
    FaultDbContext db,
    AuditTrail audit,
    BlindIndex blindIndex,
    TimeProvider time,
    IHallCallerAccessor callers,
    ILogger<TroubleTicketApplicationService> logger)
{
    public const int MaxReasonLength = 500;

    public const string AuditRecordType = "trouble-ticket";
    public const string ReportedAction = "trouble-ticket.reported";
    public const string StatusChangedAction = "trouble-ticket.status-changed";
    public const string PersonalDataReadAction = "trouble-ticket.personal-data-read";
    public const string ListReadAction = "trouble-ticket.list-read";

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
                return await ReplayAsync(existing, report, cancellationToken);
            }
        }

        var ticket = TroubleTicket.Register(report, time.GetUtcNow(), ReportingPartnerId,
            report.CustomerPhone is { } phone ? blindIndex.Of(phone) : null);
        db.TroubleTickets.Add(ticket);
        // Same SaveChanges as the ticket: both are stored or neither.
        audit.Record(ReportedAction, AuditRecordType, ticket.TicketId, ticket.CustomerPhoneRef,
            after: TroubleTicketAuditSnapshot.Of(ticket), hallId: ticket.HallId);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsExternalIdUniqueViolation(exception))
        {
            // A concurrent retry of the same report inserted first: the unique index decided, answer with its ticket.
            // Clearing drops this attempt's "reported" entry too: only the winner's registration is in the trail.
            db.ChangeTracker.Clear();
            var winner = await FindByExternalIdAsync(report.Channel, report.ExternalId!, cancellationToken)
                ?? throw new InvalidOperationException("The ticket that won the unique index is not readable.", exception);
            return await ReplayAsync(winner, report, cancellationToken);
        }

        LogTicketRegistered(ticket.TicketId, ticket.Channel, ticket.Severity, ticket.TicketType);
        return new ReportResult.Created(ticket);
    }

    /// <summary>The ticket, or null when it does not exist or belongs to another partner (the same answer, so ids do not leak).</summary>
    public async Task<TroubleTicket?> GetAsync(string ticketId, CancellationToken cancellationToken)
    {
        var ticket = await VisibleTickets().AsNoTracking().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
        if (ticket is not null)
        {
            // The answer carries the customer's (masked) phone and the fault text: who looked is recorded before it leaves.
            await audit.RecordReadAsync(PersonalDataReadAction, AuditRecordType, ticket.TicketId, ticket.CustomerPhoneRef,
                new { ticket.TicketId }, cancellationToken, hallId: ticket.HallId);
        }
        return ticket;
    }

    public async Task<ResultPage<TroubleTicket>> ListAsync(TicketQuery query, CancellationToken cancellationToken)
    {
        var tickets = VisibleTickets().AsNoTracking();
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
        // List items carry personal data too: the entry names every ticket shown (ids only).
        await audit.RecordReadAsync(ListReadAction, AuditRecordType, AuditEntry.CollectionRecordId, customerRef: null,
            new
            {
                status = query.Status?.ToWire(),
                channel = query.Channel?.ToWire(),
                query.Page.Page,
                ticketIds = items.Select(t => t.TicketId).ToList(),
            },
            cancellationToken);
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
            var ticket = await VisibleTickets().SingleOrDefaultAsync(t => t.TicketId == ticketId, cancellationToken);
            if (ticket is null)
            {
                return new StatusChangeResult.NotFound(ticketId);
            }

            var from = ticket.Status;
            var before = TroubleTicketAuditSnapshot.Of(ticket);
            if (!ticket.TryMoveTo(target, trimmedReason, time.GetUtcNow()))
            {
                LogStatusChangeRefused(ticketId, from, target);
                return new StatusChangeResult.Forbidden(ticketId, from, target);
            }
            // The reason is free text that may quote the customer: the trail says only whether one was given.
            // A lost race clears the change tracker, this entry with it, so only the move that commits is recorded.
            audit.Record(StatusChangedAction, AuditRecordType, ticket.TicketId, ticket.CustomerPhoneRef,
                before, TroubleTicketAuditSnapshot.Of(ticket) with { ReasonGiven = trimmedReason.Length > 0 }, hallId: ticket.HallId);

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

    /// <summary>The partner reporting now, or null when the caller is staff or a service.</summary>
    private string? ReportingPartnerId => callers.Current is { Kind: CallerKind.Partner } partner ? partner.Id : null;

    /// <summary>Every ticket for staff and services; for a partner only the tickets it reported.</summary>
    private IQueryable<TroubleTicket> VisibleTickets() =>
        ReportingPartnerId is { } partnerId ? db.TroubleTickets.Where(t => t.ReporterPartnerId == partnerId) : db.TroubleTickets;

    private async Task<ReportResult> ReplayAsync(TroubleTicket existing, FaultReport report, CancellationToken cancellationToken)
    {
        if (!string.Equals(existing.ReporterPartnerId, ReportingPartnerId, StringComparison.Ordinal))
        {
            LogReportKeyConflict(existing.TicketId, existing.Channel);
            return new ReportResult.KeyConflict(null, existing.Channel, existing.ExternalId!);
        }
        if (existing.WasRegisteredFrom(report))
        {
            // A replay answers with the stored ticket, personal data included: a read like any other, not a second report.
            await audit.RecordReadAsync(PersonalDataReadAction, AuditRecordType, existing.TicketId, existing.CustomerPhoneRef,
                new { existing.TicketId, replay = true }, cancellationToken, hallId: existing.HallId);
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
