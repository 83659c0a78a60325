using HallPlatform.Quality.Domain;
using HallPlatform.Application;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>The case types' names, written out: they are the REST, gRPC and database contract.</summary>
public sealed class WireNameTests
{
    public static TheoryData<CaseType, string> CaseTypes => new()
    {
        { CaseType.Visit, "visit" },
        { CaseType.Order, "order" },
        { CaseType.TroubleTicket, "trouble-ticket" },
        { CaseType.Complaint, "complaint" },
    };

    [Theory]
    [MemberData(nameof(CaseTypes))]
    public void Case_types_have_their_names_and_read_back(CaseType caseType, string name)
    {
        Assert.Equal(name, caseType.ToWire());
        Assert.Equal(caseType, WireNames<CaseType>.Parse(name));
    }

    [Fact]
    public void Every_case_type_is_in_the_table() => Assert.Equal(Enum.GetValues<CaseType>().Length, CaseTypes.Count);

    [Theory]
    [InlineData("troubleTicket")]
    [InlineData(" visit")]
    [InlineData("2")]
    public void Case_types_are_read_exactly_as_written(string name) => Assert.False(WireNames<CaseType>.TryParse(name, out _));
}
