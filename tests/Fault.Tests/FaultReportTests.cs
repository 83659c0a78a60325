using HallPlatform.Fault.Application;
using HallPlatform.Fault.Domain;

namespace HallPlatform.Fault.Tests;

public sealed class FaultReportTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_hall_report_without_external_id_is_valid()
    {
        var report = Reports.Validate(Reports.HallCommand(), out var errors);

        Assert.Empty(errors);
        Assert.NotNull(report);
        Assert.Equal(Channel.Hall, report.Channel);
        Assert.Null(report.ExternalId);
        Assert.Equal(Severity.Major, report.Severity);
        Assert.Equal(TicketType.Mobile, report.TicketType);
        Assert.Equal("hall_1", report.HallId);
    }

    [Theory]
    [InlineData("phone")]
    [InlineData("online")]
    public void Partner_channels_must_send_their_reference(string channel)
    {
        Assert.Null(Reports.Validate(Reports.PartnerCommand(" ", channel), out var errors));
        Assert.Equal(["externalId"], errors.Keys);
    }

    [Fact]
    public void A_partner_report_needs_no_hall()
    {
        var report = Reports.Validate(Reports.PartnerCommand("ext-1"), out var errors);

        Assert.Empty(errors);
        Assert.Null(report!.HallId);
        Assert.Equal("ext-1", report.ExternalId);
    }

    [Fact]
    public void A_hall_report_must_name_its_hall()
    {
        Assert.Null(Reports.Validate(Reports.HallCommand() with { HallId = "" }, out var errors));
        Assert.Equal(["hallId"], errors.Keys);
    }

    [Fact]
    public void Missing_required_fields_are_all_reported()
    {
        Assert.Null(Reports.Validate(new ReportFaultCommand(null, null, null, null, null, null, null, null), out var errors));
        Assert.Equal(["channel", "name", "severity", "ticketType"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("channel")]
    [InlineData("severity")]
    [InlineData("ticketType")]
    public void Unknown_codes_are_refused_by_field(string field)
    {
        var command = field switch
        {
            "channel" => Reports.HallCommand() with { Channel = "fax" },
            "severity" => Reports.HallCommand() with { Severity = "catastrophic" },
            _ => Reports.HallCommand() with { TicketType = "satellite" },
        };

        Assert.Null(Reports.Validate(command, out var errors));
        Assert.Equal([field], errors.Keys);
    }

    [Fact]
    public void Codes_are_read_case_insensitively_and_trimmed()
    {
        var report = Reports.Validate(
            Reports.HallCommand() with { Channel = " Hall ", Severity = "CRITICAL", TicketType = "Fixed-Line" }, out var errors);

        Assert.Empty(errors);
        Assert.Equal(TicketType.FixedLine, report!.TicketType);
        Assert.Equal(Severity.Critical, report.Severity);
    }

    [Theory]
    [InlineData("138 1234 5678", "13812345678")]
    [InlineData("+86-138-1234-5678", "+8613812345678")]
    public void Phone_numbers_are_normalised(string input, string stored)
    {
        var report = Reports.Validate(Reports.HallCommand() with { CustomerPhone = input }, out var errors);

        Assert.Empty(errors);
        Assert.Equal(stored, report!.CustomerPhone);
    }

    [Theory]
    [InlineData("call me")]
    [InlineData("1234")]
    [InlineData("123456789012345678901")]
    [InlineData("138+12345678")]
    public void Bad_phone_numbers_are_refused_without_echoing_them(string input)
    {
        Assert.Null(Reports.Validate(Reports.HallCommand() with { CustomerPhone = input }, out var errors));
        Assert.Equal(["customerPhone"], errors.Keys);
        Assert.DoesNotContain(input, errors["customerPhone"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_text_is_refused()
    {
        var command = Reports.HallCommand() with
        {
            Name = new string('n', FaultReport.MaxNameLength + 1),
            Description = new string('d', FaultReport.MaxDescriptionLength + 1),
            ExternalId = new string('e', FaultReport.MaxExternalIdLength + 1),
        };

        Assert.Null(Reports.Validate(command, out var errors));
        Assert.Equal(["description", "externalId", "name"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("mobile")]
    [InlineData("broadband")]
    [InlineData("fixed-line")]
    [InlineData("other")]
    public void Repair_is_expected_within_the_48_hour_market_maximum(string ticketType)
    {
        var report = Reports.Validate(Reports.HallCommand() with { TicketType = ticketType }, out _)!;

        var ticket = TroubleTicket.Register(report, Now, reporterPartnerId: null, Reports.PhoneRef);

        Assert.Equal(Now.AddHours(48), ticket.ExpectedResolutionDate);
        Assert.Equal(TimeSpan.FromHours(48), ticket.SlaMaximum);
        Assert.Equal(TimeSpan.FromHours(24), ticket.SlaTarget);
    }

    [Fact]
    public void A_retry_matches_only_with_identical_content()
    {
        var report = Reports.Validate(Reports.PartnerCommand("ext-1"), out _)!;
        var ticket = TroubleTicket.Register(report, Now, reporterPartnerId: null, Reports.PhoneRef);

        Assert.True(ticket.WasRegisteredFrom(Reports.Validate(Reports.PartnerCommand("ext-1"), out _)!));
        Assert.False(ticket.WasRegisteredFrom(report with { Severity = Severity.Minor }));
        Assert.False(ticket.WasRegisteredFrom(report with { Description = "other" }));
        Assert.False(ticket.WasRegisteredFrom(report with { CustomerPhone = "13900000000" }));
    }

    [Fact]
    public void A_ticket_keeps_the_phone_and_its_blind_index_together()
    {
        var withPhone = Reports.Hall();
        var withoutPhone = withPhone with { CustomerPhone = null };

        var ticket = TroubleTicket.Register(withPhone, Now, reporterPartnerId: null, Reports.PhoneRef);
        var anonymous = TroubleTicket.Register(withoutPhone, Now, reporterPartnerId: null, customerPhoneRef: null);

        Assert.Equal((Reports.Phone, Reports.PhoneRef), (ticket.CustomerPhone, ticket.CustomerPhoneRef));
        Assert.Null(anonymous.CustomerPhone);
        Assert.Null(anonymous.CustomerPhoneRef);
        // A phone without its index could never be found by it; an index without a phone points at nobody.
        Assert.Throws<ArgumentException>(() => TroubleTicket.Register(withPhone, Now, reporterPartnerId: null, customerPhoneRef: null));
        Assert.Throws<ArgumentException>(() => TroubleTicket.Register(withoutPhone, Now, reporterPartnerId: null, Reports.PhoneRef));
    }
}
