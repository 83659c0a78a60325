using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using HallPlatform.Application;
using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using ProblemDetails = Microsoft.AspNetCore.Mvc.ProblemDetails;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace HallPlatform.Fault.Api;

/// <summary>A TMF621 v4 TroubleTicket, as the TMF routes answer it (docs/fault-partners.md, "TMF621 API").</summary>
public sealed record Tmf621TroubleTicket(
    string Id,
    string Href,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("@baseType")] string BaseType,
    string? ExternalId,
    string Name,
    string Description,
    [property: WireEnum<Severity>] string Severity,
    [property: WireEnum<TicketType>] string TicketType,
    [property: WireEnum<TicketStatus>] string Status,
    string StatusChangeReason,
    DateTimeOffset StatusChangeDate,
    DateTimeOffset CreationDate,
    DateTimeOffset LastUpdate,
    DateTimeOffset ExpectedResolutionDate,
    Tmf621Channel Channel,
    IReadOnlyList<Tmf621StatusChange> StatusChange,
    IReadOnlyList<Tmf621Note> Note,
    IReadOnlyList<Tmf621RelatedParty> RelatedParty,
    IReadOnlyList<Tmf621RelatedEntity> RelatedEntity)
{
    public const string TypeName = "TroubleTicket";

    /// <summary>Fields every projection keeps (TMF630: <c>fields</c> selects the others).</summary>
    public static readonly IReadOnlyList<string> AlwaysIncluded = ["id", "href", "@type"];

    /// <summary>The ticket with its area and on-site appointments as <c>relatedEntity</c>.</summary>
    public static Tmf621TroubleTicket From(TroubleTicket ticket, IEnumerable<Appointment> appointments)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        ArgumentNullException.ThrowIfNull(appointments);
        var parties = new List<Tmf621RelatedParty>();
        if (ticket.ReporterPartnerId is { } partner)
        {
            parties.Add(new Tmf621RelatedParty(partner, "reporter", "Organization", "RelatedParty"));
        }
        if (ticket.HallId is { } hall)
        {
            parties.Add(new Tmf621RelatedParty(hall, "hall", "Organization", "RelatedParty"));
        }
        return new Tmf621TroubleTicket(
            ticket.TicketId, PartnerHubEvents.Href(ticket.TicketId), TypeName, TypeName, ticket.ExternalId, ticket.Name, ticket.Description,
            ticket.Severity.ToWire(), ticket.TicketType.ToWire(), ticket.Status.ToWire(), ticket.StatusChangeReason, ticket.StatusChangeDate,
            ticket.CreatedAt, ticket.StatusChangeDate, ticket.ExpectedResolutionDate,
            new Tmf621Channel(ticket.Channel.ToWire(), ticket.Channel.ToWire(), "ChannelRef"),
            [.. ticket.StatusChangeHistory.Select(h => new Tmf621StatusChange(h.To.ToWire(), h.Reason, h.At, "StatusChange"))],
            [],
            parties,
            Tmf621RelatedEntities.Of(ticket.Area, appointments));
    }
}

public sealed record Tmf621Channel(string Id, string Name, [property: JsonPropertyName("@type")] string Type);

public sealed record Tmf621StatusChange(
    [property: WireEnum<TicketStatus>] string Status, string ChangeReason, DateTimeOffset ChangeDate, [property: JsonPropertyName("@type")] string Type);

public sealed record Tmf621Note(string Id, string? Author, DateTimeOffset Date, string Text, [property: JsonPropertyName("@type")] string Type);

public sealed record Tmf621RelatedParty(
    string Id, string Role, [property: JsonPropertyName("@referredType")] string ReferredType, [property: JsonPropertyName("@type")] string Type);

/// <summary>A channel reference in a create request: its <c>id</c> or <c>name</c> is the channel code.</summary>
public sealed record Tmf621ChannelRef(
    [property: MaxLength(16), WireEnum<Channel>] string? Id,
    [property: MaxLength(16), WireEnum<Channel>] string? Name);

/// <summary>A party in a create request; only <c>role: hall</c> is read (its <c>id</c> is the hall id).</summary>
public sealed record Tmf621RelatedPartyRef([property: MaxLength(64)] string? Id, [property: MaxLength(40)] string? Role);

/// <summary>TMF621 TroubleTicket_Create: the report, with TMF names.</summary>
public sealed record Tmf621TroubleTicketCreate(
    [property: Required, MaxLength(FaultReport.MaxNameLength)] string? Name,
    [property: MaxLength(FaultReport.MaxDescriptionLength)] string? Description,
    [property: Required, WireEnum<Severity>] string? Severity,
    [property: Required, WireEnum<TicketType>] string? TicketType,
    [property: MaxLength(FaultReport.MaxExternalIdLength)] string? ExternalId,
    [property: Required] Tmf621ChannelRef? Channel,
    [property: MaxLength(10)] IReadOnlyList<Tmf621RelatedPartyRef>? RelatedParty);

/// <summary>A note to add (TMF621 Note).</summary>
public sealed record Tmf621NoteInput([property: MaxLength(200)] string? Author, [property: Required, MaxLength(4000)] string? Text);

/// <summary>
/// TMF621 TroubleTicket_Update as a JSON merge patch: <c>status</c> (with <c>statusChangeReason</c>) moves the ticket
/// along its lifecycle.
/// </summary>
public sealed record Tmf621TroubleTicketUpdate(
    [property: WireEnum<TicketStatus>] string? Status,
    [property: MaxLength(TroubleTicketHandling.MaxReasonLength)] string? StatusChangeReason,
    [property: MaxLength(10)] IReadOnlyList<Tmf621NoteInput>? Note);

/// <summary>
/// The TMF621 v4 resource API on the same use cases as the REST API (<see cref="TroubleTicketHandling"/>): list with
/// filters, <c>fields</c> and offset/limit paging headers, get, create, merge-patch status changes, and the hub.
/// Errors are RFC 9457 problems that also carry TMF's Error fields (<see cref="Tmf621Errors"/>).
/// </summary>
public static class Tmf621Api
{
    public const string BasePath = "/tmf-api/troubleTicket/v4";
    public const string MergePatchContentType = "application/merge-patch+json";

    private static readonly string[] TicketFieldNames = typeof(Tmf621TroubleTicket).GetProperties()
        .Select(p => p.GetCustomAttributes(typeof(JsonPropertyNameAttribute), false).OfType<JsonPropertyNameAttribute>().FirstOrDefault()?.Name
            ?? JsonNamingPolicy.CamelCase.ConvertName(p.Name))
        .ToArray();

    public static IEndpointRouteBuilder MapTmf621Api(this IEndpointRouteBuilder app)
    {
        var tmf = app.MapGroup(BasePath)
            .WithTag("TMF621 Trouble Ticket", "The TM Forum TMF621 v4 Trouble Ticket API (resource and hub) over the same tickets as the REST API.");
        tmf.MapGet("/troubleTicket", ListAsync).WithName("TmfListTroubleTicket")
            .WithSummary("List or find TroubleTicket objects (TMF621)")
            .WithDescription("Filters `status`, `severity`, `ticketType`, `externalId`; `fields` (comma-separated) keeps only those "
                + "fields besides id, href and @type; paging with `offset` (from 0) and `limit` (1..100, default 20). "
                + "Headers `X-Total-Count` (all matching) and `X-Result-Count` (in this answer). Partners see their own tickets.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        tmf.MapGet("/troubleTicket/{id}", GetAsync).WithName("TmfRetrieveTroubleTicket")
            .WithSummary("Retrieve a TroubleTicket (TMF621)")
            .WithDescription("One ticket; `fields` as for the list. Another partner's ticket answers 404 like an unknown id.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        tmf.MapPost("/troubleTicket", CreateAsync).WithName("TmfCreateTroubleTicket")
            .WithSummary("Create a TroubleTicket (TMF621)")
            .WithDescription("Reports a fault: 201 with Location. The channel is `channel.id` (or `channel.name`); a hall report "
                + "names its hall as a relatedParty with role `hall`. The same (channel, externalId) again returns the same ticket (200); "
                + "the same reference with other content is 409.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status409Conflict);
        tmf.MapPatch("/troubleTicket/{id}", PatchAsync).WithName("TmfPatchTroubleTicket")
            .WithSummary("Update a TroubleTicket (TMF621, JSON merge patch)")
            .WithDescription("`application/merge-patch+json` with `status` and `statusChangeReason`: moves the ticket along the "
                + "TMF621 lifecycle (409 when the lifecycle forbids it). Other fields are read-only here (400 naming the field).")
            .Accepts<Tmf621TroubleTicketUpdate>(MergePatchContentType, "application/json")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tmf.MapPost("/hub", SubscribeAsync).WithName("TmfRegisterListener")
            .WithSummary("Register a listener (TMF621 hub)")
            .WithDescription("As POST /api/v1/trouble-tickets/hub: `callback` and optional `query` (`eventType=...`); 201 with the "
                + "subscription's id and its signing `secret` (shown once). Partner API keys only.")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        tmf.MapDelete("/hub/{id}", UnsubscribeAsync).WithName("TmfUnregisterListener")
            .WithSummary("Unregister a listener (TMF621 hub)")
            .WithDescription("Removes the caller's own subscription: 204; unknown or another partner's: 404.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<Tmf621TroubleTicket>>, JsonHttpResult<JsonArray>, ProblemHttpResult>> ListAsync(
        [WireEnum<TicketStatus>] string? status, [WireEnum<Severity>] string? severity, [WireEnum<TicketType>] string? ticketType,
        string? externalId, string? fields,
        [IntegerText(0, Tmf621Tickets.MaxOffset)] string? offset, [IntegerText(1, Tmf621Tickets.MaxLimit)] string? limit,
        Tmf621Tickets tmf, HttpContext context, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        TicketStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            statusFilter = TicketStatusNames.TryParsePublic(status, out var parsed) ? parsed : null;
            errors.Add("status", statusFilter is null ? $"Unknown status: use one of {string.Join(", ", TicketStatusNames.Public)}." : null);
        }
        var severityFilter = ParseEnum<Severity>(severity, "severity", errors);
        var typeFilter = ParseEnum<TicketType>(ticketType, "ticketType", errors);
        var externalIdFilter = string.IsNullOrWhiteSpace(externalId) ? null : externalId.Trim();
        if (externalIdFilter is { Length: > FaultReport.MaxExternalIdLength })
        {
            errors.Add("externalId", $"externalId must be at most {FaultReport.MaxExternalIdLength} characters.");
        }
        var projection = ParseFields(fields, errors);
        var from = ParseInteger(offset, "offset", 0, Tmf621Tickets.MaxOffset, 0, errors);
        var size = ParseInteger(limit, "limit", 1, Tmf621Tickets.MaxLimit, Tmf621Tickets.DefaultLimit, errors);
        if (errors.Any)
        {
            return Tmf621Errors.Invalid(errors);
        }

        var outcome = await tmf.ListAsync(new Tmf621TicketFilter(statusFilter, severityFilter, typeFilter, externalIdFilter), from, size, cancellationToken);
        if (!outcome.Succeeded)
        {
            return Tmf621Errors.From(outcome);
        }
        var page = outcome.Value!;
        context.Response.Headers["X-Total-Count"] = page.Total.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["X-Result-Count"] = page.Items.Count.ToString(CultureInfo.InvariantCulture);
        var appointments = await tmf.AppointmentsOfAsync([.. page.Items.Select(t => t.TicketId)], cancellationToken);
        IReadOnlyList<Tmf621TroubleTicket> items = [.. page.Items.Select(t => Tmf621TroubleTicket.From(t, appointments[t.TicketId]))];
        if (projection is null)
        {
            return TypedResults.Ok(items);
        }
        return TypedResults.Json(new JsonArray([.. items.Select(item => (JsonNode)Project(item, projection, json.Value.SerializerOptions))]),
            json.Value.SerializerOptions);
    }

    private static async Task<Results<Ok<Tmf621TroubleTicket>, JsonHttpResult<JsonObject>, ProblemHttpResult>> GetAsync(
        string id, string? fields, TroubleTicketHandling tickets, Tmf621Tickets tmf, IOptions<JsonOptions> json, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var projection = ParseFields(fields, errors);
        if (errors.Any)
        {
            return Tmf621Errors.Invalid(errors);
        }
        var outcome = await tickets.GetAsync(id, cancellationToken);
        if (!outcome.Succeeded)
        {
            return Tmf621Errors.From(outcome);
        }
        var ticket = await ToTmfAsync(outcome.Value!, tmf, cancellationToken);
        return projection is null
            ? TypedResults.Ok(ticket)
            : TypedResults.Json(Project(ticket, projection, json.Value.SerializerOptions), json.Value.SerializerOptions);
    }

    private static async Task<Results<Created<Tmf621TroubleTicket>, Ok<Tmf621TroubleTicket>, ProblemHttpResult>> CreateAsync(
        Tmf621TroubleTicketCreate request, TroubleTicketHandling tickets, Tmf621Tickets tmf, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var channel = request.Channel?.Id ?? request.Channel?.Name;
        if (request.Channel is null)
        {
            errors.Add("channel", $"channel is required: {{\"id\": one of {string.Join(", ", WireNames<Channel>.All)}}}.");
        }
        else if (request.Channel.Id is { } byId && request.Channel.Name is { } byName && !string.Equals(byId.Trim(), byName.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("channel", "channel.id and channel.name name different channels.");
        }
        if (request.RelatedParty is { Count: > 10 })
        {
            errors.Add("relatedParty", "relatedParty holds at most 10 parties.");
        }
        var halls = (request.RelatedParty ?? []).Where(p => p is not null && string.Equals(p.Role?.Trim(), "hall", StringComparison.OrdinalIgnoreCase)).ToList();
        if (halls.Count > 1)
        {
            errors.Add("relatedParty", "relatedParty names at most one party with role 'hall'.");
        }
        if (errors.Any)
        {
            return Tmf621Errors.Invalid(errors);
        }
        var command = new ReportFaultCommand(channel, request.ExternalId, request.Name, request.Description,
            request.Severity, request.TicketType, halls.SingleOrDefault()?.Id, CustomerPhone: null);
        var outcome = await tickets.ReportAsync(command, cancellationToken);
        return outcome.Kind switch
        {
            OutcomeKind.Created => TypedResults.Created(PartnerHubEvents.Href(outcome.Value!.TicketId), await ToTmfAsync(outcome.Value, tmf, cancellationToken)),
            OutcomeKind.Replayed => TypedResults.Ok(await ToTmfAsync(outcome.Value!, tmf, cancellationToken)),
            _ => Tmf621Errors.From(outcome),
        };
    }

    private static async Task<Results<Ok<Tmf621TroubleTicket>, ProblemHttpResult>> PatchAsync(
        string id, Tmf621TroubleTicketUpdate request, TroubleTicketHandling tickets, Tmf621Tickets tmf, CancellationToken cancellationToken)
    {
        if (request.Note is { Count: > 0 })
        {
            return Tmf621Errors.Invalid("note", "Adding notes through TMF621 is not available yet; change status with status and statusChangeReason.");
        }
        if (request.Status is null)
        {
            return Tmf621Errors.Invalid("status", $"status is required: one of {string.Join(", ", TicketStatusNames.Public)}.");
        }
        var outcome = await tickets.ChangeStatusAsync(id, request.Status, request.StatusChangeReason, cancellationToken);
        if (outcome.Succeeded)
        {
            return TypedResults.Ok(await ToTmfAsync(outcome.Value!, tmf, cancellationToken));
        }
        // Keys as TMF names them: the use case's "reason" is statusChangeReason here.
        if (outcome is { Kind: OutcomeKind.Invalid, Errors: { } fieldErrors } && fieldErrors.ContainsKey("reason"))
        {
            var renamed = fieldErrors.ToDictionary(e => e.Key == "reason" ? "statusChangeReason" : e.Key, e => e.Value);
            return Tmf621Errors.From(Outcome<TroubleTicket>.Invalid(renamed));
        }
        return Tmf621Errors.From(outcome);
    }

    private static async Task<Results<Created<Tmf621Subscription>, ProblemHttpResult>> SubscribeAsync(
        SubscribeRequest request, PartnerHubHandling hub, CancellationToken cancellationToken)
    {
        var outcome = await hub.SubscribeAsync(new SubscribeCommand(request.Callback, request.Query), cancellationToken);
        if (!outcome.Succeeded)
        {
            return Tmf621Errors.From(outcome);
        }
        var created = outcome.Value!;
        return TypedResults.Created($"{BasePath}/hub/{created.Subscription.SubscriptionId}",
            new Tmf621Subscription(created.Subscription.SubscriptionId, created.Subscription.Callback, created.Subscription.Query, created.Secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> UnsubscribeAsync(
        string id, PartnerHubHandling hub, CancellationToken cancellationToken)
    {
        var outcome = await hub.RemoveAsync(id, cancellationToken);
        return outcome.Succeeded ? TypedResults.NoContent() : Tmf621Errors.From(outcome);
    }

    private static async Task<Tmf621TroubleTicket> ToTmfAsync(TroubleTicket ticket, Tmf621Tickets tmf, CancellationToken cancellationToken) =>
        Tmf621TroubleTicket.From(ticket, (await tmf.AppointmentsOfAsync([ticket.TicketId], cancellationToken))[ticket.TicketId]);

    private static TEnum? ParseEnum<TEnum>(string? value, string field, FieldErrors errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (WireNames<TEnum>.TryParseLenient(value, out var parsed))
        {
            return parsed;
        }
        errors.Add(field, $"Unknown {field}: use one of {string.Join(", ", WireNames<TEnum>.All)}.");
        return null;
    }

    private static int ParseInteger(string? value, string field, int min, int max, int fallback, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed >= min && parsed <= max)
        {
            return parsed;
        }
        errors.Add(field, $"The {field} field must be a whole number from {min} to {max}.");
        return fallback;
    }

    /// <summary>The selected field names, or null for the whole resource; unknown names are a field error.</summary>
    private static HashSet<string>? ParseFields(string? fields, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(fields))
        {
            return null;
        }
        var selected = new HashSet<string>(Tmf621TroubleTicket.AlwaysIncluded, StringComparer.Ordinal);
        foreach (var name in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!TicketFieldNames.Contains(name, StringComparer.Ordinal))
            {
                errors.Add("fields", $"fields names unknown TroubleTicket fields: use any of {string.Join(", ", TicketFieldNames)}.");
                return null;
            }
            selected.Add(name);
        }
        return selected;
    }

    private static JsonObject Project(Tmf621TroubleTicket ticket, HashSet<string> fields, JsonSerializerOptions options)
    {
        var whole = JsonSerializer.SerializeToNode(ticket, options)!.AsObject();
        var projected = new JsonObject();
        foreach (var (name, value) in whole)
        {
            if (fields.Contains(name))
            {
                projected[name] = value?.DeepClone();
            }
        }
        return projected;
    }
}

/// <summary>TMF621 EventSubscription, plus the signing secret (only in the creation answer).</summary>
public sealed record Tmf621Subscription(string Id, string Callback, string? Query, string Secret);

/// <summary>
/// Errors of the TMF routes: RFC 9457 problem details (as every HallPlatform route answers) that also carry TMF630's
/// Error fields: <c>code</c> (the HTTP status as text), <c>reason</c> (the title), <c>message</c> (the detail),
/// <c>referenceError</c> (the problem type URN) and <c>@type: Error</c>. TMF's own <c>status</c> is the same number.
/// </summary>
public static class Tmf621Errors
{
    public static ProblemHttpResult From<T>(Outcome<T> outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome is { Kind: OutcomeKind.Invalid, Errors: { } errors })
        {
            return Problem(new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
            {
                Title = outcome.Title ?? "One or more fields are invalid.",
                Status = StatusCodes.Status400BadRequest,
                Detail = Describe(errors),
            });
        }
        var status = outcome.ToProblem().StatusCode;
        return Problem(new ProblemDetails { Title = outcome.Title, Detail = outcome.Detail, Status = status });
    }

    public static ProblemHttpResult Invalid(FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return From(Outcome<object>.Invalid(errors.ToDictionary()));
    }

    public static ProblemHttpResult Invalid(string field, string message) => From(Outcome<object>.Invalid(field, message));

    private static ProblemHttpResult Problem(ProblemDetails problem)
    {
        var status = problem.Status ?? StatusCodes.Status500InternalServerError;
        problem.Type = ProblemTypes.ForStatus(status);
        problem.Extensions["code"] = status.ToString(CultureInfo.InvariantCulture);
        problem.Extensions["reason"] = problem.Title ?? "Error";
        problem.Extensions["message"] = problem.Detail ?? problem.Title ?? "Error";
        problem.Extensions["referenceError"] = problem.Type;
        problem.Extensions["@type"] = "Error";
        return TypedResults.Problem(problem);
    }

    private static string Describe(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join(" ", errors.SelectMany(e => e.Value.Select(message => $"{e.Key}: {message}")));
}
