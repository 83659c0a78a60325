using System.Text.RegularExpressions;

namespace HallPlatform.Quality.Staff.Domain;

/// <summary>
/// One person of the staff register: the id their tokens carry (<c>sub</c>, e.g. <c>usr_wang</c>), the name other
/// services show for that id, the halls they work in, their roles and skills. Administrators and supervisors keep it.
/// </summary>
public sealed partial class StaffMember
{
    public const string IdPrefix = "usr_";
    public const int MaxIdLength = 64;
    public const int MaxDisplayNameLength = 100;
    public const int MaxHalls = 20;
    public const int MaxSkills = 20;
    public const int MaxSkillLength = 40;

    // For EF Core materialisation.
    private StaffMember()
    {
    }

    public string StaffId { get; private set; } = "";

    public string DisplayName { get; private set; } = "";

    public List<string> HallIds { get; private set; } = [];

    public List<string> Roles { get; private set; } = [];

    public List<string> Skills { get; private set; } = [];

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>A staff id as tokens carry it: <c>usr_</c> then lower-case letters, digits, '-', '_' or '.'.</summary>
    public static bool IsValidId(string? staffId) => staffId is not null && IdShape().IsMatch(staffId);

    public static bool IsValidSkill(string skill) => SkillShape().IsMatch(skill);

    public static StaffMember Register(string staffId, StaffDetails details, DateTimeOffset at) => new()
    {
        StaffId = staffId,
        DisplayName = details.DisplayName,
        HallIds = [.. details.HallIds],
        Roles = [.. details.Roles],
        Skills = [.. details.Skills],
        CreatedAt = at,
        UpdatedAt = at,
    };

    /// <summary>Replaces the details; false (and nothing changed) when they are already these.</summary>
    public bool Update(StaffDetails details, DateTimeOffset at)
    {
        if (Has(details))
        {
            return false;
        }
        DisplayName = details.DisplayName;
        HallIds = [.. details.HallIds];
        Roles = [.. details.Roles];
        Skills = [.. details.Skills];
        UpdatedAt = at;
        return true;
    }

    public bool Has(StaffDetails details) =>
        string.Equals(DisplayName, details.DisplayName, StringComparison.Ordinal)
        && HallIds.SequenceEqual(details.HallIds, StringComparer.Ordinal)
        && Roles.SequenceEqual(details.Roles, StringComparer.Ordinal)
        && Skills.SequenceEqual(details.Skills, StringComparer.Ordinal);

    [GeneratedRegex("^usr_[a-z0-9][a-z0-9._-]{0,59}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex SkillShape();
}

/// <summary>A staff member's details, validated: lists sorted and without duplicates.</summary>
public sealed record StaffDetails(string DisplayName, IReadOnlyList<string> HallIds, IReadOnlyList<string> Roles, IReadOnlyList<string> Skills);
