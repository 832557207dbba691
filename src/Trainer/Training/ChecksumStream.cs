namespace CharRnn.Training;

/// <summary>
/// Passes writes on to an inner stream while hashing them with FNV-1a 64 (the model file's checksum), so a large
/// checkpoint is hashed as it is written instead of being held in memory whole.
/// </summary>
internal sealed class ChecksumStream(Stream inner) : Stream
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The FNV-1a 64 hash of every byte written so far.</summary>
    public ulong Hash { get; private set; } = OffsetBasis;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Continues <paramref name="hash"/> (start from a new stream's <see cref="Hash"/>) over <paramref name="bytes"/>.</summary>
    public static ulong Append(ulong hash, ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    /// <summary>The FNV-1a 64 hash of <paramref name="bytes"/>.</summary>
    public static ulong Of(ReadOnlySpan<byte> bytes) => Append(OffsetBasis, bytes);

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Hash = Append(Hash, buffer);
        inner.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void WriteByte(byte value) => Write([value]);

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
