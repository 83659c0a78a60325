using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Counters;
using HallPlatform.Reception.Application.Queue;
using HallPlatform.Reception.Domain;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>Counters: list, catalogue upsert, open/close, call-next and call a specific ticket.</summary>
public static class CountersApi
{
    public static IEndpointRouteBuilder MapCountersApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/counters")
            .WithTag("Counters", "A hall's counters: opening and closing them and calling tickets.");
        group.MapGet("/", ListAsync).WithName("ListCounters")
            .WithSummary("List a hall's counters")
            .WithDescription("Each counter's service types and whether it is open.")
            .ProducesValidationProblem();
        group.MapPut("/{counterId}", PutAsync).WithName("PutCounter")
            .WithSummary("Create or change a counter")
            .WithDescription("Catalogue administration: creates (201) or updates (200) a counter and the service types it serves.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{counterId}/open", OpenAsync).WithName("OpenCounter")
            .WithSummary("Open a counter")
            .WithDescription("Opens the counter for the staff member named in the body; it then takes part in calls and wait estimates.")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{counterId}/close", CloseAsync).WithName("CloseCounter")
            .WithSummary("Close a counter")
            .WithDescription("Closes the counter; it no longer calls tickets.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{counterId}/call-next", CallNextAsync).WithName("CallNext")
            .WithSummary("Call the next ticket")
            .WithDescription("Calls the longest-waiting ticket of the counter's service types (200), or 204 when nobody waits; "
                + "a closed counter is 409. Trained before serving (docs/staff.md): tickets of a service type whose training "
                + "requirement is `block` are not given to an agent without current training for it (they stay queued for a "
                + "trained counter); when only such tickets wait the answer is 409 `Training required.` with `code` "
                + "`training-required` and the blocked `serviceTypes`. A `warn` requirement gives the ticket with "
                + "`warnings: [{code: training-required, serviceType}]`.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{counterId}/call", CallSpecificAsync).WithName("CallSpecific")
            .WithSummary("Call a specific ticket")
            .WithDescription("Calls the waiting visit named in the body to this counter. A ticket of a service type whose training "
                + "requirement is `block` is refused (409 `Training required.`, naming the service type) to an agent without "
                + "current training for it.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return routes;
    }

    private static async Task<Results<Ok<ResultPage<CounterResponse>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        HallCatalogue catalogue, string? hallId,
        [IntegerText(1, PageRequest.MaxPage)] string? page, [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize, CancellationToken cancellationToken)
    {
        var paging = QueryPaging.Parse(page, pageSize);
        var counters = paging.Succeeded
            ? await catalogue.CountersAsync(hallId, cancellationToken)
            : paging.CastFailure<IReadOnlyList<CounterView>>();
        return counters.ToOk(found => paging.Value!.Slice([.. found.Select(CounterResponse.From)]));
    }

    /// <summary>201 for a new counter (it starts closed), 200 for a changed work profile.</summary>
    private static async Task<Results<Created<CounterResponse>, Ok<CounterResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string counterId, CounterRequest request, CatalogueHandling handling, CancellationToken cancellationToken) =>
        (await handling.PutCounterAsync(new PutCounterCommand(counterId, request.HallId, request.Name, request.ServiceTypes), cancellationToken))
            .ToCreatedOrOk(CounterResponse.From, counter => $"/api/v1/counters/{counter.CounterId}");

    private static async Task<Results<Ok<CounterResponse>, ValidationProblem, ProblemHttpResult>> OpenAsync(
        string counterId, OpenCounterRequest request, CounterHandling counters, CancellationToken cancellationToken) =>
        (await counters.OpenCounterAsync(counterId, request.StaffId, cancellationToken)).ToOk(CounterResponse.From);

    private static async Task<Results<Ok<CounterResponse>, ValidationProblem, ProblemHttpResult>> CloseAsync(
        string counterId, CounterHandling counters, CancellationToken cancellationToken) =>
        (await counters.CloseCounterAsync(counterId, cancellationToken)).ToOk(CounterResponse.From);

    /// <summary>200 with the called ticket, 204 when nobody waits for the counter's services.</summary>
    private static async Task<Results<Ok<CallNextResponse>, NoContent, ProblemHttpResult>> CallNextAsync(
        string counterId, CallNextHandling callNext, CancellationToken cancellationToken)
    {
        // Call-next has no body, so no field errors: a failure is a problem (404, 409, 503).
        var outcome = await callNext.CallNextAsync(counterId, cancellationToken);
        if (!outcome.Succeeded)
        {
            return outcome.ToProblem();
        }
        var result = outcome.Value!;
        if (result.Called is { } called)
        {
            return TypedResults.Ok(CallNextResponse.From(called, result.Warnings));
        }
        return result.TrainingRequiredFor.Count == 0 ? TypedResults.NoContent() : TrainingRequired(counterId, result.TrainingRequiredFor);
    }

    /// <summary>
    /// 409 when the only waiting tickets are of types blocked for this counter's agent: <c>code</c>
    /// <c>training-required</c> and the blocked <c>serviceTypes</c>, so the desk can tell it apart from "nobody waits".
    /// </summary>
    private static ProblemHttpResult TrainingRequired(string counterId, IReadOnlyList<string> serviceTypes) => TypedResults.Problem(
        title: VisitActionHandling.TrainingRequiredTitle,
        detail: $"Only tickets of service types that require training the agent at counter '{counterId}' does not have now are waiting "
            + $"({string.Join(", ", serviceTypes)}); they stay queued for a trained counter.",
        statusCode: StatusCodes.Status409Conflict,
        extensions: new Dictionary<string, object?> { ["code"] = TrainingGate.WarningCode, ["serviceTypes"] = serviceTypes });

    /// <summary>Calls a specific ticket out of order (or picks up a parked visit); the reason is required and recorded.</summary>
    private static async Task<Results<Ok<VisitResponse>, ValidationProblem, ProblemHttpResult>> CallSpecificAsync(
        string counterId, CallSpecificRequest request, VisitActionHandling actions, CancellationToken cancellationToken) =>
        (await actions.CallSpecificAsync(counterId, request.VisitId, request.Reason, cancellationToken)).ToOk(VisitResponse.From);
}

public sealed record CounterRequest(string? HallId, string? Name, IReadOnlyList<string>? ServiceTypes);

public sealed record CounterResponse(string CounterId, string Name, IReadOnlyList<string> ServiceTypes, bool IsOpen, string? StaffId)
{
    public static CounterResponse From(CounterView view) => new(view.CounterId, view.Name, view.ServiceTypes, view.IsOpen, view.StaffId);
}

public sealed record OpenCounterRequest(string? StaffId);

public sealed record CallSpecificRequest(string? VisitId, string? Reason);

/// <summary>What a counter gets on call-next: no customer name or phone. <c>warnings</c> is empty unless a rule warns.</summary>
public sealed record CallNextResponse(
    string VisitId,
    string TicketNumber,
    string ServiceType,
    string PriorityClass,
    string CounterId,
    DateTimeOffset CalledAt,
    long WaitedSeconds,
    string? OrderId,
    IReadOnlyList<CallWarningResponse> Warnings)
{
    public static CallNextResponse From(CalledVisit called, IReadOnlyList<CallWarning> warnings) => new(
        called.VisitId, called.TicketNumber, called.ServiceType, called.PriorityClass.ToWire(), called.CounterId, called.CalledAt,
        called.WaitedSeconds, called.OrderId, [.. warnings.Select(w => new CallWarningResponse(w.Code, w.ServiceType))]);
}

/// <summary>A warning of a call: <c>code</c> <c>training-required</c> with the service type the agent is not trained for.</summary>
public sealed record CallWarningResponse(string Code, string ServiceType);
