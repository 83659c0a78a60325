using Xunit;

namespace HallPlatform.Testing;

/// <summary>
/// Splits every (from, to) pair of a state enum into the allowed ones, as written in a test's own copy of the
/// transition table, and all the others, so a state machine test covers the whole matrix.
/// </summary>
public static class TransitionMatrix
{
    public static TheoryData<TState, TState> AllowedPairs<TState>(IReadOnlySet<(TState From, TState To)> allowed)
        where TState : struct, Enum
    {
        var data = new TheoryData<TState, TState>();
        foreach (var (from, to) in allowed)
        {
            data.Add(from, to);
        }
        return data;
    }

    public static TheoryData<TState, TState> ForbiddenPairs<TState>(IReadOnlySet<(TState From, TState To)> allowed)
        where TState : struct, Enum
    {
        var data = new TheoryData<TState, TState>();
        foreach (var from in Enum.GetValues<TState>())
        {
            foreach (var to in Enum.GetValues<TState>())
            {
                if (!allowed.Contains((from, to)))
                {
                    data.Add(from, to);
                }
            }
        }
        return data;
    }
}
