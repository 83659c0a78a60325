using HallPlatform.Application;

namespace HallPlatform.Quality.Domain;

/// <summary>One finding of an evaluation meeting, with an id of its own that improvement actions refer to.</summary>
public sealed class EvaluationFinding
{
    public const string IdPrefix = "fnd_";
    public const int MaxTextLength = 2000;

    public required string FindingId { get; init; }

    /// <summary>The finding's position in the meeting's list (1, 2, ...).</summary>
    public int Number { get; init; }
    public required string Text { get; init; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");
}

/// <summary>
/// A service-quality evaluation meeting of one hall: when, who took part (staff ids), the figures reviewed (a snapshot
/// taken when the meeting is recorded, never changed afterwards) and the findings. Improvement actions are raised from
/// its findings and point back to it.
/// </summary>
public sealed class EvaluationMeeting
{
    public const string IdPrefix = "mtg_";
    public const int MaxIdLength = 40;
    public const int MaxParticipants = 50;
    public const int MaxFindings = 50;

    // For EF Core materialisation.
    private EvaluationMeeting()
    {
    }

    public string MeetingId { get; private set; } = "";
    public string HallId { get; private set; } = "";
    public DateOnly HeldOn { get; private set; }
    public string[] Participants { get; private set; } = [];

    /// <summary>Where the figures came from: "caller" (as given) or "statistics" (the hall's statistics, computed at recording).</summary>
    public string FiguresSource { get; private set; } = "";
    public DateTimeOffset? FiguresFrom { get; private set; }
    public DateTimeOffset? FiguresTo { get; private set; }

    /// <summary>The snapshot as a JSON object of metric code → value (jsonb): written once, never updated.</summary>
    public string Figures { get; private set; } = "{}";
    public List<EvaluationFinding> Findings { get; private set; } = [];
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }

    public static string NewId() => IdPrefix + Guid.CreateVersion7().ToString("N");

    public static EvaluationMeeting Record(string meetingId, string hallId, DateOnly heldOn, IReadOnlyList<string> participants, FigureSnapshot figures,
        IReadOnlyList<string> findings, string by, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(participants);
        ArgumentNullException.ThrowIfNull(figures);
        ArgumentNullException.ThrowIfNull(findings);
        return new EvaluationMeeting
        {
            MeetingId = meetingId,
            HallId = hallId,
            HeldOn = heldOn,
            Participants = [.. participants],
            FiguresSource = figures.Source,
            FiguresFrom = figures.From,
            FiguresTo = figures.To,
            Figures = figures.ToJson(),
            Findings = [.. findings.Select((text, index) => new EvaluationFinding { FindingId = EvaluationFinding.NewId(), Number = index + 1, Text = text })],
            RecordedBy = by,
            RecordedAt = at,
        };
    }
}

/// <summary>The figures a meeting reviewed: metric → value, in the metric list's order, with where they came from.</summary>
public sealed record FigureSnapshot(string Source, DateTimeOffset? From, DateTimeOffset? To, IReadOnlyDictionary<QualityMetric, double> Values)
{
    public const string FromCaller = "caller";
    public const string FromStatistics = "statistics";

    public string ToJson()
    {
        var ordered = Values.OrderBy(v => v.Key).ToDictionary(v => v.Key.ToWire(), v => v.Value, StringComparer.Ordinal);
        return System.Text.Json.JsonSerializer.Serialize(ordered);
    }
}
