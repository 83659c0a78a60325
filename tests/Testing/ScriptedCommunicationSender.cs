using System.Collections.Concurrent;
using HallPlatform.Notifications;

namespace HallPlatform.Testing;

/// <summary>
/// A communication sender for tests: fails its first <see cref="FailuresBeforeSuccess"/> calls (all of them with
/// <see cref="int.MaxValue"/>) and records every message it accepted.
/// </summary>
public sealed class ScriptedCommunicationSender : ICommunicationSender
{
    private readonly ConcurrentQueue<OutgoingCommunication> _accepted = new();
    private int _calls;

    public int FailuresBeforeSuccess { get; init; }

    public int Calls => Volatile.Read(ref _calls);

    public IReadOnlyCollection<OutgoingCommunication> Accepted => _accepted;

    public Task SendAsync(OutgoingCommunication message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var call = Interlocked.Increment(ref _calls);
        if (call <= FailuresBeforeSuccess)
        {
            // A real gateway might echo the number: the dispatcher must mask it before storing or logging the error.
            throw new HttpRequestException($"SMS gateway refused call {call} for {message.Recipient}");
        }
        _accepted.Enqueue(message);
        return Task.CompletedTask;
    }
}

/// <summary>Polls a condition until it holds or a bounded deadline passes (never a fixed sleep as the assertion).</summary>
public static class Eventually
{
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> probe, Func<T, bool> holds, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(holds);
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var value = await probe();
            if (holds(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(50);
        }
    }
}
