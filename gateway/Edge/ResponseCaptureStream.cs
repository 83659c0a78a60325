namespace HallPlatform.Gateway.Edge;

/// <summary>
/// Passes the response through to the client unchanged while keeping a copy of up to <c>limit</c> bytes, so the first
/// response is not delayed by being stored.
/// </summary>
internal sealed class ResponseCaptureStream(Stream inner, int limit) : Stream
{
    private readonly MemoryStream copy = new();

    /// <summary>More than the limit was written: the copy is incomplete and must not be stored.</summary>
    public bool Overflowed { get; private set; }

    public byte[] Captured => copy.ToArray();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Capture(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Capture(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Capture(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            copy.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Capture(ReadOnlySpan<byte> data)
    {
        if (Overflowed)
        {
            return;
        }
        if (copy.Length + data.Length > limit)
        {
            Overflowed = true;
            copy.SetLength(0);
            return;
        }
        copy.Write(data);
    }
}
