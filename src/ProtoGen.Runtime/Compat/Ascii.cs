#if NETSTANDARD2_0
using System.Buffers;

namespace System.Text;

/// <summary>The parts of .NET's Ascii the runtime uses, for netstandard2.0 (a char or byte at a time).</summary>
internal static class Ascii
{
    public static bool IsValid(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
        {
            if (b >= 0x80) return false;
        }
        return true;
    }

    /// <summary>Narrows ASCII chars to bytes: Done when all of them were ASCII and fitted, with the count written;
    /// otherwise InvalidData or DestinationTooSmall, as .NET's method reports (callers then write nothing of it).</summary>
    public static OperationStatus FromUtf16(ReadOnlySpan<char> source, Span<byte> destination, out int bytesWritten)
    {
        int count = Math.Min(source.Length, destination.Length);
        for (int i = 0; i < count; i++)
        {
            char c = source[i];
            if (c >= 0x80)
            {
                bytesWritten = i;
                return OperationStatus.InvalidData;
            }
            destination[i] = (byte)c;
        }
        bytesWritten = count;
        return count == source.Length ? OperationStatus.Done : OperationStatus.DestinationTooSmall;
    }
}
#endif
