using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HallPlatform.Gateway.Tests.Edge;

/// <summary>
/// The gateway on real Kestrel, spoken to over a raw socket: what each malformed request gets back
/// (docs/gateway-edge.md, "Requests Kestrel refuses"). Kestrel answers these before any middleware runs, so they
/// cannot carry a problem body; a refusal inside the pipeline can, and does.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class KestrelRejectionTests(EdgeFixture edge) : IAsyncLifetime
{
    private WebApplicationFactory<Program> gateway = null!;
    private Uri address = null!;

    public async Task InitializeAsync()
    {
        gateway = edge.Variant(("Kestrel:Endpoints:http:Url", "http://127.0.0.1:0"), ("Kestrel:Endpoints:grpc:Url", "http://127.0.0.1:0"));
        gateway.UseKestrel();
        gateway.StartServer();
        var addresses = gateway.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        // The HTTP/1.1 endpoint, told from the HTTP/2-only one by asking.
        foreach (var candidate in addresses.Select(a => new Uri(a)))
        {
            address = candidate;
            if ((await SendRawAsync("GET /alive HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")).StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal))
            {
                return;
            }
        }
        Assert.Fail("No HTTP/1.1 endpoint: " + string.Join(", ", addresses));
    }

    public async Task DisposeAsync() => await gateway.DisposeAsync();

    [Theory]
    [InlineData("headers too large", 431)]
    [InlineData("URI too long", 414)]
    [InlineData("NUL in path", 400)]
    [InlineData("bad Host", 400)]
    public async Task Kestrel_refuses_before_the_pipeline_with_an_empty_body(string kind, int status)
    {
        var request = kind switch
        {
            "headers too large" => $"GET /api/v1/service-types HTTP/1.1\r\nHost: gateway\r\nX-Big: {new string('a', 40 * 1024)}\r\n\r\n",
            "URI too long" => $"GET /api/v1/service-types?q={new string('a', 10 * 1024)} HTTP/1.1\r\nHost: gateway\r\n\r\n",
            "NUL in path" => "GET /api/v1/service\0types HTTP/1.1\r\nHost: gateway\r\n\r\n",
            _ => "GET /api/v1/service-types HTTP/1.1\r\nHost: bad host/\r\n\r\n",
        };

        var response = await SendRawAsync(request);

        Assert.True(response.StartsWith($"HTTP/1.1 {status} ", StringComparison.Ordinal), response);
        Assert.Contains("Content-Length: 0", response, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_refusal_inside_the_pipeline_is_a_problem()
    {
        var response = await SendRawAsync("GET /no/such/route HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n");

        Assert.True(response.StartsWith("HTTP/1.1 404 ", StringComparison.Ordinal), response);
        Assert.Contains("Content-Type: application/problem+json", response, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<string> SendRawAsync(string request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        var received = new StringBuilder();
        // Read until the head is complete and, for a problem, its body has started; Kestrel closes after a refusal.
        while (!timeout.IsCancellationRequested)
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            if (read == 0)
            {
                break;
            }
            received.Append(Encoding.Latin1.GetString(buffer, 0, read));
            if (received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && !received.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                break;
            }
        }
        return received.ToString();
    }
}
