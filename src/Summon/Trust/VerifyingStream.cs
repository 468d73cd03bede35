namespace Summon.Trust;

/// <summary>
/// A write-only stream in front of the caller's destination that hashes and counts every byte on its way through
/// and refuses to pass on more than the signed length, so a target is checked while it streams.
/// </summary>
internal sealed class VerifyingStream : Stream
{
    private readonly Stream _inner;
    private readonly HashCheck _check;
    private readonly TargetFile _target;

    public VerifyingStream(Stream inner, TargetFile target)
    {
        _inner = inner;
        _target = target;
        _check = new HashCheck(target.Hashes, target.Role, $"target \"{target.Path}\"");
    }

    /// <summary>Throws <see cref="TrustException"/> (<see cref="TrustCheck.LengthOrHash"/>) unless what passed is exactly the target.</summary>
    public void Verify() => _check.Verify(_target.Length);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _check.Length;

    public override long Position
    {
        get => _check.Length;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Accept(buffer);
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Accept(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _check.Dispose();
        }
        base.Dispose(disposing);
    }

    private void Accept(ReadOnlySpan<byte> data)
    {
        if (_check.Length + data.Length > _target.Length)
        {
            throw new TrustException(_target.Role, TrustCheck.LengthOrHash,
                $"target \"{_target.Path}\" is longer than the {_target.Length} bytes {_target.Role} metadata says: the download was stopped (endless data or a substituted file).");
        }
        _check.Append(data);
    }
}
