using HallPlatform.Application;
using HallPlatform.Quality.Staff.Application;
using HallPlatform.Quality.Staff.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HallPlatform.Quality.Staff.Api;

public sealed record StaffMemberResource(
    string StaffId,
    string DisplayName,
    IReadOnlyList<string> HallIds,
    IReadOnlyList<string> Roles,
    IReadOnlyList<string> Skills,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static StaffMemberResource From(StaffMember member)
    {
        ArgumentNullException.ThrowIfNull(member);
        return new(member.StaffId, member.DisplayName, [.. member.HallIds], [.. member.Roles], [.. member.Skills], member.CreatedAt, member.UpdatedAt);
    }
}

public static class StaffApi
{
    public const string BasePath = "/api/v1/staff";

    public static IEndpointRouteBuilder MapStaffApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(BasePath)
            .WithTag("Staff", "The staff register: the one place staff ids (as tokens carry them) resolve to display names, halls, roles and skills.");
        group.MapPut("/{staffId}", PutAsync).WithName("PutStaffMember")
            .WithSummary("Register or update a staff member")
            .WithDescription("Supervisors and administrators, for halls that are all theirs. 201 with Location for a new entry, 200 for a changed "
                + "(or unchanged) one. `staffId` is `usr_...`; `roles` from the platform's roles; `skills` short lower-case codes.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/{staffId}", GetAsync).WithName("GetStaffMember")
            .WithSummary("Resolve a staff id")
            .WithDescription("One register entry. Staff see the entries of the halls they work in (another hall's staff answer 404 like an "
                + "unknown id); services see every entry.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithName("ListStaffMembers")
            .WithSummary("List or batch-resolve staff")
            .WithDescription("Pages of register entries the caller sees, ordered by id, optionally of one `hallId` and/or a batch of ids "
                + $"(`staffIds`, comma-separated, at most {StaffDirectory.MaxLookupIds}): unknown or unseen ids are simply absent.");
        return routes;
    }

    private static async Task<Results<Created<StaffMemberResource>, Ok<StaffMemberResource>, ValidationProblem, ProblemHttpResult>> PutAsync(
        string staffId, PutStaffMemberCommand body, StaffDirectory directory, CancellationToken cancellationToken)
    {
        var outcome = await directory.PutAsync(staffId, body, cancellationToken);
        return outcome.ToCreatedOrOk(StaffMemberResource.From, member => $"{BasePath}/{member.StaffId}");
    }

    private static async Task<Results<Ok<StaffMemberResource>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string staffId, StaffDirectory directory, CancellationToken cancellationToken)
    {
        var outcome = await directory.GetAsync(staffId, cancellationToken);
        return outcome.ToOk(StaffMemberResource.From);
    }

    private static async Task<Results<Ok<ResultPage<StaffMemberResource>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        StaffDirectory directory,
        CancellationToken cancellationToken,
        string? staffIds = null,
        string? hallId = null,
        [IntegerText(1, PageRequest.MaxPage)] string? page = null,
        [IntegerText(1, PageRequest.MaxPageSize)] string? pageSize = null)
    {
        var errors = new FieldErrors();
        var ids = new List<string>();
        if (!string.IsNullOrWhiteSpace(staffIds))
        {
            var parts = staffIds.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length > StaffDirectory.MaxLookupIds)
            {
                errors.Add("staffIds", $"The staffIds field must list at most {StaffDirectory.MaxLookupIds} ids.");
            }
            else
            {
                foreach (var id in parts.Distinct(StringComparer.Ordinal))
                {
                    if (StaffDirectory.CheckId("staffIds", id, errors))
                    {
                        ids.Add(id);
                    }
                }
            }
        }
        var hall = HallIds.Check("hallId", hallId, errors);
        var paging = PageRequest.Parse(page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var outcome = await directory.ListAsync(new StaffQuery(ids, hall, paging), cancellationToken);
        return outcome.ToOk(result => result.Map(StaffMemberResource.From));
    }
}
