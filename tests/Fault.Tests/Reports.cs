using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;
using HallPlatform.Application;

namespace HallPlatform.Fault.Tests;

internal static class Reports
{
    public const string Phone = "13812345678";

    /// <summary>Stands for the blind index of <see cref="Phone"/> in domain tests (the real one needs the lookup key).</summary>
    public const string PhoneRef = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    public static ReportFaultCommand HallCommand(string? externalId = null) =>
        new("hall", externalId, "No signal", "No mobile signal at home since this morning", "major", "mobile", "hall_1", Phone);

    public static ReportFaultCommand PartnerCommand(string externalId, string channel = "online") =>
        new(channel, externalId, "Broadband down", "Router shows no link", "critical", "broadband", "", Phone);

    /// <summary>The application's check of a report, with its field errors.</summary>
    public static FaultReport? Validate(ReportFaultCommand command, out IReadOnlyDictionary<string, string[]> errors)
    {
        var fieldErrors = new FieldErrors();
        var report = TroubleTicketHandling.Validate(command, fieldErrors);
        errors = fieldErrors.ToDictionary();
        return report;
    }

    public static FaultReport Hall()
    {
        var report = Validate(HallCommand(), out var errors);
        Assert.Empty(errors);
        return report!;
    }
}
