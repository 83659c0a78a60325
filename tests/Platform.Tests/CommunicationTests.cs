using HallPlatform.Application;
using HallPlatform.Notifications;

namespace HallPlatform.Platform.Tests;

/// <summary>The communication record's own rules (docs/notifications.md), without a database.</summary>
public sealed class CommunicationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 8, 30, 0, TimeSpan.Zero);

    private static CommunicationRequest Request(IReadOnlyDictionary<string, string> parameters, string recipient = "13812345678",
        CommunicationChannel channel = CommunicationChannel.Sms) =>
        new("trouble-ticket", "tt_1", "hall_1", null, channel, "fault.acknowledged", parameters, recipient, "tt_1:acknowledged:1");

    [Fact]
    public void A_new_record_is_pending_due_now_with_the_recipient_masked_and_the_parameters_as_json()
    {
        var message = CommunicationMessage.Create(Request(new Dictionary<string, string> { ["ticketId"] = "tt_1" }), Now, traceParent: null);

        Assert.StartsWith(CommunicationMessage.IdPrefix, message.Id, StringComparison.Ordinal);
        Assert.Equal(CommunicationState.Pending, message.State);
        Assert.Equal(0, message.Attempts);
        Assert.Equal(Now, message.NextAttemptAt);
        Assert.Equal("138****5678", message.RecipientMasked);
        Assert.Equal("tt_1", message.Parameters()["ticketId"]);
        Assert.Equal("tt_1:acknowledged:1", message.SourceKey);
    }

    [Theory]
    [InlineData("13812345678")]
    [InlineData("call 13812345678 back")]
    public void The_recipient_is_refused_as_a_template_parameter(string value)
    {
        var request = Request(new Dictionary<string, string> { ["ticketId"] = "tt_1", ["note"] = value });
        Assert.Throws<ArgumentException>(() => CommunicationMessage.Create(request, Now, traceParent: null));
    }

    [Theory]
    [InlineData(CommunicationChannel.Sms, "13812345678", "138****5678")]
    [InlineData(CommunicationChannel.Email, "jane.doe@example.com", "j***@example.com")]
    [InlineData(CommunicationChannel.Email, "not-an-address", "****")]
    public void Recipients_are_masked_per_channel(CommunicationChannel channel, string recipient, string masked) =>
        Assert.Equal(masked, CommunicationMessage.Mask(channel, recipient));

    [Fact]
    public void The_backoff_doubles_after_each_failed_attempt_up_to_the_cap()
    {
        var options = new CommunicationOptions { InitialBackoff = TimeSpan.FromSeconds(10), MaxBackoff = TimeSpan.FromSeconds(60) };
        Assert.Equal(
            [10, 20, 40, 60, 60],
            new[] { 1, 2, 3, 4, 50 }.Select(failed => options.BackoffAfter(failed).TotalSeconds));
    }

    [Fact]
    public void A_template_fills_its_placeholders_and_refuses_a_missing_one()
    {
        var template = new CommunicationTemplate("fault.acknowledged", "Report {ticketId}", "Received {ticketId}, due {due}.");
        Assert.Equal(["ticketId", "due"], template.Placeholders);

        var rendered = template.Render(new Dictionary<string, string> { ["ticketId"] = "tt_1", ["due"] = "2026-03-03" });
        Assert.Equal(new RenderedCommunication("Report tt_1", "Received tt_1, due 2026-03-03."), rendered);

        Assert.Throws<InvalidOperationException>(() => template.Render(new Dictionary<string, string> { ["ticketId"] = "tt_1" }));
    }

    [Fact]
    public void Channels_and_states_have_their_wire_names()
    {
        Assert.Equal(["sms", "email"], WireNames<CommunicationChannel>.All);
        Assert.Equal(["pending", "sent", "failed"], WireNames<CommunicationState>.All);
    }
}
