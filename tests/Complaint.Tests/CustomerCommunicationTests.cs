using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HallPlatform.Complaint.Data;
using HallPlatform.Identity;
using HallPlatform.Notifications;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace HallPlatform.Complaint.Tests;

/// <summary>
/// The complainant's messages (docs/notifications.md): the acknowledgement on registration and the result when the
/// complaint is responded to and closed, one record per change, readable by staff of the complaint's hall with the
/// recipient masked, delivered by the local mailbox.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CustomerCommunicationTests(RealServersFixture servers) : IAsyncLifetime
{
    private const string Complaints = "/api/v1/complaints";
    private const string Phone = "13812345678";
    private const string MaskedPhone = "138****5678";

    private readonly List<ComplaintApp> _apps = [];

    private CapturedLogs Logs { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task Registration_gives_the_acknowledgement_and_responding_and_closing_give_the_results_once_each()
    {
        var (app, connectionString) = StartService(dispatcher: false);
        using var http = app.CreateClient();
        var externalId = "ext-" + Guid.NewGuid().ToString("N");
        var complaintId = await RegisterAsync(http, externalId);
        // A partner's retry of the same registration answers the same complaint and adds no second acknowledgement.
        Assert.Equal(complaintId, await RegisterAsync(http, externalId, HttpStatusCode.OK));

        await ComplaintSteps.ToRespondedAsync(http, complaintId);
        await ComplaintSteps.ConfirmAsync(http, complaintId, satisfied: false, whenNotSatisfied: "reopen");
        await ComplaintSteps.StatusAsync(http, complaintId, "investigating");
        await ComplaintSteps.RespondAsync(http, complaintId);
        await ComplaintSteps.ConfirmAsync(http, complaintId, satisfied: true);
        // A repeated final answer is refused and adds nothing.
        Assert.Equal(HttpStatusCode.Conflict,
            (await http.PostAsJsonAsync($"{Complaints}/{complaintId}/confirmation", new { satisfied = true })).StatusCode);

        var body = await ReadCommunicationsAsync(http, complaintId);
        var messages = body.GetProperty("communications").EnumerateArray().ToList();
        Assert.Equal(
            ["complaint.acknowledged", "complaint.assigned", "complaint.responded", "complaint.reopened", "complaint.responded", "complaint.closed"],
            messages.Select(m => m.GetProperty("templateCode").GetString()));
        Assert.Contains("Remedy offered: refund of 12.50 yuan; an apology; corrective action taken.",
            messages[2].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("MIIT Telecommunication User Appeal Centre (phone 12300", messages[3].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.Contains("handled by our Billing office department", messages[1].GetProperty("body").GetString(), StringComparison.Ordinal);
        Assert.All(messages, m => Assert.Equal("pending", m.GetProperty("state").GetString()));
        Assert.All(messages, m => Assert.Equal(MaskedPhone, m.GetProperty("recipient").GetString()));
        Assert.All(messages, m => Assert.Contains(complaintId, m.GetProperty("body").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain(Phone, body.GetRawText(), StringComparison.Ordinal);

        var stored = await StoredMessagesAsync(app);
        Assert.Equal(6, stored.Select(m => m.SourceKey).Distinct().Count());
        Assert.All(stored, m => Assert.Equal(Phone, m.Recipient));
        Assert.All(stored, m => Assert.Equal("hall-001", m.HallId));

        // At rest: the recipient is ciphertext and the template parameters never hold the phone.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT recipient || ' ' || template_parameters::text FROM communication_messages", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            Assert.DoesNotContain(Phone, reader.GetString(0), StringComparison.Ordinal);
        }
        Assert.Equal(6, rows);
    }

    [Fact]
    public async Task A_withdrawn_complaint_gets_no_result_message()
    {
        var (app, _) = StartService(dispatcher: false);
        using var http = app.CreateClient();
        var complaintId = await RegisterAsync(http, externalId: null);
        Assert.Equal(HttpStatusCode.OK,
            (await http.PostAsJsonAsync($"{Complaints}/{complaintId}/status", new { status = "withdrawn" })).StatusCode);

        var body = await ReadCommunicationsAsync(http, complaintId);
        var only = Assert.Single(body.GetProperty("communications").EnumerateArray());
        Assert.Equal("complaint.acknowledged", only.GetProperty("templateCode").GetString());
    }

    [Fact]
    public async Task The_local_mailbox_delivers_the_acknowledgement_with_the_recipient_masked_in_the_log()
    {
        var (app, _) = StartService(dispatcher: true);
        using var http = app.CreateClient();
        var complaintId = await RegisterAsync(http, externalId: null);

        var body = await Eventually.ReturnsAsync(
            () => ReadCommunicationsAsync(http, complaintId),
            json => json.GetProperty("communications").EnumerateArray().All(m => m.GetProperty("state").GetString() == "sent"));
        var message = Assert.Single(body.GetProperty("communications").EnumerateArray());
        Assert.Equal("sent", message.GetProperty("state").GetString());
        Assert.Equal(1, message.GetProperty("attempts").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, message.GetProperty("sentAt").ValueKind);

        Assert.Contains(Logs.Lines, line => line.Contains("Local mailbox", StringComparison.Ordinal)
            && line.Contains(MaskedPhone, StringComparison.Ordinal) && line.Contains(complaintId, StringComparison.Ordinal));
        Assert.DoesNotContain(Logs.Lines, line => line.Contains(Phone, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_of_another_hall_do_not_see_the_communications()
    {
        var (app, _) = StartService(dispatcher: false);
        using var http = app.CreateClient();
        var complaintId = await RegisterAsync(http, externalId: null);

        using var handler = app.CreateClientAs(TestCallers.Staff("usr_cmp", HallRoles.ComplaintHandler, "hall-001"));
        Assert.Equal(HttpStatusCode.OK, (await handler.GetAsync($"{Complaints}/{complaintId}/communications")).StatusCode);

        using var otherHall = app.CreateClientAs(TestCallers.Staff("usr_far", HallRoles.ComplaintHandler, "hall-002"));
        await ProblemAssert.IsProblemAsync(await otherHall.GetAsync($"{Complaints}/{complaintId}/communications"), HttpStatusCode.NotFound);
        await ProblemAssert.IsProblemAsync(await http.GetAsync($"{Complaints}/cmp_unknown/communications"), HttpStatusCode.NotFound);
    }

    /// <summary>The service with its log captured; the dispatcher runs in the background only when asked.</summary>
    private (WebApplicationFactory<Program> App, string ConnectionString) StartService(bool dispatcher)
    {
        var app = new ComplaintApp(servers)
        {
            Settings = new Dictionary<string, string>
            {
                ["HallPlatform:Notifications:DispatcherEnabled"] = dispatcher ? "true" : "false",
                ["HallPlatform:Notifications:PollInterval"] = "00:00:00.100",
            },
        };
        _apps.Add(app);
        // Disposed with its parent.
        var configured = app.WithWebHostBuilder(builder => builder.ConfigureLogging(logging => logging.AddProvider(Logs)));
        return (configured, app.DatabaseConnectionString);
    }

    private static async Task<List<CommunicationMessage>> StoredMessagesAsync(WebApplicationFactory<Program> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ComplaintDbContext>()
            .Set<CommunicationMessage>().AsNoTracking().ToListAsync();
    }

    private static async Task<string> RegisterAsync(HttpClient http, string? externalId, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await http.PostAsJsonAsync(Complaints, new
        {
            channel = "phone",
            externalId,
            subject = "Overcharged for roaming",
            description = "I was billed twice for roaming in March.",
            remedySought = "Refund the second charge",
            category = "billing",
            hallId = "hall-001",
            customerPhone = "138 1234 5678",
        });
        Assert.Equal(expected, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("complaintId").GetString()!;
    }

    private static async Task<JsonElement> ReadCommunicationsAsync(HttpClient http, string complaintId)
    {
        var response = await http.GetAsync($"{Complaints}/{complaintId}/communications");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.ReadJsonAsync();
    }
}
