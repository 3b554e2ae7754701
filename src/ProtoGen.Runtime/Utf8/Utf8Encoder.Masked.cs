#if NET10_0_OR_GREATER
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ProtoGen.Wire;

/// <summary>
/// The encoding of text of more than 32 chars in 32-char blocks with AVX-512 byte permutes (VBMI) and byte compression
/// (VBMI2), .NET 10 builds only.
/// </summary>
/// <remarks>
/// A block is loaded as one 512-bit vector (the last 1-31 chars with a masked load, zeros after them) and sorted by what
/// its chars need, as in <see cref="TryEncodeBlocks"/>, whose 16-char blocks this doubles. All ASCII: narrowed. 1- and
/// 2-byte chars only (Greek, Cyrillic, accented Latin): each char's bytes in its 16-bit lane and one
/// <c>vpcompressb</c> keeps those that count. 3-byte chars only (CJK), a whole block: two byte permutes
/// (<c>vpermi2b</c>) lay out the 96 bytes, nothing to compress. Any other mix of 1-, 2- and 3-byte chars: the first two
/// bytes of each char in its lane and the third in a second vector, spread by two byte permutes over two 64-byte
/// vectors of four bytes per char, each char's length beside its bytes by two more (<c>vpermb</c>), and one
/// compression per vector. Surrogate pairs (emoji) go the same way, their 4 bytes split 2 + 2 between the halves (the
/// low half's first byte takes two bits of the high half, from the lane before through one <c>vpermw</c>), when every
/// half in the block is paired, which two 32-bit lane masks show; a block with a lone half goes to the 16-char block,
/// 16 chars at a time. Stores near the destination's end are masked, so nothing outside the text or the destination
/// is touched.
/// </remarks>
internal static partial class Utf8Encoder
{
    /// <summary>Whether <see cref="TryEncodeMasked"/> can run here (<c>vpermb</c> and <c>vpcompressb</c> in hardware).</summary>
    internal static bool MaskedSupported => Avx512Vbmi.IsSupported && Avx512Vbmi2.IsSupported;

    /// <summary>
    /// Encodes <paramref name="text"/> (any length) into <paramref name="destination"/> in 32-char blocks; false when it
    /// does not fit (the bytes written so far are then meaningless, and nothing is written outside the destination).
    /// Only where <see cref="MaskedSupported"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static unsafe bool TryEncodeMasked(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        Debug.Assert(MaskedSupported, "VBMI and VBMI2 hardware.");
        int length = text.Length, capacity = destination.Length;
        int i = 0, o = 0;
        fixed (char* textChars = text)
        fixed (byte* bytes = destination)
        {
            ushort* chars = (ushort*)textChars;
            while (i < length)
            {
                int count = Math.Min(32, length - i);
                Vector512<ushort> block = count == 32
                    ? Vector512.Load(chars + i)
                    : Avx512BW.MaskLoad(chars + i, Vector512.LessThan(Vector512<ushort>.Indices, Vector512.Create((ushort)count)), Vector512<ushort>.Zero);

                if ((block & Vector512.Create((ushort)0xFF80)) == Vector512<ushort>.Zero)
                {
                    // All ASCII: one byte per char.
                    if (capacity - o < count)
                    {
                        bytesWritten = 0;
                        return false;
                    }

                    Vector256<byte> narrowed = Avx512BW.ConvertToVector256Byte(block);
                    if (capacity - o >= 32)
                    {
                        narrowed.Store(bytes + o);
                    }
                    else
                    {
                        Avx512BW.VL.MaskStore(bytes + o, Vector256.LessThan(Vector256<byte>.Indices, Vector256.Create((byte)count)), narrowed);
                    }

                    i += count;
                    o += count;
                    continue;
                }

                if (Vector512.LessThanAll(block, Vector512.Create((ushort)0x800)))
                {
                    // 1- and 2-byte chars (Greek, Cyrillic, accented Latin and the ASCII among them): each char's bytes
                    // in its 16-bit lane, one compression.
                    Vector512<byte> packed = PackTwoByteBlock(block, count, out int encodedBytes);
                    if (capacity - o >= 64)
                    {
                        packed.Store(bytes + o);
                    }
                    else if (capacity - o >= encodedBytes)
                    {
                        Avx512BW.MaskStore(bytes + o, Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)encodedBytes)), packed);
                    }
                    else
                    {
                        bytesWritten = 0;
                        return false;
                    }

                    i += count;
                    o += encodedBytes;
                    continue;
                }

                bool pairs = Vector512.EqualsAny(block & Vector512.Create((ushort)0xF800), Vector512.Create((ushort)0xD800));
                if (pairs)
                {
                    // Surrogates (emoji). A high half in the last lane of a full block that the text goes on after waits
                    // for the next block, where the low half it may pair with is. Then if every half is paired within
                    // the block (each low half right after a high half, and no high half last), the block is encoded
                    // below with its pairs.
                    if (count == 32 && i + 32 < length && (chars[i + 31] & 0xFC00) == 0xD800)
                    {
                        count = 31;
                    }

                    uint lanes = uint.MaxValue >> (32 - count);
                    uint highs = (uint)Vector512.Equals(block & Vector512.Create((ushort)0xFC00), Vector512.Create((ushort)0xD800)).ExtractMostSignificantBits() & lanes;
                    uint lows = (uint)Vector512.Equals(block & Vector512.Create((ushort)0xFC00), Vector512.Create((ushort)0xDC00)).ExtractMostSignificantBits() & lanes;
                    if (lows != (ulong)highs << 1)
                    {
                        // Lone halves: the first 16 chars through the 16-char block, which encodes them as U+FFFD (and
                        // a high half in its last lane waits for the next block); near the destination's end, the rest
                        // through the block loops, which stop exactly there.
                        if (capacity - o < MaxWideBlockStore)
                        {
                            bool done = TryEncodeBlocks(text.Slice(i), destination.Slice(o), out int rest, wide: true);
                            bytesWritten = o + rest;
                            return done;
                        }

                        (int encodedChars, int encodedBytes) = EncodePaddedWideBlock(block.GetLower(), Math.Min(16, length - i), ref bytes[o]);
                        i += encodedChars;
                        o += encodedBytes;
                        continue;
                    }
                }
                else if (count == 32 && capacity - o >= 96 && Vector512.GreaterThanOrEqualAll(block, Vector512.Create((ushort)0x800)))
                {
                    // 3-byte chars only (CJK with its own punctuation), a whole block: every char's bytes in order, no
                    // compression.
                    StoreThreeByteBlock(block, ref bytes[o]);
                    i += 32;
                    o += 96;
                    continue;
                }

                // Any other mix: one encoding each for blocks with and without pairs (`pairs` a constant in each).
                (Vector512<byte> first, Vector512<byte> second) = pairs
                    ? EncodeMaskedBlock(block, count, pairs: true, out int firstBytes, out int secondBytes)
                    : EncodeMaskedBlock(block, count, pairs: false, out firstBytes, out secondBytes);
                if (capacity - o >= 128)
                {
                    first.Store(bytes + o);
                    second.Store(bytes + o + firstBytes);
                }
                else
                {
                    if (capacity - o < firstBytes + secondBytes)
                    {
                        bytesWritten = 0;
                        return false;
                    }

                    Avx512BW.MaskStore(bytes + o, Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)firstBytes)), first);
                    Avx512BW.MaskStore(bytes + o + firstBytes, Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)secondBytes)), second);
                }

                i += count;
                o += firstBytes + secondBytes;
            }
        }

        bytesWritten = o;
        return true;
    }

    /// <summary>
    /// Stores the UTF-8 bytes of a block of 3-byte chars (from U+0800, no surrogates), three per char in order, as 96
    /// bytes from <paramref name="destination"/>: two byte permutes, no compression. Lanes past the text give bytes
    /// past its own, which the caller does not count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreThreeByteBlock(Vector512<ushort> block, ref byte destination)
    {
        Vector512<byte> leadAndMiddle = ((block >> 12) | Vector512.Create((ushort)0xE0)
            | ((((block >> 6) & Vector512.Create((ushort)0x3F)) | Vector512.Create((ushort)0x80)) << 8)).AsByte();
        Vector512<byte> lastBytes = ((block & Vector512.Create((ushort)0x3F)) | Vector512.Create((ushort)0x80)).AsByte();
        Avx512Vbmi.PermuteVar64x8x2(leadAndMiddle, ThreeBytesFirst, lastBytes).StoreUnsafe(ref destination);
        Avx512Vbmi.PermuteVar64x8x2(leadAndMiddle, ThreeBytesSecond, lastBytes).GetLower().StoreUnsafe(ref destination, 64);
    }

    /// <summary>
    /// The UTF-8 bytes of the first <paramref name="count"/> chars of a block of 1- and 2-byte chars (all below U+0800)
    /// at the front of the result, <paramref name="encodedBytes"/> of them: each char's bytes in its 16-bit lane (the
    /// lead byte low), and one compression that keeps the second byte of 2-byte chars only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<byte> PackTwoByteBlock(Vector512<ushort> block, int count, out int encodedBytes)
    {
        Vector512<ushort> ascii = Vector512.LessThan(block, Vector512.Create((ushort)0x80));
        Vector512<ushort> encoded = Vector512.ConditionalSelect(ascii, block,
            (block >> 6) | Vector512.Create((ushort)0xC0) | (((block & Vector512.Create((ushort)0x3F)) | Vector512.Create((ushort)0x80)) << 8));
        Vector512<ushort> kept = Vector512.ConditionalSelect(ascii, Vector512.Create((ushort)0x00FF), Vector512.Create((ushort)0xFFFF))
            & Vector512.LessThan(Vector512<ushort>.Indices, Vector512.Create((ushort)count));
        Vector512<byte> keep = ~Vector512.Equals(kept.AsByte(), Vector512<byte>.Zero);
        encodedBytes = BitOperations.PopCount(keep.ExtractMostSignificantBits());
        return Avx512Vbmi2.Compress(Vector512<byte>.Zero, keep, encoded.AsByte());
    }

    // Encodes the first `count` chars of a block of 32 (lanes from `count` on are left out) that has no surrogates or,
    // with `pairs`, only paired ones: the UTF-8 bytes of chars 0-15 at the front of `First` (`firstBytes` of them), of
    // chars 16-31 at the front of `Second`.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (Vector512<byte> First, Vector512<byte> Second) EncodeMaskedBlock(Vector512<ushort> block, int count, bool pairs, out int firstBytes, out int secondBytes)
    {
        // Each char's first two bytes in its lane (the first byte low), its third in `last` (3-byte chars only).
        Vector512<ushort> ascii = Vector512.LessThan(block, Vector512.Create((ushort)0x80));
        Vector512<ushort> twoBytes = Vector512.LessThan(block, Vector512.Create((ushort)0x800));
        Vector512<ushort> halves = Vector512<ushort>.Zero;
        if (pairs)
        {
            halves = Vector512.Equals(block & Vector512.Create((ushort)0xF800), Vector512.Create((ushort)0xD800));
            twoBytes |= halves;
        }

        Vector512<ushort> last = (block & Vector512.Create((ushort)0x3F)) | Vector512.Create((ushort)0x80);
        Vector512<ushort> middle = ((block >> 6) & Vector512.Create((ushort)0x3F)) | Vector512.Create((ushort)0x80);
        Vector512<ushort> leadOfTwo = (block >> 6) | Vector512.Create((ushort)0xC0);
        Vector512<ushort> leadOfThree = (block >> 12) | Vector512.Create((ushort)0xE0);
        Vector512<ushort> firstTwo = Vector512.ConditionalSelect(ascii, block,
            Vector512.ConditionalSelect(twoBytes, leadOfTwo | (last << 8), leadOfThree | (middle << 8)));
        if (pairs)
        {
            // A pair's 4 bytes, 2 from each half. High half 110110wwwwxxxxxx, uuuuu = wwww + 1: 11110uuu 10uuxxxx. Low
            // half 110111yyyyzzzzzz, after it: 10xxyyyy 10zzzzzz (xx from the lane before).
            Vector512<ushort> plane = block + Vector512.Create((ushort)0x40);
            Vector512<ushort> ofHigh = ((plane >> 8) & Vector512.Create((ushort)0x7)) | Vector512.Create((ushort)0xF0)
                | ((((plane >> 2) & Vector512.Create((ushort)0x3F)) | Vector512.Create((ushort)0x80)) << 8);
            Vector512<ushort> previous = Avx512BW.PermuteVar32x16(block, PreviousLane);
            Vector512<ushort> ofLow = ((previous & Vector512.Create((ushort)0x3)) << 4) | ((block >> 6) & Vector512.Create((ushort)0xF))
                | Vector512.Create((ushort)0x80) | (last << 8);
            firstTwo = Vector512.ConditionalSelect(halves,
                Vector512.ConditionalSelect(Vector512.Equals(block & Vector512.Create((ushort)0x400), Vector512<ushort>.Zero), ofHigh, ofLow), firstTwo);
        }

        // 1, 2 or 3 bytes (the masks are all ones, minus one, where true), none past `count`.
        Vector512<ushort> lengths = (Vector512.Create((ushort)3) + ascii + twoBytes)
            & Vector512.LessThan(Vector512<ushort>.Indices, Vector512.Create((ushort)count));

        Vector512<byte> keepFirst = Vector512.GreaterThan(Avx512Vbmi.PermuteVar64x8(lengths.AsByte(), LengthsFirst), BytePlaces);
        firstBytes = BitOperations.PopCount(keepFirst.ExtractMostSignificantBits());
        Vector512<byte> first = Avx512Vbmi2.Compress(Vector512<byte>.Zero, keepFirst, Avx512Vbmi.PermuteVar64x8x2(firstTwo.AsByte(), SpreadFirst, last.AsByte()));
        if (count <= 16)
        {
            // A short block (the end of the text) has no second half.
            secondBytes = 0;
            return (first, Vector512<byte>.Zero);
        }

        Vector512<byte> keepSecond = Vector512.GreaterThan(Avx512Vbmi.PermuteVar64x8(lengths.AsByte(), LengthsSecond), BytePlaces);
        secondBytes = BitOperations.PopCount(keepSecond.ExtractMostSignificantBits());
        return (first, Avx512Vbmi2.Compress(Vector512<byte>.Zero, keepSecond, Avx512Vbmi.PermuteVar64x8x2(firstTwo.AsByte(), SpreadSecond, last.AsByte())));
    }

    // Lane k of a permute with these indices holds lane k - 1 (lane 0: lane 31, which a paired low half never needs).
    private static Vector512<ushort> PreviousLane
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((ushort)31, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30);
    }

    // Byte j of the spread holds byte (j mod 4) of char j / 4 (of chars 0-15, or 16-31): its first two bytes from the
    // first table (bytes 2k and 2k + 1), its third from the second (byte 2k, index 64 + 2k); the fourth is never kept.
    private static Vector512<byte> SpreadFirst
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((byte)0, 1, 64, 0, 2, 3, 66, 2, 4, 5, 68, 4, 6, 7, 70, 6, 8, 9, 72, 8, 10, 11, 74, 10, 12, 13, 76, 12, 14, 15, 78, 14, 16, 17, 80, 16, 18, 19, 82, 18, 20, 21, 84, 20, 22, 23, 86, 22, 24, 25, 88, 24, 26, 27, 90, 26, 28, 29, 92, 28, 30, 31, 94, 30);
    }

    private static Vector512<byte> SpreadSecond
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((byte)32, 33, 96, 32, 34, 35, 98, 34, 36, 37, 100, 36, 38, 39, 102, 38, 40, 41, 104, 40, 42, 43, 106, 42, 44, 45, 108, 44, 46, 47, 110, 46, 48, 49, 112, 48, 50, 51, 114, 50, 52, 53, 116, 52, 54, 55, 118, 54, 56, 57, 120, 56, 58, 59, 122, 58, 60, 61, 124, 60, 62, 63, 126, 62);
    }

    // Byte j: the low byte of the length of char j / 4 (of chars 0-15, or 16-31), byte 2k of the lengths' 16-bit lanes.
    private static Vector512<byte> LengthsFirst
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((byte)0, 0, 0, 0, 2, 2, 2, 2, 4, 4, 4, 4, 6, 6, 6, 6, 8, 8, 8, 8, 10, 10, 10, 10, 12, 12, 12, 12, 14, 14, 14, 14, 16, 16, 16, 16, 18, 18, 18, 18, 20, 20, 20, 20, 22, 22, 22, 22, 24, 24, 24, 24, 26, 26, 26, 26, 28, 28, 28, 28, 30, 30, 30, 30);
    }

    private static Vector512<byte> LengthsSecond
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((byte)32, 32, 32, 32, 34, 34, 34, 34, 36, 36, 36, 36, 38, 38, 38, 38, 40, 40, 40, 40, 42, 42, 42, 42, 44, 44, 44, 44, 46, 46, 46, 46, 48, 48, 48, 48, 50, 50, 50, 50, 52, 52, 52, 52, 54, 54, 54, 54, 56, 56, 56, 56, 58, 58, 58, 58, 60, 60, 60, 60, 62, 62, 62, 62);
    }

    // Byte j of a block of 3-byte chars holds byte j mod 3 of char j / 3: the first two from the first table (bytes 2k
    // and 2k + 1), the third from the second (index 64 + 2k). Bytes 0-63, then 64-95.
    private static Vector512<byte> ThreeBytesFirst
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((byte)0, 1, 64, 2, 3, 66, 4, 5, 68, 6, 7, 70, 8, 9, 72, 10, 11, 74, 12, 13, 76, 14, 15, 78, 16, 17, 80, 18, 19, 82, 20, 21, 84, 22, 23, 86, 24, 25, 88, 26, 27, 90, 28, 29, 92, 30, 31, 94, 32, 33, 96, 34, 35, 98, 36, 37, 100, 38, 39, 102, 40, 41, 104, 42);
    }

    private static Vector512<byte> ThreeBytesSecond
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((byte)43, 106, 44, 45, 108, 46, 47, 110, 48, 49, 112, 50, 51, 114, 52, 53, 116, 54, 55, 118, 56, 57, 120, 58, 59, 122, 60, 61, 124, 62, 63, 126, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }

    // Byte j: j mod 4, the place of the byte in its char's four.
    private static Vector512<byte> BytePlaces
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Vector512.Create((byte)0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3);
    }
}
#endif
