using System.Diagnostics;
using Grpc.Core;
using HallPlatform.Application;
using HallPlatform.Data;
using HallPlatform.Privacy;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Cases;

/// <summary>
/// Sends one case request to its owner and records the outcome: opened with the case id, or the error and when to
/// try again (<see cref="RetryBackoff"/>). Used right after the call commits and by the
/// <see cref="CaseRequestDispatcher"/> for every retry, so both behave alike. The send runs in a span parented to the
/// trace context stored with the request (the journey's trace), whoever sends it.
/// </summary>
public sealed class CaseRequestSender(
    IServiceScopeFactory scopes,
    ReceptionDataSource data,
    PersonalDataProtector protector,
    VisitRecordWriter writer,
    HallClock clock,
    IOptions<ReceptionOptions> options,
    ILogger<CaseRequestSender> logger)
{
    /// <summary>The case id once the owner opened it, or null when this attempt failed (it stays pending).</summary>
    public async Task<string?> SendAsync(CaseRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // In the journey's trace: inline during the call (already there) or from the dispatcher, minutes later.
        using var journey = JourneyTrace.Start(ReceptionTelemetry.Source, "reception.open-case", request.TraceParent);
        var activity = journey.Activity;
        activity?.SetTag("hall.visit_id", request.VisitId);
        activity?.SetTag("hall.journey_id", request.JourneyId);
        activity?.SetTag("hall.id", request.HallId);
        activity?.SetTag("hall.case_owner", request.Owner.ToWire());
        activity?.SetTag("hall.case_attempt", request.Attempts);

        string caseId;
        try
        {
            caseId = await OpenAsync(request);
        }
        catch (Exception ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "case not opened");
            await RecordFailureAsync(request, ex);
            return null;
        }

        activity?.SetTag("hall.case_id", caseId);
        try
        {
            await writer.CaseOpenedAsync(request.VisitId, request.Owner, caseId, clock.Now());
            Log.CaseOpened(logger, request.Owner.ToWire(), caseId, request.VisitId, request.Attempts);
        }
        catch (Exception ex)
        {
            // The owner has the case; the row stays pending and the next send gets the same case back (idempotent).
            Log.CaseOutcomeNotStored(logger, ex, request.VisitId);
        }
        return caseId;
    }

    private async Task<string> OpenAsync(CaseRequest request)
    {
        var (name, phone) = request.Owner == CaseOwner.Business ? (null, null) : await CustomerAsync(request.VisitId);
        var opening = new CaseOpening(request.Owner, request.VisitId, request.JourneyId, request.HallId, request.ServiceType,
            request.CounterId, request.TicketNumber, name, phone);
        // The hall's clock bounds the wait, so tests with a fake clock are not cut short by wall time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.OpenCaseTimeoutSeconds), clock.Time);
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ICaseOpener>().OpenCaseAsync(opening, timeout.Token);
    }

    /// <summary>The visit's customer name and phone, decrypted for this send only.</summary>
    private async Task<(string? Name, string? Phone)> CustomerAsync(string visitId)
    {
        await using var command = data.Source.CreateCommand("SELECT customer_name, customer_phone FROM visits WHERE id = $1");
        command.Parameters.Add(SqlParameters.Text(visitId));
        await using var reader = await command.ExecuteReaderAsync(CancellationToken.None);
        if (!await reader.ReadAsync(CancellationToken.None))
        {
            return (null, null);
        }
        return (protector.Unprotect(reader.GetString(0)), protector.Unprotect(reader.GetString(1)));
    }

    private async Task RecordFailureAsync(CaseRequest request, Exception failure)
    {
        var settings = options.Value.CaseRequests;
        var next = clock.Now() + RetryBackoff.After(request.Attempts,
            TimeSpan.FromSeconds(settings.FirstRetrySeconds), TimeSpan.FromSeconds(settings.MaxRetrySeconds));
        // Status and type only: an exception message could quote a request field.
        var error = failure switch
        {
            RpcException rpc => $"grpc {rpc.StatusCode}",
            OperationCanceledException => "timeout",
            _ => failure.GetType().Name,
        };
        Log.CaseSendFailed(logger, request.Owner.ToWire(), request.VisitId, request.Attempts, next, error);
        try
        {
            await writer.CaseSendFailedAsync(request.VisitId, request.Owner, error, next);
        }
        catch (Exception ex)
        {
            // The row keeps its hold time and is retried once that passes.
            Log.CaseOutcomeNotStored(logger, ex, request.VisitId);
        }
    }
}
