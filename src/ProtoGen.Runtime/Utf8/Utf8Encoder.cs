using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace ProtoGen.Wire;

/// <summary>
/// Encodes UTF-16 text to exactly the UTF-8 bytes <c>Encoding.UTF8.GetBytes</c> gives (an unpaired surrogate becomes
/// EF BF BD, U+FFFD), 16 chars at a time (8 without AVX2) where .NET's transcoder goes a char or two at a time for
/// anything but ASCII.
/// </summary>
/// <remarks>
/// A block of chars is loaded as one vector and sorted by what its chars need. All ASCII: narrowed and stored. All below
/// U+0800: each char's 2-byte form is built in its 16-bit lane (last byte low, lead byte high), and one byte shuffle
/// (pshufb) per 8 chars, picked from <see cref="TwoByteShuffles"/> by the 8-bit mask of ASCII chars, keeps one byte of
/// the ASCII chars and both bytes, swapped into order, of the others. Otherwise each char's up to 3 bytes are built in
/// a 32-bit lane and one shuffle per 4 chars, picked from <see cref="ThreeByteShuffles"/> by which of them are ASCII and
/// which are below U+0800, packs them. In a 16-char block a surrogate pair's 4 bytes are split 2 + 2 between its
/// halves, which are then packed like 2-byte chars, and a lone half is packed as U+FFFD; an 8-char block stops at its
/// first surrogate, which is encoded on its own. A high surrogate that ends a block is left for the next one, so a
/// block never begins with the low half of a pair. The last 1-7 chars are one more 8-char block, shifted into place.
/// Every shuffle result is stored as a full 16-byte vector of which only the encoded bytes count: near the
/// destination's end, blocks are encoded into a stack buffer and copied, and texts of fewer than 8 chars are encoded a
/// char at a time. Where AVX-512 has byte permutes and compression (VBMI, VBMI2), .NET 10 builds encode text of more
/// than 32 chars in 32-char blocks instead (Utf8Encoder.Masked.cs).
/// </remarks>
internal static partial class Utf8Encoder
{
    /// <summary>
    /// Encodes <paramref name="text"/> into <paramref name="destination"/>; false when it does not fit (the bytes
    /// written so far are then meaningless, and nothing is written outside the destination).
    /// </summary>
    public static bool TryEncode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
#if NET9_0_OR_GREATER
        // 1 to 32 chars (names, cities, short notes) in masked blocks where AVX-512 has them and the destination has
        // room for their whole-vector stores; else, and for longer text, the block loops below.
        if ((uint)(text.Length - 1) < 32 && Avx512BW.VL.IsSupported
            && (bytesWritten = EncodeShort(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text)), text.Length, ref MemoryMarshal.GetReference(destination), destination.Length)) >= 0)
        {
            return true;
        }
#endif
#if NET10_0_OR_GREATER
        // Longer text in 32-char blocks where AVX-512 has byte permutes and compression.
        if (MaskedSupported)
        {
            return TryEncodeMasked(text, destination, out bytesWritten);
        }
#endif

        return Ssse3.IsSupported
            ? TryEncodeBlocks(text, destination, out bytesWritten, wide: Avx2.IsSupported)
            : TryEncodeWithoutVectors(text, destination, out bytesWritten);
    }

    /// <summary>
    /// The vector paths: 16-char blocks first when <paramref name="wide"/> (AVX2), 8-char blocks for the rest
    /// (internal so that tests cover the 8-char path alone, as on machines with SSSE3 but not AVX2).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static bool TryEncodeBlocks(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten, bool wide)
    {
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        ref byte bytes = ref MemoryMarshal.GetReference(destination);
        int length = text.Length, capacity = destination.Length;
        if (length < 8)
        {
            (_, bytesWritten) = EncodeChars(ref chars, length, 0, length, ref bytes, capacity, 0);
            return bytesWritten >= 0;
        }

        (int read, bytesWritten) = EncodeBlocks(ref chars, length, ref bytes, capacity, wide);
        if (read < length && bytesWritten >= 0)
        {
            bytesWritten = EncodeLastChars(ref chars, length, read, ref bytes, capacity, bytesWritten);
        }

        return bytesWritten >= 0;
    }

#if NET9_0_OR_GREATER
    /// <summary>
    /// Encodes 1 to 32 chars (names, cities, labels, short notes in any script) into <paramref name="bytes"/>, which
    /// has <paramref name="capacity"/> bytes of room, in 16-char blocks read with AVX-512 masked loads (only the text's
    /// own lanes are read; the others are zero, which encodes to one byte each, left off the count). Returns the bytes
    /// written, or -1 when there is no room for a block's whole-vector stores: <see cref="TryEncode"/> then takes the
    /// block loops. Only where <c>Avx512BW.VL</c> is supported.
    /// </summary>
    /// <remarks>
    /// Below 8 chars the general path goes a char at a time, and from 8 it sets up its block loops; masked blocks
    /// need neither.
    /// </remarks>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static unsafe int EncodeShort(ref ushort chars, int length, ref byte bytes, int capacity)
    {
        Debug.Assert(length is >= 1 and <= 32 && Avx512BW.VL.IsSupported, "Short text, on AVX-512 hardware.");
        int i = 0, o = 0;
        while (i < length)
        {
            if (capacity - o < MaxWideBlockStore)
            {
                return -1;
            }

            int count = Math.Min(16, length - i);
            Vector256<ushort> block;
            fixed (ushort* blockChars = &Unsafe.Add(ref chars, i))
            {
                block = Avx512BW.VL.MaskLoad(blockChars, Vector256.LessThan(Vector256<ushort>.Indices, Vector256.Create((ushort)count)), Vector256<ushort>.Zero);
            }

            (int encodedChars, int encodedBytes) = EncodePaddedWideBlock(block, count, ref Unsafe.Add(ref bytes, o));
            i += encodedChars;
            o += encodedBytes;
        }

        return o;
    }

    // Encodes a 16-char block whose first `count` lanes (1 to 16) are text and the others zeros, into MaxWideBlockStore
    // bytes at `destination`; returns the chars and bytes that count: the zeros' one byte each is left off, and a high
    // surrogate in the last lane of a full block is left for the next block, which then starts with it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Chars, int Bytes) EncodePaddedWideBlock(Vector256<ushort> block, int count, ref byte destination)
    {
        (int encodedChars, int encodedBytes) = EncodeWideBlock(block, ref destination);
        return encodedChars == 16 ? (count, encodedBytes - (16 - count)) : (encodedChars, encodedBytes);
    }
#endif

    /// <summary>What machines without SSSE3 (or other than x86) use: .NET's own transcoder.</summary>
    internal static bool TryEncodeWithoutVectors(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten) =>
        Utf8.FromUtf16(text, destination, out _, out bytesWritten, replaceInvalidSequences: true) == OperationStatus.Done;

    /// <summary>The char-at-a-time path alone (internal so that tests cover it on its own).</summary>
    internal static bool TryEncodeScalar(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        (_, bytesWritten) = EncodeChars(
            ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text)), text.Length, 0, text.Length,
            ref MemoryMarshal.GetReference(destination), destination.Length, 0);
        return bytesWritten >= 0;
    }

    // Encodes blocks of 16 (when wide) and 8 chars, leaving fewer than 8 chars; Written is -1 when the destination is
    // full. The helpers return the new positions rather than take them by reference, which keeps them in registers.
    private static (int Read, int Written) EncodeBlocks(ref ushort chars, int length, ref byte bytes, int capacity, bool wide)
    {
        int i = 0, o = 0;
        if (Avx2.IsSupported && wide)
        {
            // 16 chars at a time while whole-vector stores fit, then the 8-char loop for the rest.
            while (length - i >= 16 && capacity - o >= MaxWideBlockStore)
            {
                Vector256<ushort> block = Vector256.LoadUnsafe(ref chars, (nuint)i);
                if ((block & Vector256.Create((ushort)0xFF80)) == Vector256<ushort>.Zero)
                {
                    Sse2.PackUnsignedSaturate(block.GetLower().AsInt16(), block.GetUpper().AsInt16()).StoreUnsafe(ref bytes, (nuint)o);
                    (i, o) = NarrowAscii(ref chars, length, i + 16, ref bytes, capacity, o + 16);
                    continue;
                }

                (int encodedChars, int encodedBytes) = EncodeWideBlock(block, ref Unsafe.Add(ref bytes, o));
                i += encodedChars;
                o += encodedBytes;
            }
        }

        while (length - i >= 8)
        {
            if (capacity - o < 32)
            {
                // Near the end a full-vector store could pass the destination's end.
                (i, o) = EncodeLastBlocks(ref chars, length, i, ref bytes, capacity, o);
                break;
            }

            Vector128<ushort> block = Vector128.LoadUnsafe(ref chars, (nuint)i);
            if ((block & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero)
            {
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref bytes, o), Sse2.PackUnsignedSaturate(block.AsInt16(), block.AsInt16()).AsUInt64().ToScalar());
                i += 8;
                o += 8;
                (i, o) = NarrowAscii(ref chars, length, i, ref bytes, capacity, o);
                continue;
            }

            (int encodedChars, int encodedBytes) = EncodeBlock(block, ref Unsafe.Add(ref bytes, o));
            i += encodedChars;
            o += encodedBytes;
            if (encodedChars < 8)
            {
                // Stopped at a surrogate: it (or the pair it starts) fits in the at most 11 bytes left of the 32.
                int surrogateBytes = EncodeSurrogate(ref chars, length, i, ref Unsafe.Add(ref bytes, o));
                i += surrogateBytes - 2;
                o += surrogateBytes;
            }
        }

        return (i, o);
    }

    // After an ASCII block, the ASCII run that follows it, 32 chars at a time (Vector256 or two Vector128s).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Read, int Written) NarrowAscii(ref ushort chars, int length, int i, ref byte bytes, int capacity, int o)
    {
        while (length - i >= 32 && capacity - o >= 32)
        {
            if (Vector256.IsHardwareAccelerated)
            {
                Vector256<ushort> low = Vector256.LoadUnsafe(ref chars, (nuint)i);
                Vector256<ushort> high = Vector256.LoadUnsafe(ref chars, (nuint)(i + 16));
                if (((low | high) & Vector256.Create((ushort)0xFF80)) != Vector256<ushort>.Zero)
                {
                    break;
                }

                Vector256.Narrow(low, high).StoreUnsafe(ref bytes, (nuint)o);
            }
            else
            {
                Vector128<ushort> first = Vector128.LoadUnsafe(ref chars, (nuint)i);
                Vector128<ushort> second = Vector128.LoadUnsafe(ref chars, (nuint)(i + 8));
                Vector128<ushort> third = Vector128.LoadUnsafe(ref chars, (nuint)(i + 16));
                Vector128<ushort> fourth = Vector128.LoadUnsafe(ref chars, (nuint)(i + 24));
                if (((first | second | third | fourth) & Vector128.Create((ushort)0xFF80)) != Vector128<ushort>.Zero)
                {
                    break;
                }

                Sse2.PackUnsignedSaturate(first.AsInt16(), second.AsInt16()).StoreUnsafe(ref bytes, (nuint)o);
                Sse2.PackUnsignedSaturate(third.AsInt16(), fourth.AsInt16()).StoreUnsafe(ref bytes, (nuint)(o + 16));
            }

            i += 32;
            o += 32;
        }

        return (i, o);
    }

    // Encodes the last 1 to 7 chars of a text of at least 8 as one block: the 8 chars that end the text, shifted down so
    // that the ones not encoded yet come first and zeros (ASCII, 1 byte each) follow them. Returns the bytes written in
    // all, or -1 when the destination is full.
    private static int EncodeLastChars(ref ushort chars, int length, int i, ref byte bytes, int capacity, int o)
    {
        int left = length - i;
        Vector128<byte> window = Vector128.LoadUnsafe(ref chars, (nuint)(length - 8)).AsByte();
        Vector128<byte> shift = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(ShiftDown), (nuint)(2 * (8 - left)));
        Vector128<ushort> block = Ssse3.Shuffle(window, shift).AsUInt16();

        Vector256<byte> buffer = default;
        bool roomy = capacity - o >= 32;
        ref byte target = ref roomy ? ref Unsafe.Add(ref bytes, o) : ref Unsafe.As<Vector256<byte>, byte>(ref buffer);
        (int encodedChars, int encodedBytes) = EncodeBlock(block, ref target);
        if (encodedChars == 8)
        {
            encodedChars = left;
            encodedBytes -= 8 - left;
        }

        if (!roomy)
        {
            if (encodedBytes > capacity - o)
            {
                return -1;
            }

            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref bytes, o), ref target, (uint)encodedBytes);
        }

        i += encodedChars;
        o += encodedBytes;

        // After a surrogate, the rest a char at a time.
        return i < length ? EncodeChars(ref chars, length, i, length, ref bytes, capacity, o).Written : o;
    }

    // Shuffle controls that move a vector's bytes down by 0 to 16 places, zeros following: the 16 bytes from offset n.
    private static ReadOnlySpan<byte> ShiftDown => new byte[]
    {
        0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F,
        0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
    };

    // The blocks within 32 bytes of the destination's end: encoded into a stack buffer, then copied if they fit.
    // Written is -1 when they do not.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (int Read, int Written) EncodeLastBlocks(ref ushort chars, int length, int i, ref byte bytes, int capacity, int o)
    {
        Vector256<byte> buffer = default;
        ref byte scratch = ref Unsafe.As<Vector256<byte>, byte>(ref buffer);
        while (length - i >= 8 && o >= 0)
        {
            (int encodedChars, int encodedBytes) = EncodeBlock(Vector128.LoadUnsafe(ref chars, (nuint)i), ref scratch);
            if (encodedBytes > capacity - o)
            {
                return (i, -1);
            }

            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref bytes, o), ref scratch, (uint)encodedBytes);
            i += encodedChars;
            o += encodedBytes;
            if (encodedChars < 8)
            {
                (i, o) = EncodeChars(ref chars, length, i, i + 1, ref bytes, capacity, o);
            }
        }

        return (i, o);
    }

    // The most a 16-char block stores: 3 quarters of 4 chars of up to 12 bytes each, then the last quarter's vector.
    private const int MaxWideBlockStore = 3 * 12 + 16;

    // Encodes a block of 16 chars (15 when the last is a high surrogate) as EncodeBlock does with 8, into
    // MaxWideBlockStore bytes at `destination`: each 128-bit lane of the AVX2 vectors holds 8 chars' 16-bit lanes or 4
    // chars' 32-bit lanes. Returns how many chars were encoded and how many of the bytes count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Chars, int Bytes) EncodeWideBlock(Vector256<ushort> block, ref byte destination)
    {
        Vector256<ushort> ascii = Vector256.Equals(block & Vector256.Create((ushort)0xFF80), Vector256<ushort>.Zero);
        Vector256<ushort> belowU0800 = Vector256.Equals(block & Vector256.Create((ushort)0xF800), Vector256<ushort>.Zero);
        Vector256<ushort> last = Vector256.ConditionalSelect(ascii, block, (block & Vector256.Create((ushort)0x3F)) | Vector256.Create((ushort)0x80));

        // Kinds in char order: bits 0-7 ASCII (chars 0-7), 8-15 below U+0800 (0-7), 16-23 ASCII (8-15), 24-31 below
        // U+0800 (8-15): packing works within each 128-bit lane.
        Vector256<sbyte> kindBytes = Avx2.PackSignedSaturate(ascii.AsInt16(), belowU0800.AsInt16());
        uint kinds = (uint)Avx2.MoveMask(kindBytes.AsByte());
        if ((kinds & 0xFF00_FF00) == 0xFF00_FF00)
        {
            // 1- and 2-byte chars: the lead byte 110xxxxx (bits 6-10) in the high half of the lane.
            Vector256<ushort> leadAndLast = last | ((block << 2) & Vector256.Create((ushort)0x1F00)) | Vector256.Create((ushort)0xC000);
            return (16, PackWideTwoByteBlock(leadAndLast, kinds, ref destination));
        }

        if (Vector256.EqualsAny(block & Vector256.Create((ushort)0xF800), Vector256.Create((ushort)0xD800)))
        {
            return EncodeWideBlockWithSurrogates(block, ref destination);
        }

        Vector256<ushort> lastTwo = last
            | ((block << 2) & Vector256.Create((ushort)0x3F00))
            | Vector256.Create((ushort)0x8000)
            | (belowU0800 & Vector256.Create((ushort)0x4000));
        Vector256<ushort> lead = (block >> 12) | Vector256.Create((ushort)0xE0);
        return (16, PackWideBlock(lastTwo, lead, kindBytes, ref destination));
    }

    // A 16-char block with a surrogate, still a vector at a time. The 4 bytes of a pair are split 2 + 2 between its
    // halves, each then packed like a 2-byte char (the two bytes before the last of its lane): for the high half
    // (110110wwwwxxxxxx, with uuuuu = wwww + 1) 11110uuu and 10uuxxxx, for the low half (110111yyyyzzzzzz)
    // 10xxyyyy and 10zzzzzz, where xx, the high half's last 2 bits, comes from the lane below. Unpaired halves become
    // U+FFFD, a 3-byte char. A high half in the last lane is left for the next block (its low half may follow), which
    // therefore never starts with the low half of a pair.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Chars, int Bytes) EncodeWideBlockWithSurrogates(Vector256<ushort> block, ref byte destination)
    {
        // Each lane's neighbours: lane k of `previous` is char k - 1 (0 for lane 0), of `next` char k + 1 (0 for 15).
        Vector256<byte> blockBytes = block.AsByte();
        Vector256<ushort> previous = Avx2.AlignRight(blockBytes, Avx2.Permute2x128(blockBytes, blockBytes, 0x08), 14).AsUInt16();
        Vector256<ushort> next = Avx2.AlignRight(Avx2.Permute2x128(blockBytes, blockBytes, 0x81), blockBytes, 2).AsUInt16();
        Vector256<ushort> halfMask = Vector256.Create((ushort)0xFC00);
        Vector256<ushort> highHalf = Vector256.Create((ushort)0xD800), lowHalf = Vector256.Create((ushort)0xDC00);
        Vector256<ushort> pairedHighs = Vector256.Equals(block & halfMask, highHalf) & Vector256.Equals(next & halfMask, lowHalf);
        Vector256<ushort> pairedLows = Vector256.Equals(block & halfMask, lowHalf) & Vector256.Equals(previous & halfMask, highHalf);
        Vector256<ushort> paired = pairedHighs | pairedLows;
        Vector256<ushort> unpaired = Vector256.Equals(block & Vector256.Create((ushort)0xF800), highHalf) & ~paired;
        Vector256<ushort> chars = Vector256.ConditionalSelect(unpaired, Vector256.Create((ushort)0xFFFD), block);

        Vector256<ushort> ascii = Vector256.Equals(chars & Vector256.Create((ushort)0xFF80), Vector256<ushort>.Zero);
        Vector256<ushort> twoBytes = Vector256.Equals(chars & Vector256.Create((ushort)0xF800), Vector256<ushort>.Zero) | paired;
        Vector256<ushort> last = Vector256.ConditionalSelect(ascii, chars, (chars & Vector256.Create((ushort)0x3F)) | Vector256.Create((ushort)0x80));
        Vector256<ushort> lastTwo = last
            | ((chars << 2) & Vector256.Create((ushort)0x3F00))
            | Vector256.Create((ushort)0x8000)
            | (twoBytes & Vector256.Create((ushort)0x4000));

        Vector256<ushort> plane = (chars & Vector256.Create((ushort)0x3FF)) + Vector256.Create((ushort)0x40); // uuuuuxxxxxx
        Vector256<ushort> highBytes = ((plane >> 2) & Vector256.Create((ushort)0x3F)) | (plane & Vector256.Create((ushort)0x700)) | Vector256.Create((ushort)0xF080);
        Vector256<ushort> lowBytes = (chars & Vector256.Create((ushort)0x3F))
            | ((chars << 2) & Vector256.Create((ushort)0x0F00))
            | ((previous & Vector256.Create((ushort)0x3)) << 12)
            | Vector256.Create((ushort)0x8080);
        lastTwo = Vector256.ConditionalSelect(pairedHighs, highBytes, Vector256.ConditionalSelect(pairedLows, lowBytes, lastTwo));

        // Without 3-byte chars (ASCII, 2-byte chars and pairs: emoji in Latin text), the 2-byte packing is enough.
        Vector256<sbyte> kindBytes = Avx2.PackSignedSaturate(ascii.AsInt16(), twoBytes.AsInt16());
        uint kinds = (uint)Avx2.MoveMask(kindBytes.AsByte());
        int encoded = (kinds & 0xFF00_FF00) == 0xFF00_FF00
            ? PackWideTwoByteBlock(lastTwo, kinds, ref destination)
            : PackWideBlock(lastTwo, (chars >> 12) | Vector256.Create((ushort)0xE0), kindBytes, ref destination);

        // A high half last: encoded (as unpaired, U+FFFD), but not counted.
        return (block.GetElement(15) & 0xFC00) == 0xD800 ? (15, encoded - 3) : (16, encoded);
    }

    // Packs 16 chars of 1 or 2 bytes, each lane's last byte low and the one before it high (`kinds` as EncodeWideBlock
    // has them), with a row of TwoByteShuffles per 128-bit lane, into 32 bytes at `destination`; returns how many count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackWideTwoByteBlock(Vector256<ushort> lastTwo, uint kinds, ref byte destination)
    {
        uint asciiLow = kinds & 0xFF, asciiHigh = (kinds >> 16) & 0xFF;
        ref byte shuffles = ref MemoryMarshal.GetReference(TwoByteShuffles);
        Vector256<byte> shuffle = Vector256.Create(Vector128.LoadUnsafe(ref shuffles, asciiLow * 16), Vector128.LoadUnsafe(ref shuffles, asciiHigh * 16));
        Vector256<byte> packed = Avx2.Shuffle(lastTwo.AsByte(), shuffle);
        packed.GetLower().StoreUnsafe(ref destination);
        packed.GetUpper().StoreUnsafe(ref destination, (nuint)(16 - BitOperations.PopCount(asciiLow)));
        return 32 - BitOperations.PopCount(kinds & 0x00FF_00FF);
    }

    // Packs 16 chars prepared as for EncodeBlock's 3-byte path (each char's last byte and the one before it in
    // `lastTwo`, a 3-byte lead in `lead`, and the packed ASCII and at-most-2-byte lane masks) into MaxWideBlockStore
    // bytes at `destination`; returns how many count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackWideBlock(Vector256<ushort> lastTwo, Vector256<ushort> lead, Vector256<sbyte> kindBytes, ref byte destination)
    {
        // Chars 0-3 and 8-11 (low), 4-7 and 12-15 (high): unpacking works within each 128-bit lane.
        Vector256<byte> low = Avx2.UnpackLow(lastTwo, lead).AsByte();
        Vector256<byte> high = Avx2.UnpackHigh(lastTwo, lead).AsByte();

        // The dword shuffle puts each quarter's 4 + 4 kind bits together, so byte k of `rows` is quarter k's row.
        uint rows = (uint)Avx2.MoveMask(Avx2.Shuffle(kindBytes.AsInt32(), 0b11_01_10_00).AsByte());
        uint row0 = rows & 0xFF, row1 = (rows >> 8) & 0xFF, row2 = (rows >> 16) & 0xFF, row3 = rows >> 24;
        ref byte shuffles = ref MemoryMarshal.GetReference(ThreeByteShuffles);
        Vector256<byte> lowShuffle = Vector256.Create(Vector128.LoadUnsafe(ref shuffles, row0 * 16), Vector128.LoadUnsafe(ref shuffles, row2 * 16));
        Vector256<byte> highShuffle = Vector256.Create(Vector128.LoadUnsafe(ref shuffles, row1 * 16), Vector128.LoadUnsafe(ref shuffles, row3 * 16));
        Vector256<byte> lowPacked = Avx2.Shuffle(low, lowShuffle);
        Vector256<byte> highPacked = Avx2.Shuffle(high, highShuffle);
        int end0 = 12 - BitOperations.PopCount(row0);
        int end1 = end0 + 12 - BitOperations.PopCount(row1);
        int end2 = end1 + 12 - BitOperations.PopCount(row2);
        lowPacked.GetLower().StoreUnsafe(ref destination);
        highPacked.GetLower().StoreUnsafe(ref destination, (nuint)end0);
        lowPacked.GetUpper().StoreUnsafe(ref destination, (nuint)end1);
        highPacked.GetUpper().StoreUnsafe(ref destination, (nuint)end2);
        return 48 - BitOperations.PopCount(rows);
    }

    // Encodes a block of 8 chars that are not all ASCII, or the chars before its first surrogate, into up to 28 bytes
    // at `destination` (which must have room for 32: whole vectors are stored). Returns how many chars were encoded
    // (8, or the surrogate's index) and how many of the bytes count.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (int Chars, int Bytes) EncodeBlock(Vector128<ushort> block, ref byte destination)
    {
        Vector128<ushort> ascii = Vector128.Equals(block & Vector128.Create((ushort)0xFF80), Vector128<ushort>.Zero);
        Vector128<ushort> belowU0800 = Vector128.Equals(block & Vector128.Create((ushort)0xF800), Vector128<ushort>.Zero);

        // Bits 0-7: which chars are ASCII; bits 8-15: which are below U+0800.
        Vector128<sbyte> kindBytes = Sse2.PackSignedSaturate(ascii.AsInt16(), belowU0800.AsInt16());
        uint kinds = (uint)Sse2.MoveMask(kindBytes);

        // Each char's last byte in the low half of its lane: the char itself when ASCII, 10xxxxxx (its low 6 bits)
        // otherwise.
        Vector128<ushort> last = Vector128.ConditionalSelect(ascii, block, (block & Vector128.Create((ushort)0x3F)) | Vector128.Create((ushort)0x80));
        if (kinds >= 0xFF00)
        {
            // 1- and 2-byte chars: the lead byte 110xxxxx (bits 6-10) in the high half of the lane.
            Vector128<ushort> twoBytes = last | ((block << 2) & Vector128.Create((ushort)0x1F00)) | Vector128.Create((ushort)0xC000);
            uint asciiMask = kinds & 0xFF;
            Vector128<byte> shuffle = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(TwoByteShuffles), asciiMask * 16);
            Ssse3.Shuffle(twoBytes.AsByte(), shuffle).StoreUnsafe(ref destination);
            return (8, 16 - BitOperations.PopCount(asciiMask));
        }

        // Up to 3 bytes a char, in a 32-bit lane each: the last byte (as above), the one before it (10xxxxxx of bits
        // 6-11 for a 3-byte char, or the lead byte 110xxxxx of a 2-byte char: one bit more) and a 3-byte char's lead
        // byte 1110xxxx (bits 12-15).
        Vector128<ushort> lastTwo = last
            | ((block << 2) & Vector128.Create((ushort)0x3F00))
            | Vector128.Create((ushort)0x8000)
            | (belowU0800 & Vector128.Create((ushort)0x4000));
        Vector128<ushort> lead = (block >> 12) | Vector128.Create((ushort)0xE0);
        Vector128<byte> low = Sse2.UnpackLow(lastTwo, lead).AsByte();
        Vector128<byte> high = Sse2.UnpackHigh(lastTwo, lead).AsByte();

        // Each half's row: its 4 ASCII bits low, its 4 below-U+0800 bits high (the kind bytes' second and third dwords
        // swapped); 3 bytes a char, less one per bit set.
        uint rows = (uint)Sse2.MoveMask(Sse2.Shuffle(kindBytes.AsInt32(), 0b11_01_10_00).AsByte());
        uint lowRow = rows & 0xFF;
        uint highRow = rows >> 8;
        ref byte shuffles = ref MemoryMarshal.GetReference(ThreeByteShuffles);
        Ssse3.Shuffle(low, Vector128.LoadUnsafe(ref shuffles, lowRow * 16)).StoreUnsafe(ref destination);
        int lowBytes = 12 - BitOperations.PopCount(lowRow);
        Ssse3.Shuffle(high, Vector128.LoadUnsafe(ref shuffles, highRow * 16)).StoreUnsafe(ref destination, (nuint)lowBytes);

        // A surrogate lane was encoded as a 3-byte char: only the chars before the first one count. Those are 3 bytes
        // each, less one per ASCII bit and one per below-U+0800 bit among them.
        Vector128<ushort> surrogates = Vector128.Equals(block & Vector128.Create((ushort)0xF800), Vector128.Create((ushort)0xD800));
        if (surrogates != Vector128<ushort>.Zero)
        {
            int before = BitOperations.TrailingZeroCount(Sse2.MoveMask(Sse2.PackSignedSaturate(surrogates.AsInt16(), surrogates.AsInt16())));
            uint kindsBefore = kinds & (0x101u * ((1u << before) - 1));
            return (before, 3 * before - BitOperations.PopCount(kindsBefore));
        }

        return (8, lowBytes + 12 - BitOperations.PopCount(highRow));
    }

    // Encodes the surrogate at `i` into at most 4 bytes at `destination`: with the low half after it, the pair's code
    // point; unpaired, U+FFFD. Returns the bytes written: 4 for the 2 chars of a pair, 3 for the 1 char of U+FFFD.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeSurrogate(ref ushort chars, int length, int i, ref byte destination)
    {
        uint c = Unsafe.Add(ref chars, i);
        uint next;
        if (c < 0xDC00 && i + 1 < length && (next = Unsafe.Add(ref chars, i + 1)) - 0xDC00 < 0x400)
        {
            uint codePoint = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
            destination = (byte)(0xF0 | (codePoint >> 18));
            Unsafe.Add(ref destination, 1) = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
            Unsafe.Add(ref destination, 2) = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            Unsafe.Add(ref destination, 3) = (byte)(0x80 | (codePoint & 0x3F));
            return 4;
        }

        destination = 0xEF;
        Unsafe.Add(ref destination, 1) = 0xBF;
        Unsafe.Add(ref destination, 2) = 0xBD;
        return 3;
    }

    // Encodes the chars from `i` up to `end` a char at a time, and the low half of a pair that starts at end - 1.
    // Returns the positions after them; Written is -1 when the destination is full.
    private static (int Read, int Written) EncodeChars(ref ushort chars, int length, int i, int end, ref byte bytes, int capacity, int o)
    {
        while (i < end)
        {
            uint c = Unsafe.Add(ref chars, i++);
            if (c < 0x80)
            {
                if (o >= capacity)
                {
                    return (i, -1);
                }

                Unsafe.Add(ref bytes, o++) = (byte)c;
                continue;
            }

            if (c < 0x800)
            {
                if (capacity - o < 2)
                {
                    return (i, -1);
                }

                Unsafe.Add(ref bytes, o) = (byte)(0xC0 | (c >> 6));
                Unsafe.Add(ref bytes, o + 1) = (byte)(0x80 | (c & 0x3F));
                o += 2;
                continue;
            }

            if (c - 0xD800 < 0x800)
            {
                // Into a 4-byte buffer first when the destination may not hold the 4 bytes of a pair.
                uint buffer = 0;
                bool roomy = capacity - o >= 4;
                ref byte target = ref roomy ? ref Unsafe.Add(ref bytes, o) : ref Unsafe.As<uint, byte>(ref buffer);
                int surrogateBytes = EncodeSurrogate(ref chars, length, i - 1, ref target);
                if (!roomy)
                {
                    if (surrogateBytes > capacity - o)
                    {
                        return (i, -1);
                    }

                    Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref bytes, o), ref target, (uint)surrogateBytes);
                }

                i += surrogateBytes - 3;
                o += surrogateBytes;
                continue;
            }

            if (capacity - o < 3)
            {
                return (i, -1);
            }

            Unsafe.Add(ref bytes, o) = (byte)(0xE0 | (c >> 12));
            Unsafe.Add(ref bytes, o + 1) = (byte)(0x80 | ((c >> 6) & 0x3F));
            Unsafe.Add(ref bytes, o + 2) = (byte)(0x80 | (c & 0x3F));
            o += 3;
        }

        return (i, o);
    }
}
