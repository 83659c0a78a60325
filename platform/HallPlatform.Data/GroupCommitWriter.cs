using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HallPlatform.Data;

/// <summary>
/// Group commit for a service's hot writes to its system of record. Callers hand a write to one in-process channel
/// and await its commit; one background loop takes everything pending (up to <see cref="MaxBatch"/>) and commits it
/// in ONE PostgreSQL transaction with raw Npgsql, then completes every caller. Many concurrent writes share one round
/// trip and one WAL flush, while each caller still answers only after its own rows are committed.
/// A failed batch is retried write by write, so one bad write fails only its own caller. The channel is bounded
/// (back-pressure); stopping drains what is queued and fails what can no longer be written, so no caller waits
/// forever. The loop is deliberately not traced: its work belongs to the requests that submitted it.
/// </summary>
public sealed partial class GroupCommitWriter(NpgsqlDataSource source, ILogger<GroupCommitWriter> logger) : IHostedService, IAsyncDisposable
{
    public const int MaxBatch = 256;
    public const int Capacity = 4096;

    private readonly Channel<GroupCommitWrite> _pending = Channel.CreateBounded<GroupCommitWrite>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>Queues <paramref name="write"/> and returns its result once its transaction has committed.</summary>
    public async Task<T> SubmitAsync<T>(GroupCommitWrite<T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        _ = EnsureStarted();
        if (!_pending.Writer.TryWrite(write))
        {
            try
            {
                // Full: wait for room (back-pressure). Not cancellable: the caller's other effects already happened.
                await _pending.Writer.WriteAsync(write, CancellationToken.None);
            }
            catch (ChannelClosedException)
            {
                throw new GroupCommitWriterStoppedException();
            }
        }
        return await write.Completion;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = EnsureStarted();
        return Task.CompletedTask;
    }

    /// <summary>Accepts nothing new, then commits what is already queued before returning.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete();
        try
        {
            await EnsureStarted().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The host gave up waiting: whatever is still queued is failed below rather than left hanging.
        }
        FailRemaining();
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        FailRemaining();
    }

    /// <summary>Commits the writes together; if that fails, each one alone. Never throws: every write is completed.</summary>
    public async Task CommitAsync(IReadOnlyList<GroupCommitWrite> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        try
        {
            await ExecuteAsync(batch);
            foreach (var write in batch)
            {
                write.Complete();
            }
            return;
        }
        catch (Exception batchFailure) when (batch.Count > 1)
        {
            LogBatchRetried(logger, batchFailure, batch.Count);
        }
        catch (Exception failure)
        {
            batch[0].Fail(failure);
            return;
        }
        foreach (var write in batch)
        {
            try
            {
                await ExecuteAsync([write]);
                write.Complete();
            }
            catch (Exception failure)
            {
                write.Fail(failure);
            }
        }
    }

    private Task EnsureStarted()
    {
        lock (_startLock)
        {
            return _loop ??= Task.Run(RunAsync);
        }
    }

    private async Task RunAsync()
    {
        var reader = _pending.Reader;
        var batch = new List<GroupCommitWrite>(MaxBatch);
        // No cancellation token: stopping completes the channel, and the loop ends once it is drained.
        while (await reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var write))
            {
                batch.Add(write);
            }
            await CommitAsync(batch);
            batch.Clear();
        }
    }

    private void FailRemaining()
    {
        while (_pending.Reader.TryRead(out var write))
        {
            write.Fail(new GroupCommitWriterStoppedException());
        }
    }

    private async Task ExecuteAsync(IReadOnlyList<GroupCommitWrite> writes)
    {
        await using var connection = await source.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var write in writes)
        {
            batch.BatchCommands.Add(write.CreateCommand());
        }
        await using (var reader = await batch.ExecuteReaderAsync(CancellationToken.None))
        {
            // Every write is exactly one statement returning one result set, in order.
            for (var i = 0; i < writes.Count; i++)
            {
                if (i > 0 && !await reader.NextResultAsync(CancellationToken.None))
                {
                    throw new InvalidOperationException($"The batch returned {i} result sets for {writes.Count} writes.");
                }
                await writes[i].ReadAsync(reader);
            }
        }
        await transaction.CommitAsync(CancellationToken.None);
    }

    [LoggerMessage(1101, LogLevel.Warning, "A batch of {Count} record writes failed; retrying them one by one")]
    private static partial void LogBatchRetried(ILogger logger, Exception exception, int count);
}

/// <summary>One write of a group commit: one SQL statement returning one result set.</summary>
public abstract class GroupCommitWrite
{
    public abstract NpgsqlBatchCommand CreateCommand();

    /// <summary>Reads this write's result set (the reader is positioned on it); the result counts only after commit.</summary>
    public abstract Task ReadAsync(NpgsqlDataReader reader);

    internal abstract void Complete();

    internal abstract void Fail(Exception exception);
}

/// <summary>A write whose caller gets a <typeparamref name="T"/> back once it is committed.</summary>
public abstract class GroupCommitWrite<T> : GroupCommitWrite
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected T Result { get; set; } = default!;

    public Task<T> Completion => _completion.Task;

    internal override void Complete() => _completion.TrySetResult(Result);

    internal override void Fail(Exception exception) => _completion.TrySetException(exception);
}

/// <summary>The writer was stopped (the service is shutting down): the write was not committed.</summary>
public sealed class GroupCommitWriterStoppedException() : InvalidOperationException("The record writer is stopped; the write was not committed.");
