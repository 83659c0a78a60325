using System.ComponentModel.DataAnnotations;
using HallPlatform.Application;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Fault.Api;

/// <summary>A hub registration: where to POST the partner's ticket events, and which ones (TMF621 hub input).</summary>
public sealed record SubscribeRequest(
    [property: Required, MaxLength(PartnerSubscription.MaxCallbackLength)] string? Callback,
    [property: MaxLength(PartnerSubscription.MaxQueryLength)] string? Query);

/// <summary>A partner's subscription as it reads it back (the secret is shown only at creation).</summary>
public sealed record SubscriptionResponse(
    string Id,
    string Callback,
    string? Query,
    IReadOnlyList<string> EventTypes,
    DateTimeOffset CreatedAt)
{
    public static SubscriptionResponse From(PartnerSubscription subscription) => new(
        subscription.SubscriptionId, subscription.Callback, subscription.Query,
        [.. (subscription.EventTypes.Count == 0 ? Enum.GetValues<PartnerEventType>() : [.. subscription.EventTypes]).Select(t => t.ToWire())],
        subscription.CreatedAt);
}

/// <summary>The answer to a new subscription: as <see cref="SubscriptionResponse"/> plus the signing secret, this once.</summary>
public sealed record NewSubscriptionResponse(
    string Id,
    string Callback,
    string? Query,
    IReadOnlyList<string> EventTypes,
    DateTimeOffset CreatedAt,
    string Secret)
{
    public static NewSubscriptionResponse From(NewSubscription created)
    {
        var view = SubscriptionResponse.From(created.Subscription);
        return new(view.Id, view.Callback, view.Query, view.EventTypes, view.CreatedAt, created.Secret);
    }
}

public sealed record SubscriptionListResponse(IReadOnlyList<SubscriptionResponse> Items);

/// <summary>One event's delivery to a subscription: where it stands, how often it was tried, why it last failed.</summary>
public sealed record DeliveryResponse(
    long DeliveryId,
    Guid EventId,
    [property: WireEnum<PartnerEventType>] string EventType,
    string TicketId,
    [property: WireEnum<PartnerDeliveryState>] string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    int? LastStatusCode,
    string? LastError)
{
    public static DeliveryResponse From(PartnerDelivery delivery) => new(
        delivery.Id, delivery.EventId, delivery.EventType.ToWire(), delivery.TicketId, delivery.State.ToWire(), delivery.Attempts,
        delivery.CreatedAt, delivery.State == PartnerDeliveryState.Pending ? delivery.NextAttemptAt : null,
        delivery.DeliveredAt, delivery.LastStatusCode, delivery.LastError);
}

/// <summary>REST for the partner hub: subscribe to the partner's own trouble tickets' events, list, remove, and see deliveries.</summary>
public static class PartnerHubApi
{
    public const string BasePath = "/api/v1/trouble-tickets/hub";

    public static IEndpointRouteBuilder MapPartnerHubApi(this IEndpointRouteBuilder app)
    {
        var hub = app.MapGroup(BasePath)
            .WithTag("Trouble ticket hub", "Partner subscriptions to their own trouble tickets' events (TMF621 hub), delivered signed and at least once.");
        hub.MapPost("/", SubscribeAsync).WithName("SubscribeTroubleTicketEvents")
            .WithSummary("Subscribe to trouble ticket events")
            .WithDescription("Registers a callback (http or https URL) for the calling partner's own tickets' events. `query` "
                + "selects event types (`eventType=TroubleTicketStateChangeEvent,TroubleTicketResolvedEvent`); absent means all. "
                + "The answer (201) carries the signing `secret`, shown only this once. Partner API keys only.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status409Conflict);
        hub.MapGet("/", ListAsync).WithName("ListTroubleTicketSubscriptions")
            .WithSummary("List own subscriptions")
            .WithDescription("The calling partner's active hub subscriptions (without their secrets).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        hub.MapGet("/{subscriptionId}", GetAsync).WithName("GetTroubleTicketSubscription")
            .WithSummary("Get one own subscription")
            .WithDescription("Another partner's subscription answers 404, like an unknown id.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        hub.MapDelete("/{subscriptionId}", RemoveAsync).WithName("UnsubscribeTroubleTicketEvents")
            .WithSummary("Remove a subscription")
            .WithDescription("Stops deliveries to the callback; pending ones become `cancelled`. 204; an unknown, removed or "
                + "another partner's subscription is 404.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        hub.MapGet("/{subscriptionId}/deliveries", DeliveriesAsync).WithName("ListTroubleTicketDeliveries")
            .WithSummary("List a subscription's deliveries")
            .WithDescription("Every event stored for the subscription, newest first, with its state (pending, delivered, failed, "
                + "cancelled), attempts, next attempt, last HTTP status and last error. Filter with `state`.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Created<NewSubscriptionResponse>, ValidationProblem, ProblemHttpResult>> SubscribeAsync(
        SubscribeRequest request, PartnerHubHandling hub, CancellationToken cancellationToken)
    {
        var outcome = await hub.SubscribeAsync(new SubscribeCommand(request.Callback, request.Query), cancellationToken);
        return outcome.ToCreated(NewSubscriptionResponse.From, created => $"{BasePath}/{created.Id}");
    }

    private static async Task<Results<Ok<SubscriptionListResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        PartnerHubHandling hub, CancellationToken cancellationToken)
    {
        var outcome = await hub.ListAsync(cancellationToken);
        return outcome.ToOk(items => new SubscriptionListResponse([.. items.Select(SubscriptionResponse.From)]));
    }

    private static async Task<Results<Ok<SubscriptionResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string subscriptionId, PartnerHubHandling hub, CancellationToken cancellationToken)
    {
        var outcome = await hub.GetAsync(subscriptionId, cancellationToken);
        return outcome.ToOk(SubscriptionResponse.From);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveAsync(
        string subscriptionId, PartnerHubHandling hub, CancellationToken cancellationToken)
    {
        var outcome = await hub.RemoveAsync(subscriptionId, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : outcome.ToProblem();
    }

    private static async Task<Results<Ok<ResultPage<DeliveryResponse>>, ValidationProblem, ProblemHttpResult>> DeliveriesAsync(
        string subscriptionId, [WireEnum<PartnerDeliveryState>] string? state,
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize,
        PartnerHubHandling hub, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        PartnerDeliveryState? stateFilter = null;
        if (!string.IsNullOrWhiteSpace(state))
        {
            if (WireNames<PartnerDeliveryState>.TryParseLenient(state, out var parsed))
            {
                stateFilter = parsed;
            }
            else
            {
                errors.Add("state", $"Unknown state: use one of {string.Join(", ", WireNames<PartnerDeliveryState>.All)}.");
            }
        }
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await hub.DeliveriesAsync(subscriptionId, stateFilter, paging, cancellationToken);
        return outcome.ToOk(result => result.Map(DeliveryResponse.From));
    }
}
