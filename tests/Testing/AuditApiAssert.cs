using System.Net;
using HallPlatform.Identity;
using Xunit;

namespace HallPlatform.Testing;

/// <summary>The checks every service's <c>GET /api/v1/{service}/audit-entries</c> must pass, written once.</summary>
public static class AuditApiAssert
{
    /// <summary>
    /// Every staff role (of every hall), the given partners and services, and an anonymous caller: staff supervisors
    /// and administrators get 200, everyone else 403 problem+json.
    /// </summary>
    public static async Task OnlySupervisorsAndAdministratorsReadAsync(
        Func<HallCaller, HttpClient> clientFor, string auditPath, params HallCaller[] otherCallers)
    {
        var callers = HallRoles.All.Select(role => TestCallers.Staff("someone", role, HallCaller.AllHalls))
            .Concat(otherCallers)
            .Append(TestCallers.Anonymous);
        foreach (var caller in callers)
        {
            using var client = clientFor(caller);
            using var response = await client.GetAsync(auditPath);
            if (caller.Kind == CallerKind.Staff && (caller.IsInRole(HallRoles.Supervisor) || caller.IsInRole(HallRoles.Administrator)))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            else
            {
                await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden);
            }
        }
    }

    /// <summary>Each bad filter is a 400 naming exactly that field; <paramref name="recordId"/> is an id of the service's records.</summary>
    public static async Task BadFiltersAreFieldErrorsAsync(Func<HallCaller, HttpClient> clientFor, HallCaller supervisor, string auditPath, string recordId)
    {
        (string Query, string Field)[] cases =
        [
            ($"recordId={recordId}", "recordId"),
            ("customer=not-a-phone", "customer"),
            ("from=yesterday", "from"),
            ("to=2026-13-45", "to"),
            ("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from"),
            ("pageSize=101", "pageSize"),
            ("page=0", "page"),
        ];
        using var client = clientFor(supervisor);
        foreach (var (query, field) in cases)
        {
            using var response = await client.GetAsync($"{auditPath}?{query}");
            await ProblemAssert.IsValidationProblemAsync(response, field);
        }
    }
}
