namespace CharRnn.ModelFormat;

/// <summary>
/// FNV-1a, 64-bit: the checksum of a model's tensor bytes. Not cryptographic: it catches truncation and
/// hand edits, and is a dozen lines in any language.
/// </summary>
internal static class Fnv1a64
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>Hashes the bytes of <paramref name="data"/>.</summary>
    public static ulong Hash(byte[] data)
    {
        ulong hash = OffsetBasis;
        foreach (byte b in data)
        {
            hash ^= b;
            hash *= Prime;
        }

        return hash;
    }
}
