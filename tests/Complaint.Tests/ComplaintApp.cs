using HallPlatform.Complaint.Data;
using HallPlatform.Testing;

namespace HallPlatform.Complaint.Tests;

/// <summary>The Complaint service in memory, on a database of its own in the shared PostgreSQL server.</summary>
public sealed class ComplaintApp(RealServersFixture servers) : ServiceApp<Program>(servers, "complaintdb", "complaint")
{
    public Task<T> WithDbAsync<T>(Func<ComplaintDbContext, Task<T>> query) => WithScopedAsync(query);
}
