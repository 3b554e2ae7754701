namespace ProtoGen.Wire;

/// <summary>Room a <see cref="WireWriter"/> left for a length prefix (<see cref="WireWriter.ReservePrefix"/>): where,
/// and how many bytes (0 for none).</summary>
public readonly struct LengthPrefix
{
    internal LengthPrefix(int at, int bytes)
    {
        At = at;
        Bytes = bytes;
    }

    internal int At { get; }

    internal int Bytes { get; }

    /// <summary>Whether room was left; if not, the caller has written the exact length.</summary>
    public bool IsReserved => Bytes != 0;
}
