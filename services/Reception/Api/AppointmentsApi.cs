using HallPlatform.Reception.Application;
using HallPlatform.Reception.Application.Appointments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>POST /api/v1/appointments and GET /api/v1/appointments/{appointmentId}.</summary>
public static class AppointmentsApi
{
    public static IEndpointRouteBuilder MapAppointmentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/appointments").WithTags("Appointments");
        group.MapPost("/", CreateAsync).WithName("CreateAppointment").ProducesValidationProblem();
        group.MapGet("/{appointmentId}", GetAsync).WithName("GetAppointment").ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    private static async Task<Results<Created<AppointmentView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAppointmentRequest request, AppointmentHandling appointments, CancellationToken cancellationToken)
    {
        var outcome = await appointments.CreateAsync(
            new CreateAppointmentCommand(request.HallId, request.ServiceType, request.CustomerName, request.CustomerPhone, request.StartsAt), cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return failure.Kind == FailureKind.Invalid ? Problems.Validation(failure) : Problems.From(failure);
        }
        return TypedResults.Created($"/api/v1/appointments/{outcome.Value!.AppointmentId}", outcome.Value);
    }

    private static async Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string appointmentId, AppointmentHandling appointments, CancellationToken cancellationToken) =>
        Problems.Answer(await appointments.GetAsync(appointmentId, cancellationToken), view => view);
}
