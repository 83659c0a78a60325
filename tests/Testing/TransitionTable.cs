using Xunit;

namespace HallPlatform.Testing;

/// <summary>
/// A state machine's table as a test writes it out by hand: the columns (target states, or actions) in the order the
/// test chooses, then one row per state with one mark per column. Every cell is written, none is implied: in a
/// from/to table <see cref="Allowed"/> ("x") or <see cref="Forbidden"/> ("."); in an action table the resulting
/// state's name or <see cref="Forbidden"/>. The table checks only two things: that it names every (row, column) pair
/// exactly once (<see cref="AssertCoversEveryPairOnce"/>), and that the domain answers each cell as written
/// (<see cref="AssertDomainAgrees"/>, <see cref="AssertDomainAllowsExactly"/>).
/// </summary>
public sealed class TransitionTable<TRow, TColumn>
    where TRow : struct, Enum
    where TColumn : struct, Enum
{
    public const string Allowed = "x";
    public const string Forbidden = ".";

    private readonly TColumn[] _columns;
    private readonly (TRow State, string Marks)[] _rows;

    public TransitionTable(TColumn[] columns, params (TRow State, string Marks)[] rows)
    {
        _columns = columns;
        _rows = rows;
        Cells =
        [
            .. rows.SelectMany(row => row.Marks.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Zip(columns, (mark, column) => (row.State, column, mark))),
        ];
    }

    /// <summary>Every written cell, in the order written (a row with too few or too many marks shows in the check).</summary>
    public IReadOnlyList<(TRow From, TColumn Column, string Mark)> Cells { get; }

    /// <summary>Every cell, for a theory that checks each one on the domain's entities.</summary>
    public TheoryData<TRow, TColumn, string> EveryCell()
    {
        var data = new TheoryData<TRow, TColumn, string>();
        foreach (var (from, column, mark) in Cells)
        {
            data.Add(from, column, mark);
        }
        return data;
    }

    /// <summary>The cells written as allowed (anything but <see cref="Forbidden"/>).</summary>
    public TheoryData<TRow, TColumn> AllowedCells() => CellsWhere(mark => mark != Forbidden);

    /// <summary>The cells written as <see cref="Forbidden"/>.</summary>
    public TheoryData<TRow, TColumn> ForbiddenCells() => CellsWhere(mark => mark == Forbidden);

    /// <summary>
    /// The columns and the rows each name every value once and every row has one mark per column: so every pair is
    /// written exactly once.
    /// </summary>
    public void AssertCoversEveryPairOnce()
    {
        var problems = new List<string>();
        problems.AddRange(EachValueOnce("column", _columns));
        problems.AddRange(EachValueOnce("row", _rows.Select(r => r.State)));
        foreach (var (state, marks) in _rows)
        {
            var count = marks.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            if (count != _columns.Length)
            {
                problems.Add($"row {state} has {count} marks for {_columns.Length} columns");
            }
        }
        Assert.True(problems.Count == 0, $"The {typeof(TRow).Name} x {typeof(TColumn).Name} table is incomplete: " + string.Join("; ", problems));
    }

    /// <summary>The domain's answer for every cell, written as the table writes it, equals the table's mark.</summary>
    public void AssertDomainAgrees(Func<TRow, TColumn, string> domainMark)
    {
        var mismatches = Cells
            .Select(cell => (cell, actual: domainMark(cell.From, cell.Column)))
            .Where(check => check.actual != check.cell.Mark)
            .Select(check => $"{check.cell.From} / {check.cell.Column}: the table says {check.cell.Mark}, the domain {check.actual}")
            .ToList();

        Assert.True(mismatches.Count == 0, string.Join('\n', mismatches));
    }

    /// <summary>For a from/to table: the domain's yes or no for every cell equals the table's mark.</summary>
    public void AssertDomainAllowsExactly(Func<TRow, TColumn, bool> domainAllows) =>
        AssertDomainAgrees((from, to) => domainAllows(from, to) ? Allowed : Forbidden);

    private TheoryData<TRow, TColumn> CellsWhere(Func<string, bool> markMatches)
    {
        var data = new TheoryData<TRow, TColumn>();
        foreach (var (from, column, mark) in Cells.Where(c => markMatches(c.Mark)))
        {
            data.Add(from, column);
        }
        return data;
    }

    private static IEnumerable<string> EachValueOnce<T>(string what, IEnumerable<T> listed)
        where T : struct, Enum
    {
        var counts = listed.GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        foreach (var value in Enum.GetValues<T>())
        {
            var count = counts.GetValueOrDefault(value);
            if (count != 1)
            {
                yield return $"{what} {value} is written {count} times";
            }
        }
    }
}
