namespace HallPlatform.Complaint.Domain;

/// <summary>
/// A department complaints are transferred to: its name and contact, the staff ids of its handlers, and the
/// categories it owns (assessment proposes the owner of the complaint's category). Data, seeded, edited by
/// administrators.
/// </summary>
public sealed class Department
{
    public const int MaxIdLength = 40;
    public const int MaxNameLength = 100;
    public const int MaxContactLength = 200;
    public const int MaxHandlers = 50;
    public const int MaxHandlerIdLength = 64;

    private Department()
    {
    }

    public Department(string departmentId, string name, string contact, string[] handlerIds, string[] categories)
    {
        DepartmentId = departmentId;
        Name = name;
        Contact = contact;
        HandlerIds = handlerIds;
        Categories = categories;
    }

    public string DepartmentId { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>The department's work contact (a mailbox or an extension), not a customer's data.</summary>
    public string Contact { get; private set; } = "";

    public string[] HandlerIds { get; private set; } = [];

    /// <summary>Wire names of the categories the department owns.</summary>
    public string[] Categories { get; private set; } = [];

    public void Update(string name, string contact, string[] handlerIds, string[] categories)
    {
        Name = name;
        Contact = contact;
        HandlerIds = handlerIds;
        Categories = categories;
    }

    public bool HasHandler(string handlerId) => HandlerIds.Contains(handlerId, StringComparer.Ordinal);
}

/// <summary>
/// An entry of the maintained root-cause list a response picks from, with the improvement suggestion management
/// review attaches to it. Inactive entries stay for history but cannot be chosen.
/// </summary>
public sealed class RootCause
{
    public const int MaxCodeLength = 40;
    public const int MaxNameLength = 100;
    public const int MaxSuggestionLength = 1000;

    private RootCause()
    {
    }

    public RootCause(string code, string name, string improvementSuggestion, bool active)
    {
        Code = code;
        Name = name;
        ImprovementSuggestion = improvementSuggestion;
        Active = active;
    }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string ImprovementSuggestion { get; private set; } = "";

    public bool Active { get; private set; }

    public void Update(string name, string improvementSuggestion, bool active)
    {
        Name = name;
        ImprovementSuggestion = improvementSuggestion;
        Active = active;
    }
}

/// <summary>The seeded departments and root causes (docs/complaints.md); administrators edit them afterwards.</summary>
public static class ComplaintSeedData
{
    public static readonly Department[] Departments =
    [
        new("dep-billing", "Billing office", "billing-office@hall.example", ["usr_billing_lead"], ["billing"]),
        new("dep-customer-service", "Customer service", "customer-service@hall.example", ["usr_cs_lead"], ["service", "product", "other"]),
        new("dep-network", "Network operations", "network-ops@hall.example", ["usr_noc_lead"], ["network"]),
        new("dep-hall-management", "Hall management", "hall-management@hall.example", ["usr_hall_manager"], ["staff-conduct"]),
    ];

    public static readonly RootCause[] RootCauses =
    [
        new("billing-error", "Billing error", "Reconcile the billing rules against the tariff catalogue monthly.", true),
        new("tariff-unclear", "Tariff explained unclearly", "Give counter staff a one-page tariff comparison sheet.", true),
        new("staff-behaviour", "Staff behaviour", "Refresh the service etiquette training of the hall team.", true),
        new("network-coverage", "Network coverage", "Report weak-coverage areas to network planning with the complaint count.", true),
        new("system-fault", "System fault", "Add monitoring and a fallback procedure for the failing system.", true),
        new("process-gap", "Process gap", "Write the missing step into the hall's operating procedure.", true),
        new("not-justified", "Not justified", "Explain the rule better at the first contact.", true),
        new("other", "Other", "Review the free-text root causes at the monthly meeting.", true),
    ];
}
