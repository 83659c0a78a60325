using HallPlatform.Reception.Application.Appointments;
using HallPlatform.Application;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Reception.Api;

/// <summary>POST /api/v1/appointments and GET /api/v1/appointments/{appointmentId}.</summary>
public static class AppointmentsApi
{
    public static IEndpointRouteBuilder MapAppointmentsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/appointments")
            .WithTag("Appointments", "Booked visits: inside its window an appointment's check-in is served in the appointment class.");
        group.MapPost("/", CreateAsync).WithName("CreateAppointment")
            .WithSummary("Book an appointment")
            .WithDescription("Books a visit for a hall and service type; `startsAt` must be in the future and at most 90 days ahead.")
            .ProducesValidationProblem();
        group.MapGet("/{appointmentId}", GetAsync).WithName("GetAppointment")
            .WithSummary("Get an appointment")
            .WithDescription("One appointment, personal data masked.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    // Booking always creates (no idempotent retry): 201 or the failure.
    private static async Task<Results<Created<AppointmentView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        CreateAppointmentRequest request, AppointmentHandling appointments, CancellationToken cancellationToken) =>
        (await appointments.CreateAsync(
            new CreateAppointmentCommand(request.HallId, request.ServiceType, request.CustomerName, request.CustomerPhone, request.StartsAt), cancellationToken))
            .ToCreated(view => view, view => $"/api/v1/appointments/{view.AppointmentId}");

    private static async Task<Results<Ok<AppointmentView>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string appointmentId, AppointmentHandling appointments, CancellationToken cancellationToken) =>
        (await appointments.GetAsync(appointmentId, cancellationToken)).ToOk(view => view);
}

public sealed record CreateAppointmentRequest(string? HallId, string? ServiceType, string? CustomerName, string? CustomerPhone, DateTimeOffset? StartsAt);
