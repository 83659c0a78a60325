namespace HallPlatform.Business.Domain;

/// <summary>
/// Money arithmetic in integer fen. Fee amounts are before tax; the tax of a quote line is
/// <c>round_half_away_from_zero(unitAmount × quantity × rate / 10000)</c> (rate in basis points), computed once per
/// line, never per unit; the line total is net + tax and the quote total is the sum of the line totals.
/// </summary>
public static class Money
{
    public const int BasisPointsPerUnit = 10_000;

    public static long TaxFen(long netFen, int taxRateBasisPoints) =>
        (long)Math.Round((decimal)netFen * taxRateBasisPoints / BasisPointsPerUnit, MidpointRounding.AwayFromZero);

    public static QuoteLine Line(FeeItem fee, int quantity)
    {
        ArgumentNullException.ThrowIfNull(fee);
        var net = checked(fee.AmountFen * quantity);
        var tax = TaxFen(net, fee.TaxRateBasisPoints);
        return new QuoteLine(fee.Code, fee.Name, fee.Kind, quantity, fee.AmountFen, net, fee.TaxRateBasisPoints, tax, checked(net + tax));
    }

    public static Quote Quote(int version, IEnumerable<QuoteLine> lines, DateTimeOffset at)
    {
        IReadOnlyList<QuoteLine> all = [.. lines];
        return new Quote(version, all, all.Sum(l => l.NetFen), all.Sum(l => l.TaxFen), all.Sum(l => l.LineTotalFen), at);
    }
}

/// <summary>One line of a quote, all amounts in fen.</summary>
public sealed record QuoteLine(
    string FeeCode, string Name, FeeKind Kind, int Quantity, long UnitAmountFen, long NetFen, int TaxRateBasisPoints, long TaxFen, long LineTotalFen);

/// <summary>The itemised fee notice shown to the customer; a new request makes a new version.</summary>
public sealed record Quote(int Version, IReadOnlyList<QuoteLine> Lines, long NetFen, long TaxFen, long TotalFen, DateTimeOffset At);
