using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#if NET9_0_OR_GREATER
using System.Runtime.Intrinsics.X86;
#endif
using System.Text;

namespace ProtoGen.Wire;

/// <summary>
/// Counts the UTF-8 bytes of UTF-16 text, returning exactly what <c>Encoding.UTF8.GetByteCount</c> returns (an
/// unpaired surrogate counts as the 3 bytes of U+FFFD, which is what Encoding.UTF8 writes for it), 8 to 32 chars at a
/// time.
/// </summary>
/// <remarks>
/// One UTF-16 char encodes to 1 byte below U+0080, 2 bytes up to U+07FF and 3 bytes from U+0800, which includes every
/// surrogate char. The one exception is a high surrogate (D800-DBFF) directly followed by a low one (DC00-DFFF): the
/// pair is one supplementary code point of 4 bytes, where the per-char rule gives 3 + 3. Hence
/// <code>bytes = chars + count(c >= 0x80) + count(c >= 0x800) - 2 * count(low surrogates right after a high one)</code>
/// A low surrogate can only pair with the char just before it, so that last count is exact however many lone
/// surrogates are scattered around: no fallback is needed for ill-formed text. The vector loops take each count as
/// the PopCount of a lane mask (bit i stands for the i-th char of the block).
/// </remarks>
internal static class Utf8Count
{
    /// <summary>The number of bytes Encoding.UTF8 encodes <paramref name="text"/> to.</summary>
    /// <remarks>
    /// Not inlined, so that callers' ASCII fast paths stay small; the loop of the chosen width is inlined here instead.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static int GetByteCount(ReadOnlySpan<char> text)
    {
        // Up to 32 chars (names, cities, labels, short notes, in any script): two overlapping loads, no loop.
        int length = text.Length;
        if (length <= 32)
        {
            return length == 0 ? 0 : GetShortByteCount(ref First(text), length);
        }

        // ASCII text of 33 to 64 chars (UUIDs, e-mail addresses, URLs, Any's type URLs): four overlapping loads of 16
        // chars and one test, before the block loops' setup.
        if (length <= 64)
        {
            ref ushort first = ref First(text);
            Vector256<ushort> chars = Vector256.LoadUnsafe(ref first) | Vector256.LoadUnsafe(ref first, 16)
                | Vector256.LoadUnsafe(ref first, (nuint)(length - 32)) | Vector256.LoadUnsafe(ref first, (nuint)(length - 16));
            if ((chars & Vector256.Create((ushort)0xFF80)) == Vector256<ushort>.Zero)
            {
                return length;
            }
        }

        // The widest vector that the text fills at least once: the last, partial block is an overlapping full load.
        if (Vector512.IsHardwareAccelerated && length >= Lanes32.Count)
        {
            return GetByteCount<Lanes32>(text);
        }

        if (Vector256.IsHardwareAccelerated && length >= Lanes16.Count)
        {
            return GetByteCount<Lanes16>(text);
        }

        if (Vector128.IsHardwareAccelerated && length >= Lanes8.Count)
        {
            return GetByteCount<Lanes8>(text);
        }

        return GetByteCountScalar(text);
    }

    /// <summary>The count of 1 to 32 chars (internal so that tests call it directly).</summary>
    /// <remarks>
    /// Each class of char (2 bytes or more, 3 bytes or more, surrogate, high surrogate) is a lane mask over the text
    /// from two loads that overlap in the middle: the first from the first char, the second ending at the last char,
    /// its bits shifted up to its chars' places. A char in both loads sets the same bit twice, so every char counts
    /// once, and no load reads outside the text. Below 8 chars the text is put into one zero-padded block instead
    /// (zero is ASCII: it adds nothing). Short strings pay no block-loop setup this way, which is most of their cost.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int GetShortByteCount(ref ushort first, int length)
    {
        Debug.Assert(length is >= 1 and <= 32, "Short text has 1 to 32 chars.");
#if NET9_0_OR_GREATER
        if (Avx512BW.IsSupported)
        {
            return MaskedShortByteCount(ref first, length);
        }
#endif

        return OverlappingShortByteCount(ref first, length);
    }

    /// <summary>The count of 1 to 32 chars without AVX-512 (internal so that tests cover it on any machine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int OverlappingShortByteCount(ref ushort first, int length)
    {
        if (length >= 16 && Vector256.IsHardwareAccelerated)
        {
            return ShortByteCount<Lanes16>(ref first, length);
        }

        if (length >= 8 && Vector128.IsHardwareAccelerated)
        {
            // 16 to 32 chars too when there is no Vector256: the first 8 and the last 8 do not cover them, so those
            // take the block loop, which is exact for any length.
            return length <= 16 ? ShortByteCount<Lanes8>(ref first, length) : GetByteCount<Lanes8>(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<ushort, char>(ref first), length));
        }

        if (!Vector128.IsHardwareAccelerated)
        {
            return GetByteCountScalar(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<ushort, char>(ref first), length));
        }

        Vector128<ushort> block = PaddedBlock(ref first, length);
        ulong twoOrMore = Lanes8.InRange(block, 0x80, 0x10000 - 0x80);
        if (twoOrMore == 0)
        {
            return length;
        }

        ulong threeOrMore = Lanes8.InRange(block, 0x800, 0x10000 - 0x800);
        ulong surrogates = Lanes8.InRange(block, 0xD800, 0x800);
        return length + Extra(twoOrMore, threeOrMore, surrogates, surrogates == 0 ? 0 : Lanes8.InRange(block, 0xD800, 0x400));
    }

#if NET9_0_OR_GREATER
    /// <summary>
    /// The text's 1 to 32 chars in the lanes of one 512-bit vector, zeros after them: a masked load, which reads only
    /// the lanes in the mask (the hardware suppresses faults on the others), so nothing outside the text is read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<ushort> MaskedBlock(ref ushort first, int length)
    {
        Debug.Assert(length is >= 0 and <= 32, "A masked block holds up to 32 chars.");
        fixed (ushort* chars = &first)
        {
            return Avx512BW.MaskLoad(chars, Vector512.LessThan(Vector512<ushort>.Indices, Vector512.Create((ushort)length)), Vector512<ushort>.Zero);
        }
    }

    /// <summary>
    /// The count of 1 to 32 chars in one masked load (AVX-512; internal so that tests call it): the lane masks of the
    /// classes straight from compares, no shifts: one load reads exactly the string's chars (fault-suppressed lanes),
    /// so no overlap needs undoing.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int MaskedShortByteCount(ref ushort first, int length)
    {
        Vector512<ushort> block = MaskedBlock(ref first, length);
        ulong twoOrMore = Vector512.GreaterThanOrEqual(block, Vector512.Create((ushort)0x80)).ExtractMostSignificantBits();
        if (twoOrMore == 0)
        {
            return length;
        }

        ulong threeOrMore = Vector512.GreaterThanOrEqual(block, Vector512.Create((ushort)0x800)).ExtractMostSignificantBits();
        Vector512<ushort> surrogateOffset = block - Vector512.Create((ushort)0xD800);
        ulong surrogates = Vector512.LessThan(surrogateOffset, Vector512.Create((ushort)0x800)).ExtractMostSignificantBits();
        ulong highs = surrogates == 0 ? 0 : Vector512.LessThan(surrogateOffset, Vector512.Create((ushort)0x400)).ExtractMostSignificantBits();
        return length + Extra(twoOrMore, threeOrMore, surrogates, highs);
    }
#endif

    /// <summary>
    /// Chars 1 to 8 of a text of <paramref name="length"/> (1 to 8) chars in the lanes of one vector, zeros after
    /// them: read as two 64-bit halves of 4 chars (or 1 to 3 chars one by one), the second ending at the text's end
    /// and shifted down to its place, so that nothing outside the text is read.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> PaddedBlock(ref ushort first, int length)
    {
        Debug.Assert(length is >= 1 and <= 8, "A padded block holds 1 to 8 chars.");
        ulong low, high = 0;
        if (length >= 4)
        {
            low = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref first));
            if (length > 4)
            {
                // Chars length - 4 to length - 1, shifted down by the 8 - length of them that are also in `low`.
                high = Unsafe.ReadUnaligned<ulong>(ref Unsafe.As<ushort, byte>(ref Unsafe.Add(ref first, length - 4))) >> (16 * (8 - length));
            }
        }
        else
        {
            // The first, the middle and the last char, each at its place (the same char more than once when shorter).
            low = first | ((ulong)Unsafe.Add(ref first, length >> 1) << (16 * (length >> 1))) | ((ulong)Unsafe.Add(ref first, length - 1) << (16 * (length - 1)));
        }

        return Vector128.Create(low, high).AsUInt16();
    }

    // 8 to 16 (Lanes8) or 16 to 32 (Lanes16) chars: the masks of the first and of the last TLanes.Count chars.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ShortByteCount<TLanes>(ref ushort first, int length) where TLanes : struct, ILanes
    {
        int shift = length - TLanes.Count;
        ref ushort last = ref Unsafe.Add(ref first, shift);
        ulong twoOrMore = TLanes.InRange(ref first, 0x80, 0x10000 - 0x80) | (TLanes.InRange(ref last, 0x80, 0x10000 - 0x80) << shift);
        if (twoOrMore == 0)
        {
            return length;
        }

        ulong threeOrMore = TLanes.InRange(ref first, 0x800, 0x10000 - 0x800) | (TLanes.InRange(ref last, 0x800, 0x10000 - 0x800) << shift);
        ulong surrogates = TLanes.InRange(ref first, 0xD800, 0x800) | (TLanes.InRange(ref last, 0xD800, 0x800) << shift);
        ulong highs = surrogates == 0 ? 0 : TLanes.InRange(ref first, 0xD800, 0x400) | (TLanes.InRange(ref last, 0xD800, 0x400) << shift);
        return length + Extra(twoOrMore, threeOrMore, surrogates, highs);
    }

    // The bytes beyond one per char, from the masks of a whole text: a low surrogate right after a high one makes the
    // pair 4 bytes, not 3 + 3.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Extra(ulong twoOrMore, ulong threeOrMore, ulong surrogates, ulong highs)
    {
        int extraBytes = BitOperations.PopCount(twoOrMore) + BitOperations.PopCount(threeOrMore);
        ulong pairedLows = surrogates & ~highs & (highs << 1);
        return extraBytes - 2 * BitOperations.PopCount(pairedLows);
    }

    /// <summary>The count in blocks of one width (internal so that tests cover every width on any machine).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int GetByteCount<TLanes>(ReadOnlySpan<char> text) where TLanes : struct, ILanes =>
        text.Length >= TLanes.Count ? ByteCount(text, ExtraBytes<TLanes>(ref First(text), text.Length)) : GetByteCountScalar(text);

    /// <summary>The count a char at a time: for text shorter than a block, or without vector hardware.</summary>
    internal static int GetByteCountScalar(ReadOnlySpan<char> text) => ByteCount(text, ExtraBytesScalar(ref First(text), text.Length));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref ushort First(ReadOnlySpan<char> text) => ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));

    // One byte per char plus the extra ones. Up to 3 bytes per char can pass int.MaxValue for a string of over 700
    // million chars; Encoding.UTF8 then throws its own ArgumentOutOfRangeException, and so do we by asking it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ByteCount(ReadOnlySpan<char> text, long extraBytes)
    {
        long byteCount = text.Length + extraBytes;
        return byteCount <= int.MaxValue ? (int)byteCount : Encoding.UTF8.GetByteCount(text);
    }

    // The bytes beyond one per char, in blocks of TLanes.Count chars.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static long ExtraBytes<TLanes>(ref ushort first, int length) where TLanes : struct, ILanes
    {
        long extraBytes = 0;
        ulong previousIsHigh = 0; // 1 when the char just before the current block is a high surrogate
        int start = 0;
        while (start <= length - TLanes.Count)
        {
            int blockExtraBytes = BlockExtraBytes<TLanes>(ref Unsafe.Add(ref first, start), ulong.MaxValue, ref previousIsHigh);
            extraBytes += blockExtraBytes;
            start += TLanes.Count;
            if (blockExtraBytes == 0 && previousIsHigh == 0)
            {
                // An all-ASCII block: the text is likely to go on in ASCII (a long description, a URL, a JSON or
                // base64 payload), which is then skipped four blocks per test, the four ORed together. Text that goes
                // on in other scripts pays one failed test, and only after a block with no extra bytes.
                while (start <= length - 4 * TLanes.Count && TLanes.IsAscii4(ref Unsafe.Add(ref first, start)))
                {
                    start += 4 * TLanes.Count;
                }

                // Less than four blocks left: the last four blocks of the text, overlapping what was counted, end it
                // if they are all ASCII.
                if (start > length - 4 * TLanes.Count && length >= 4 * TLanes.Count
                    && TLanes.IsAscii4(ref Unsafe.Add(ref first, length - 4 * TLanes.Count)))
                {
                    start = length;
                }
            }
        }

        if (start < length)
        {
            // The last TLanes.Count chars, of which the first `counted` were in the previous block: leave their bits
            // out. The last counted char is in the block itself, so the pair test needs no carry (bit 0 is left out).
            int counted = start - (length - TLanes.Count);
            extraBytes += BlockExtraBytes<TLanes>(ref Unsafe.Add(ref first, length - TLanes.Count), ulong.MaxValue << counted, ref previousIsHigh);
        }

        return extraBytes;
    }

    // The extra bytes of the chars of one block whose bits are set in `countedLanes`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int BlockExtraBytes<TLanes>(ref ushort block, ulong countedLanes, ref ulong previousIsHigh) where TLanes : struct, ILanes
    {
        // One compare per class.
        ulong twoOrMore = TLanes.InRange(ref block, 0x80, 0x10000 - 0x80) & countedLanes;
        if (twoOrMore == 0)
        {
            // All ASCII, so the block's last char is no high surrogate.
            previousIsHigh = 0;
            return 0;
        }

        ulong threeOrMore = TLanes.InRange(ref block, 0x800, 0x10000 - 0x800) & countedLanes;
        int extraBytes = BitOperations.PopCount(twoOrMore) + BitOperations.PopCount(threeOrMore);

        ulong surrogates = TLanes.InRange(ref block, 0xD800, 0x800);
        if (surrogates == 0)
        {
            previousIsHigh = 0;
            return extraBytes;
        }

        ulong highs = TLanes.InRange(ref block, 0xD800, 0x400);
        ulong lows = surrogates & ~highs;
        // Shifting the highs up one lane lines each one up with the char after it; the carry covers lane 0.
        ulong pairedLows = lows & ((highs << 1) | previousIsHigh) & countedLanes;
        previousIsHigh = (highs >> (TLanes.Count - 1)) & 1;
        return extraBytes - 2 * BitOperations.PopCount(pairedLows);
    }

    // The same arithmetic a char at a time.
    private static long ExtraBytesScalar(ref ushort first, int length)
    {
        long extraBytes = 0;
        bool previousIsHigh = false;
        for (int i = 0; i < length; i++)
        {
            uint c = Unsafe.Add(ref first, i);
            extraBytes += (c >= 0x80 ? 1 : 0) + (c >= 0x800 ? 1 : 0);
            if (previousIsHigh && c - 0xDC00 < 0x400)
            {
                extraBytes -= 2;
            }

            previousIsHigh = c - 0xD800 < 0x400;
        }

        return extraBytes;
    }

    /// <summary>One vector width: how many chars a block holds, and the lane mask of the chars in a range.</summary>
    internal interface ILanes
    {
        static abstract int Count { get; }

        // Bit i is set when first <= block[i] < first + size (size at most 0x10000 - first): (c - first) < size,
        // unsigned, or c >= first when the range ends at 0x10000.
        static abstract ulong InRange(ref ushort block, ushort first, ushort size);

        // Whether the four blocks from `block` on are all ASCII.
        static abstract bool IsAscii4(ref ushort block);
    }

    internal readonly struct Lanes32 : ILanes
    {
        public static int Count => Vector512<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong InRange(ref ushort block, ushort first, ushort size) => Vector512.ExtractMostSignificantBits(first + size == 0x10000
            ? Vector512.GreaterThanOrEqual(Vector512.LoadUnsafe(ref block), Vector512.Create(first))
            : Vector512.LessThan(Vector512.LoadUnsafe(ref block) - Vector512.Create(first), Vector512.Create(size)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsAscii4(ref ushort block) => ((Vector512.LoadUnsafe(ref block)
            | Vector512.LoadUnsafe(ref block, (nuint)Count)
            | Vector512.LoadUnsafe(ref block, (nuint)(2 * Count))
            | Vector512.LoadUnsafe(ref block, (nuint)(3 * Count))) & Vector512.Create((ushort)0xFF80)) == Vector512<ushort>.Zero;
    }

    internal readonly struct Lanes16 : ILanes
    {
        public static int Count => Vector256<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong InRange(ref ushort block, ushort first, ushort size) => Vector256.ExtractMostSignificantBits(first + size == 0x10000
            ? Vector256.GreaterThanOrEqual(Vector256.LoadUnsafe(ref block), Vector256.Create(first))
            : Vector256.LessThan(Vector256.LoadUnsafe(ref block) - Vector256.Create(first), Vector256.Create(size)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsAscii4(ref ushort block) => ((Vector256.LoadUnsafe(ref block)
            | Vector256.LoadUnsafe(ref block, (nuint)Count)
            | Vector256.LoadUnsafe(ref block, (nuint)(2 * Count))
            | Vector256.LoadUnsafe(ref block, (nuint)(3 * Count))) & Vector256.Create((ushort)0xFF80)) == Vector256<ushort>.Zero;
    }

    internal readonly struct Lanes8 : ILanes
    {
        public static int Count => Vector128<ushort>.Count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong InRange(Vector128<ushort> block, ushort first, ushort size) => Vector128.ExtractMostSignificantBits(first + size == 0x10000
            ? Vector128.GreaterThanOrEqual(block, Vector128.Create(first))
            : Vector128.LessThan(block - Vector128.Create(first), Vector128.Create(size)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ulong InRange(ref ushort block, ushort first, ushort size) => InRange(Vector128.LoadUnsafe(ref block), first, size);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool IsAscii4(ref ushort block) => ((Vector128.LoadUnsafe(ref block)
            | Vector128.LoadUnsafe(ref block, (nuint)Count)
            | Vector128.LoadUnsafe(ref block, (nuint)(2 * Count))
            | Vector128.LoadUnsafe(ref block, (nuint)(3 * Count))) & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero;
    }
}
