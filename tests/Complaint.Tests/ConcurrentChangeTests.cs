using System.Net;
using System.Net.Http.Json;
using HallPlatform.Complaint.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;
using static HallPlatform.Complaint.Tests.ComplaintSteps;

namespace HallPlatform.Complaint.Tests;

/// <summary>
/// A complaint's row changing between a step's read and its write (the clock sweep stamping a deadline warning, as a
/// journey met in CI): the step is applied again to what is stored; only a row that keeps changing is a 409.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class ConcurrentChangeTests : IAsyncLifetime
{
    private readonly ComplaintApp _app;
    private readonly RowChangedBeforeSave _interference;
    private readonly WebApplicationFactory<Program> _factory;
    private readonly HttpClient _client;

    public ConcurrentChangeTests(RealServersFixture servers)
    {
        _app = new ComplaintApp(servers) { Settings = new Dictionary<string, string> { ["Complaint:SweepEnabled"] = "false" } };
        _interference = new RowChangedBeforeSave(_app.DatabaseConnectionString);
        _factory = _app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<ComplaintDbContext>(options => options.AddInterceptors(_interference))));
        _client = _factory.CreateClient();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<string> AssessedAsync()
    {
        using var response = await _client.PostAsJsonAsync(Complaints, new
        {
            channel = "hall", subject = "Overcharged", description = "Billed twice", remedySought = "Refund", category = "billing",
            hallId = "hall-001", customerPhone = "13812345678", customerName = "Zhang Wei",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
        await AssessAsync(_client, id);
        return id;
    }

    private async Task<long> CountAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(_app.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_step_whose_row_changed_once_before_its_write_is_applied_to_the_stored_row()
    {
        var id = await AssessedAsync();
        _interference.Arm(id, times: 1);

        var assigned = await AssignAsync(_client, id, "dep-billing", "usr_billing_lead", "owner");

        Assert.Equal("assigned", assigned.GetProperty("status").GetString());
        Assert.Equal(1, _interference.Changes);
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM audit_entries WHERE record_id = @id AND action = 'complaint.assigned'", id));
        Assert.Equal(1L, await CountAsync("SELECT count(*) FROM complaint_assignments WHERE \"ComplaintId\" = @id", id));
    }

    [Fact]
    public async Task A_row_that_changes_before_every_write_is_a_409_problem_and_nothing_of_the_step_is_written()
    {
        var id = await AssessedAsync();
        _interference.Arm(id, times: int.MaxValue);

        using var response = await _client.PostAsJsonAsync($"{Complaints}/{id}/assignment", new { departmentId = "dep-billing", handlerId = "usr_billing_lead", reason = "owner" });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Equal(3, _interference.Changes);
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM audit_entries WHERE record_id = @id AND action = 'complaint.assigned'", id));
        Assert.Equal(0L, await CountAsync("SELECT count(*) FROM complaint_assignments WHERE \"ComplaintId\" = @id", id));
        _interference.Arm(id, times: 0);
        Assert.Equal("assessed", (await _client.GetFromJsonAsync<System.Text.Json.JsonElement>($"{Complaints}/{id}")).GetProperty("status").GetString());
    }

    /// <summary>Just before the service saves a change to the armed complaint, another connection updates its row.</summary>
    private sealed class RowChangedBeforeSave(string connectionString) : SaveChangesInterceptor
    {
        private string? _complaintId;
        private int _left;
        private int _changes;

        public int Changes => Volatile.Read(ref _changes);

        public void Arm(string complaintId, int times)
        {
            _complaintId = complaintId;
            Volatile.Write(ref _left, times);
        }

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
            DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            var touchesArmed = eventData.Context!.ChangeTracker.Entries<Domain.CustomerComplaint>()
                .Any(entry => entry.State == EntityState.Modified && entry.Entity.ComplaintId == _complaintId);
            if (touchesArmed && Interlocked.Decrement(ref _left) >= 0)
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand("UPDATE complaints SET \"ComplaintId\" = \"ComplaintId\" WHERE \"ComplaintId\" = @id", connection);
                command.Parameters.AddWithValue("id", _complaintId!);
                await command.ExecuteNonQueryAsync(cancellationToken);
                Interlocked.Increment(ref _changes);
            }
            return result;
        }
    }
}
