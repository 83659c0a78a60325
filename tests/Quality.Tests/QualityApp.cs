using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;
using HallPlatform.Quality.Data;
using HallPlatform.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>The Quality service in memory, on a database of its own in the shared PostgreSQL server.</summary>
public sealed class QualityApp(RealServersFixture servers) : WebApplicationFactory<Program>
{
    private readonly string _connectionString = servers.NewDatabaseConnectionString("quality");

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:qualitydb", _connectionString);

    public GrpcChannel CreateGrpcChannel() =>
        GrpcChannel.ForAddress(Server.BaseAddress, new GrpcChannelOptions { HttpHandler = Server.CreateHandler() });

    public async Task<T> WithDbAsync<T>(Func<QualityDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<QualityDbContext>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        // Tests in the collection run one after another: idle connections to this test's database can go.
        NpgsqlConnection.ClearAllPools();
    }
}

internal static class ProblemAssert
{
    public static async Task<JsonElement> IsProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        return problem;
    }

    /// <summary>A 400 problem whose errors name exactly <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> IsValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var problem = await IsProblemAsync(response, HttpStatusCode.BadRequest);
        var errorFields = problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(fields.Order(StringComparer.Ordinal).ToArray(), errorFields);
        return problem;
    }
}

internal static class JsonContent
{
    public static async Task<JsonElement> ReadJsonAsync(this HttpResponseMessage response)
    {
        var element = await response.Content.ReadFromJsonAsync<JsonElement>();
        return element.Clone();
    }
}
