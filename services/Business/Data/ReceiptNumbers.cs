using HallPlatform.Business.Domain;
using HallPlatform.Application;
using Microsoft.EntityFrameworkCore;

namespace HallPlatform.Business.Data;

/// <summary>The counter row of one (hall, year, kind): <see cref="Next"/> is the next number to give.</summary>
public sealed class ReceiptCounter
{
    public string HallId { get; set; } = "";
    public int Year { get; set; }
    public string Kind { get; set; } = "";
    public long Next { get; set; }
}

/// <summary>
/// Gap-free receipt numbers: the counter row is created or advanced by one statement
/// (<c>INSERT ... ON CONFLICT DO UPDATE SET next = next + 1 RETURNING</c>) inside the payment's transaction. The row
/// lock serialises concurrent payments of the hall; a rolled-back payment rolls its number back too, so numbers run
/// 1, 2, 3 ... with no gap and no duplicate.
/// </summary>
public static class ReceiptNumbers
{
    public static async Task<long> TakeNextAsync(BusinessDbContext db, string hallId, int year, ReceiptKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var kindName = kind.ToWire();
        var taken = await db.Database.SqlQuery<long>($"""
            INSERT INTO receipt_counters (hall_id, year, kind, next) VALUES ({hallId}, {year}, {kindName}, 2)
            ON CONFLICT (hall_id, year, kind) DO UPDATE SET next = receipt_counters.next + 1
            RETURNING next - 1 AS "Value"
            """).ToListAsync(cancellationToken);
        return taken.Single();
    }
}
