using HallPlatform.Contracts.Business.V1;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Application.Queue;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Clients;

/// <summary>
/// Opens a called visit's case over gRPC in the service that owns the visit's service type. Only Business orders
/// exist today, so every service type goes to <c>OrderService.OpenOrder</c>; routing by type is the one place to
/// change when Fault and Complaint take their own.
/// </summary>
public sealed class OwnerCaseOpener(
    OrderService.OrderServiceClient orders,
    HallClock clock,
    IOptions<ReceptionOptions> options,
    ILogger<OwnerCaseOpener> logger) : ICaseOpener
{
    public async Task<string?> OpenCaseAsync(CalledVisitFacts visit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(visit);
        // The hall's clock bounds the wait, so tests with a fake clock are not cut short by wall time.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.OpenOrderTimeoutSeconds), clock.Time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        string orderId;
        try
        {
            var reply = await orders.OpenOrderAsync(
                new OpenOrderRequest
                {
                    VisitId = visit.VisitId,
                    HallId = visit.HallId,
                    ServiceType = visit.ServiceType,
                    CounterId = visit.CounterId,
                    TicketNumber = visit.TicketNumber,
                },
                cancellationToken: linked.Token);
            orderId = reply.OrderId;
        }
        catch (Exception ex)
        {
            // Whatever went wrong (unreachable, slow, refused), the customer has been called: the call stands.
            Log.OpenOrderFailed(logger, ex, visit.VisitId);
            return null;
        }
        return string.IsNullOrEmpty(orderId) ? null : orderId;
    }
}
