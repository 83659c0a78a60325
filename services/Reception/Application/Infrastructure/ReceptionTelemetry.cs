using System.Diagnostics;

namespace HallPlatform.Reception.Application.Infrastructure;

/// <summary>
/// Spans of the reception journey. Tags carry ids only (visit, hall, counter, ticket number), never the
/// customer's name or phone.
/// </summary>
public static class ReceptionTelemetry
{
    public const string SourceName = "HallPlatform.Reception";

    public static readonly ActivitySource Source = new(SourceName);
}
