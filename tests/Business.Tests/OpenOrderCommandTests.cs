using HallPlatform.Business.Application;
using HallPlatform.Business.Domain;
using HallPlatform.Application;

namespace HallPlatform.Business.Tests;

public sealed class OpenOrderCommandTests
{
    [Fact]
    public void A_complete_command_is_valid() =>
        Assert.Empty(ErrorsOf(new OpenOrderCommand("vis_1", "hall_1", "A", "c1", "A001").Normalized()));

    [Fact]
    public void Counter_and_ticket_are_optional() =>
        Assert.Empty(ErrorsOf(new OpenOrderCommand("vis_1", "hall_1", "A", "", "").Normalized()));

    [Fact]
    public void Visit_hall_and_service_type_are_required()
    {
        var errors = ErrorsOf(new OpenOrderCommand(" ", "", "\t", "c1", "A001").Normalized());

        Assert.Equal(["hallId", "serviceType", "visitId"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Overlong_fields_are_refused()
    {
        var tooLong = new string('x', OpenOrderCommand.MaxLength + 1);
        var errors = ErrorsOf(new OpenOrderCommand(tooLong, "hall_1", "A", tooLong, "A001"));

        Assert.Equal(["counterId", "visitId"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_journey_id_is_optional_but_must_have_the_journey_shape()
    {
        Assert.Empty(ErrorsOf(new OpenOrderCommand("vis_1", "hall_1", "A", "", "", " j_0123456789abcdef0123456789 ").Normalized()));
        Assert.Empty(ErrorsOf(new OpenOrderCommand("vis_1", "hall_1", "A", "", "", "").Normalized()));
        Assert.Equal(["journeyId"], ErrorsOf(new OpenOrderCommand("vis_1", "hall_1", "A", "", "", "J_<script>").Normalized()).Keys);
    }

    [Fact]
    public void Normalizing_trims_so_the_same_visit_is_recognised() =>
        Assert.Equal("vis_1", new OpenOrderCommand("  vis_1 ", "h", "A", "", "").Normalized().VisitId);

    private static IReadOnlyDictionary<string, string[]> ErrorsOf(OpenOrderCommand command)
    {
        var errors = new FieldErrors();
        OrderHandling.Validate(command, errors);
        return errors.ToDictionary();
    }
}
