using System.Net;
using System.Net.Sockets;
using HallPlatform.Application;
using HallPlatform.Fault.Data;
using HallPlatform.Fault.Domain;
using HallPlatform.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace HallPlatform.Fault.Application;

/// <summary>A hub registration exactly as sent (REST or TMF body), not yet checked.</summary>
public sealed record SubscribeCommand(string? Callback, string? Query);

/// <summary>A new subscription with its secret, which is shown this once.</summary>
public sealed record NewSubscription(PartnerSubscription Subscription, string Secret);

/// <summary>
/// The partner hub's use cases (REST and the TMF hub path call these): partners register callbacks for their own
/// tickets' events, list and remove them, and read what was delivered. Partners only: subscriptions belong to the
/// partner whose key made them; another partner's subscription answers like an unknown id.
/// </summary>
public sealed partial class PartnerHubHandling(
    FaultDbContext db,
    IOptions<PartnerHubOptions> options,
    TimeProvider time,
    IHallCallerAccessor callers,
    ILogger<PartnerHubHandling> logger)
{
    public const string EventTypeQueryPrefix = "eventType=";

    public async Task<Outcome<NewSubscription>> SubscribeAsync(SubscribeCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (PartnerId is not { } partnerId)
        {
            return PartnersOnly<NewSubscription>();
        }
        var errors = new FieldErrors();
        var callback = ValidateCallback(command.Callback, options.Value.AllowLoopbackCallbacks, errors);
        var (query, eventTypes) = ValidateQuery(command.Query, errors);
        if (errors.Any)
        {
            return Outcome<NewSubscription>.Invalid(errors.ToDictionary());
        }
        var active = await db.Set<PartnerSubscription>().CountAsync(s => s.PartnerId == partnerId && s.RemovedAt == null, cancellationToken);
        if (active >= options.Value.MaxSubscriptionsPerPartner)
        {
            return Outcome<NewSubscription>.Conflict("Too many subscriptions",
                $"A partner may hold at most {options.Value.MaxSubscriptionsPerPartner} subscriptions; remove one first.");
        }
        var subscription = PartnerSubscription.Create(partnerId, callback!, query, eventTypes, time.GetStoredUtcNow());
        db.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        LogSubscribed(subscription.SubscriptionId, partnerId);
        return Outcome<NewSubscription>.Created(new NewSubscription(subscription, subscription.Secret));
    }

    public async Task<Outcome<IReadOnlyList<PartnerSubscription>>> ListAsync(CancellationToken cancellationToken)
    {
        if (PartnerId is not { } partnerId)
        {
            return PartnersOnly<IReadOnlyList<PartnerSubscription>>();
        }
        var subscriptions = await db.Set<PartnerSubscription>().AsNoTracking()
            .Where(s => s.PartnerId == partnerId && s.RemovedAt == null)
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.SubscriptionId)
            .ToListAsync(cancellationToken);
        return Outcome<IReadOnlyList<PartnerSubscription>>.Ok(subscriptions);
    }

    public async Task<Outcome<PartnerSubscription>> GetAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        if (PartnerId is not { } partnerId)
        {
            return PartnersOnly<PartnerSubscription>();
        }
        var subscription = await Own(partnerId, subscriptionId).AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        return subscription is null ? NotFound<PartnerSubscription>(subscriptionId) : Outcome<PartnerSubscription>.Ok(subscription);
    }

    /// <summary>Removes the subscription and cancels its pending deliveries; removing it again is NotFound.</summary>
    public async Task<Outcome<PartnerSubscription>> RemoveAsync(string subscriptionId, CancellationToken cancellationToken)
    {
        if (PartnerId is not { } partnerId)
        {
            return PartnersOnly<PartnerSubscription>();
        }
        var subscription = await Own(partnerId, subscriptionId).SingleOrDefaultAsync(cancellationToken);
        if (subscription is null || !subscription.Remove(time.GetStoredUtcNow()))
        {
            return NotFound<PartnerSubscription>(subscriptionId);
        }
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async ct =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            await db.SaveChangesAsync(ct);
            await db.Set<PartnerDelivery>()
                .Where(d => d.SubscriptionId == subscription.SubscriptionId && d.State == PartnerDeliveryState.Pending)
                .ExecuteUpdateAsync(u => u.SetProperty(d => d.State, PartnerDeliveryState.Cancelled), ct);
            await transaction.CommitAsync(ct);
        }, cancellationToken);
        LogUnsubscribed(subscription.SubscriptionId, partnerId);
        return Outcome<PartnerSubscription>.Ok(subscription);
    }

    /// <summary>The deliveries of one of the caller's subscriptions, newest first, with their attempts and last error.</summary>
    public async Task<Outcome<ResultPage<PartnerDelivery>>> DeliveriesAsync(
        string subscriptionId, PartnerDeliveryState? state, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (PartnerId is not { } partnerId)
        {
            return PartnersOnly<ResultPage<PartnerDelivery>>();
        }
        if (!await Own(partnerId, subscriptionId).AnyAsync(cancellationToken))
        {
            return NotFound<ResultPage<PartnerDelivery>>(subscriptionId);
        }
        var deliveries = db.Set<PartnerDelivery>().AsNoTracking().Where(d => d.SubscriptionId == subscriptionId);
        if (state is { } wanted)
        {
            deliveries = deliveries.Where(d => d.State == wanted);
        }
        var total = await deliveries.CountAsync(cancellationToken);
        var items = await deliveries.OrderByDescending(d => d.Id).Skip(page.Skip).Take(page.PageSize).ToListAsync(cancellationToken);
        return Outcome<ResultPage<PartnerDelivery>>.Ok(page.Of<PartnerDelivery>(items, total));
    }

    /// <summary>
    /// A callback is an absolute http(s) URL without user info or fragment, at most
    /// <see cref="PartnerSubscription.MaxCallbackLength"/> characters; loopback and link-local hosts only when
    /// <paramref name="allowLoopback"/>. Public so the rule can be unit tested.
    /// </summary>
    public static Uri? ValidateCallback(string? value, bool allowLoopback, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const string field = "callback";
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(field, "callback (the http or https URL events are POSTed to) is required.");
            return null;
        }
        value = value.Trim();
        if (value.Length > PartnerSubscription.MaxCallbackLength)
        {
            errors.Add(field, $"callback must be at most {PartnerSubscription.MaxCallbackLength} characters.");
            return null;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || value.Any(char.IsControl) || value.Contains(' ', StringComparison.Ordinal))
        {
            errors.Add(field, "callback must be an absolute http or https URL.");
            return null;
        }
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
        {
            errors.Add(field, "callback must use http or https.");
            return null;
        }
        if (uri.UserInfo.Length > 0)
        {
            errors.Add(field, "callback must not carry a user name or password.");
            return null;
        }
        if (uri.Fragment.Length > 0)
        {
            errors.Add(field, "callback must not carry a fragment (#...).");
            return null;
        }
        if (string.IsNullOrEmpty(uri.Host))
        {
            errors.Add(field, "callback must name a host.");
            return null;
        }
        if (!allowLoopback && IsLocalHost(uri))
        {
            errors.Add(field, "callback must not point at a loopback, link-local or unspecified address.");
            return null;
        }
        if (uri.AbsoluteUri.Length > PartnerSubscription.MaxCallbackLength)
        {
            errors.Add(field, $"callback must be at most {PartnerSubscription.MaxCallbackLength} characters.");
            return null;
        }
        return uri;
    }

    /// <summary>Loopback, link-local or unspecified: a host Fault must not be made to call (unless configured).</summary>
    public static bool IsLocalHost(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.IsLoopback || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IsLocalAddress(address);
    }

    /// <summary>The address check also applied when the dispatcher connects (a name may resolve to such an address).</summary>
    public static bool IsLocalAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return true;
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return address.IsIPv6LinkLocal;
        }
        var bytes = address.GetAddressBytes();
        return bytes[0] == 169 && bytes[1] == 254;
    }

    /// <summary>
    /// The TMF query: absent or blank for every event type, else <c>eventType=A,B</c> naming known types. Returns the
    /// normalised query (or null) and the selected types (empty = all).
    /// </summary>
    public static (string? Query, IReadOnlyList<PartnerEventType> EventTypes) ValidateQuery(string? value, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        const string field = "query";
        if (string.IsNullOrWhiteSpace(value))
        {
            return (null, []);
        }
        value = value.Trim();
        var known = string.Join(", ", WireNames<PartnerEventType>.All);
        if (value.Length > PartnerSubscription.MaxQueryLength)
        {
            errors.Add(field, $"query must be at most {PartnerSubscription.MaxQueryLength} characters.");
            return (null, []);
        }
        if (!value.StartsWith(EventTypeQueryPrefix, StringComparison.Ordinal))
        {
            errors.Add(field, $"query must be '{EventTypeQueryPrefix}' followed by event types separated by commas: {known}.");
            return (null, []);
        }
        var types = new List<PartnerEventType>();
        foreach (var name in value[EventTypeQueryPrefix.Length..].Split(',', StringSplitOptions.TrimEntries))
        {
            if (!WireNames<PartnerEventType>.TryParse(name, out var type))
            {
                errors.Add(field, name.Length == 0 || name.Length > 64 || name.Any(char.IsControl)
                    ? $"query names an empty or unknown event type: use {known}."
                    : $"Unknown event type '{name}' in query: use {known}.");
                return (null, []);
            }
            types.Add(type);
        }
        var distinct = types.Distinct().ToList();
        return (EventTypeQueryPrefix + string.Join(",", distinct.Select(t => t.ToWire())), distinct);
    }

    private string? PartnerId => callers.Current is { Kind: CallerKind.Partner } partner ? partner.Id : null;

    private IQueryable<PartnerSubscription> Own(string partnerId, string subscriptionId) =>
        db.Set<PartnerSubscription>().Where(s => s.SubscriptionId == subscriptionId && s.PartnerId == partnerId && s.RemovedAt == null);

    private static Outcome<T> PartnersOnly<T>() =>
        Outcome<T>.Forbidden("Partners only", "Hub subscriptions belong to partner API keys; staff read tickets through the REST API.");

    private static Outcome<T> NotFound<T>(string subscriptionId) =>
        Outcome<T>.NotFound("Subscription not found", $"No hub subscription has id '{subscriptionId}'.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId} subscribed to trouble ticket events ({SubscriptionId})")]
    private partial void LogSubscribed(string subscriptionId, string partnerId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Partner {PartnerId} removed hub subscription {SubscriptionId}")]
    private partial void LogUnsubscribed(string subscriptionId, string partnerId);
}
