using HallPlatform.Application;
using HallPlatform.Audit;
using HallPlatform.Identity;
using HallPlatform.Privacy;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace HallPlatform.ServiceDefaults.Tests;

public sealed class AuditTests
{
    private static readonly BlindIndex Index = new(new PersonalDataProtectionOptions { LookupKey = TestKeys.NewKey() });

    private static (AuditQuery? Query, FieldErrors Errors) Parse(
        string? recordType = null, string? recordId = null, string? customer = null, string? actor = null,
        string? from = null, string? to = null, string? page = null, string? pageSize = null)
    {
        var errors = new FieldErrors();
        return (AuditQuery.Parse(recordType, recordId, customer, actor, from, to, page, pageSize, Index, errors), errors);
    }

    [Fact]
    public void No_filter_is_the_first_page_of_everything()
    {
        var (query, _) = Parse();

        Assert.Equal(new AuditQuery(null, null, null, null, null, null, PageRequest.First), query);
    }

    [Fact]
    public void The_customer_filter_is_the_blind_index_of_the_phone_never_the_phone()
    {
        var (query, _) = Parse(customer: "138 1234-5678");

        Assert.Equal(Index.ForPhone("13812345678"), query!.CustomerRef);
    }

    [Fact]
    public void Period_bounds_are_read_as_utc_instants()
    {
        var (query, _) = Parse(from: "2026-01-01T08:00:00+08:00", to: "2026-02-01T00:00:00Z");

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), query!.From);
        Assert.Equal(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), query.To);
    }

    [Theory]
    [InlineData("recordId")]
    [InlineData("customer")]
    [InlineData("from")]
    [InlineData("to")]
    [InlineData("period")]
    [InlineData("pageSize")]
    public void Bad_filters_are_field_errors(string field)
    {
        var (query, errors) = field switch
        {
            "recordId" => Parse(recordId: "cmp_1"),
            "customer" => Parse(customer: "someone"),
            "from" => Parse(from: "last week"),
            "to" => Parse(to: "2026-02-30T00:00:00Z"),
            "period" => Parse(from: "2026-02-01T00:00:00Z", to: "2026-01-01T00:00:00Z"),
            _ => Parse(pageSize: "500"),
        };

        Assert.Null(query);
        Assert.True(errors.Any);
        Assert.Contains(field == "period" ? "from" : field, errors.ToDictionary().Keys);
    }

    public static TheoryData<CallerKind, string, bool> Callers()
    {
        var data = new TheoryData<CallerKind, string, bool>();
        foreach (var role in HallRoles.All)
        {
            data.Add(CallerKind.Staff, role, role is HallRoles.Supervisor or HallRoles.Administrator);
            // Only staff hold roles; anything else claiming one is still refused.
            data.Add(CallerKind.Partner, role, false);
            data.Add(CallerKind.Anonymous, role, false);
            data.Add(CallerKind.Service, role, false);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Callers))]
    public void Only_supervisors_and_administrators_may_read_the_trail(CallerKind kind, string role, bool allowed)
    {
        var caller = new HallCaller(kind, "someone", [role], [HallCaller.AllHalls], [], "127.0.0.1");

        Assert.Equal(allowed, AuditApi.MayReadAuditTrail(caller));
    }

    [Theory]
    [InlineData(null, 190)]
    [InlineData("183", 183)]
    [InlineData("400", 400)]
    public void Retention_of_at_least_six_months_is_accepted(string? configured, int expected)
    {
        using var services = Services(configured);

        Assert.Equal(expected, services.GetRequiredService<IOptions<AuditOptions>>().Value.RetentionDays);
    }

    [Theory]
    [InlineData("182")]
    [InlineData("30")]
    [InlineData("0")]
    public void Retention_under_six_months_is_refused(string configured)
    {
        using var services = Services(configured);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AuditOptions>>().Value);
        Assert.Contains("RetentionDays", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_purge_refuses_a_retention_under_six_months_whatever_it_is_given()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            AuditRetention.PurgeAsync(new UnusedContext(), 182, DateTimeOffset.UtcNow, CancellationToken.None));
    }

    private static ServiceProvider Services(string? retentionDays)
    {
        var builder = Host.CreateApplicationBuilder();
        if (retentionDays is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("HallPlatform:Audit:RetentionDays", retentionDays)]);
        }
        builder.AddAuditAndPrivacy<UnusedContext>();
        return builder.Services.BuildServiceProvider();
    }

    private sealed class UnusedContext : DbContext;
}
