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
/// EF BF BD, U+FFFD), 8 chars at a time where .NET's transcoder goes a char or two at a time for anything but ASCII.
/// </summary>
/// <remarks>
/// A block of 8 chars is loaded as one vector and sorted by what its chars need. All ASCII: narrowed and stored. All below
/// U+0800: each char's 2-byte form is built in its 16-bit lane (last byte low, lead byte high), and one byte shuffle
/// (pshufb), picked from <see cref="TwoByteShuffles"/> by the 8-bit mask of ASCII chars, keeps one byte of the ASCII
/// chars and both bytes, swapped into order, of the others. No surrogates: each char's up to 3 bytes are built in a
/// 32-bit lane, 4 chars per vector, and shuffled together by <see cref="ThreeByteShuffles"/>, indexed by which of the 4
/// chars are ASCII and which are below U+0800. A block holding a surrogate is encoded a char at a time, and so is the
/// last, partial block; the pair a block's last char may start is taken whole, so a vector block never begins with the
/// low half of a pair. Every shuffle result is stored as a full 16-byte vector of which only the encoded bytes count:
/// within 32 bytes of the destination's end the blocks are encoded into a stack buffer and copied.
/// </remarks>
internal static partial class Utf8Encoder
{
    /// <summary>
    /// Encodes <paramref name="text"/> into <paramref name="destination"/>; false when it does not fit (the bytes
    /// written so far are then meaningless, and nothing is written outside the destination).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool TryEncode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        if (!Ssse3.IsSupported)
        {
            return TryEncodeWithoutVectors(text, destination, out bytesWritten);
        }

        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        ref byte bytes = ref MemoryMarshal.GetReference(destination);
        int length = text.Length, capacity = destination.Length;
        int read = 0;
        bytesWritten = 0;
        return TryEncodeBlocks(ref chars, length, ref read, ref bytes, capacity, ref bytesWritten)
            && TryEncodeChars(ref chars, length, ref read, length, ref bytes, capacity, ref bytesWritten);
    }

    /// <summary>What machines without SSSE3 (or other than x86) use: .NET's own transcoder.</summary>
    internal static bool TryEncodeWithoutVectors(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten) =>
        Utf8.FromUtf16(text, destination, out _, out bytesWritten, replaceInvalidSequences: true) == OperationStatus.Done;

    /// <summary>The char-at-a-time path alone (internal so that tests cover it on its own).</summary>
    internal static bool TryEncodeScalar(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        int read = 0;
        bytesWritten = 0;
        return TryEncodeChars(
            ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text)), text.Length, ref read, text.Length,
            ref MemoryMarshal.GetReference(destination), destination.Length, ref bytesWritten);
    }

    // Encodes whole blocks of 8 chars from `read` on, leaving fewer than 8 chars; false when the destination is full.
    private static bool TryEncodeBlocks(ref ushort chars, int length, ref int read, ref byte bytes, int capacity, ref int written)
    {
        int i = read, o = written;
        while (length - i >= 8)
        {
            if (capacity - o < 32)
            {
                // Near the end a full-vector store could pass the destination's end.
                read = i;
                written = o;
                return TryEncodeLastBlocks(ref chars, length, ref read, ref bytes, capacity, ref written);
            }

            Vector128<ushort> block = Vector128.LoadUnsafe(ref chars, (nuint)i);
            if ((block & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero)
            {
                // ASCII: 16 chars at once when the next 8 are ASCII too (o + 16 is within the 32 bytes checked).
                if (length - i >= 16)
                {
                    Vector128<ushort> next = Vector128.LoadUnsafe(ref chars, (nuint)(i + 8));
                    if ((next & Vector128.Create((ushort)0xFF80)) == Vector128<ushort>.Zero)
                    {
                        Vector128.Narrow(block, next).StoreUnsafe(ref bytes, (nuint)o);
                        i += 16;
                        o += 16;
                        continue;
                    }
                }

                Unsafe.WriteUnaligned(ref Unsafe.Add(ref bytes, o), Vector128.Narrow(block, block).AsUInt64().ToScalar());
                i += 8;
                o += 8;
                continue;
            }

            int encoded = EncodeBlock(block, ref Unsafe.Add(ref bytes, o));
            if (encoded >= 0)
            {
                i += 8;
                o += encoded;
                continue;
            }

            // A surrogate: this block a char at a time (and the low half of a pair its last char starts). Fits: the
            // at most 27 bytes of 9 chars are within the 32 checked.
            bool fits = TryEncodeChars(ref chars, length, ref i, i + 8, ref bytes, capacity, ref o);
            Debug.Assert(fits, "9 chars take at most 27 bytes.");
        }

        read = i;
        written = o;
        return true;
    }

    // The blocks within 32 bytes of the destination's end: encoded into a stack buffer, then copied if they fit.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryEncodeLastBlocks(ref ushort chars, int length, ref int read, ref byte bytes, int capacity, ref int written)
    {
        Vector256<byte> buffer = default;
        ref byte scratch = ref Unsafe.As<Vector256<byte>, byte>(ref buffer);
        int i = read, o = written;
        while (length - i >= 8)
        {
            Vector128<ushort> block = Vector128.LoadUnsafe(ref chars, (nuint)i);
            int encoded = EncodeBlock(block, ref scratch);
            if (encoded < 0)
            {
                if (!TryEncodeChars(ref chars, length, ref i, i + 8, ref bytes, capacity, ref o))
                {
                    return false;
                }

                continue;
            }

            if (encoded > capacity - o)
            {
                return false;
            }

            Unsafe.CopyBlockUnaligned(ref Unsafe.Add(ref bytes, o), ref scratch, (uint)encoded);
            i += 8;
            o += encoded;
        }

        read = i;
        written = o;
        return true;
    }

    // Encodes a block of 8 chars that are not all ASCII into up to 28 bytes at `destination` (which must have room for
    // 28 + 4: whole vectors are stored) and returns how many bytes count; -1, having written nothing, when the block
    // holds a surrogate.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EncodeBlock(Vector128<ushort> block, ref byte destination)
    {
        Vector128<ushort> ascii = Vector128.Equals(block & Vector128.Create((ushort)0xFF80), Vector128<ushort>.Zero);
        Vector128<ushort> belowU0800 = Vector128.Equals(block & Vector128.Create((ushort)0xF800), Vector128<ushort>.Zero);

        // Bits 0-7: which chars are ASCII; bits 8-15: which are below U+0800.
        uint kinds = (uint)Sse2.MoveMask(Sse2.PackSignedSaturate(ascii.AsInt16(), belowU0800.AsInt16()));

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
            return 16 - BitOperations.PopCount(asciiMask);
        }

        if (Vector128.EqualsAny(block & Vector128.Create((ushort)0xF800), Vector128.Create((ushort)0xD800)))
        {
            return -1;
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

        // Each half's row: its 4 ASCII bits low, its 4 below-U+0800 bits high; 3 bytes a char, less one per bit set.
        uint lowRow = (kinds & 0x0F) | ((kinds >> 4) & 0xF0);
        uint highRow = ((kinds >> 4) & 0x0F) | ((kinds >> 8) & 0xF0);
        ref byte shuffles = ref MemoryMarshal.GetReference(ThreeByteShuffles);
        Ssse3.Shuffle(low, Vector128.LoadUnsafe(ref shuffles, lowRow * 16)).StoreUnsafe(ref destination);
        int lowBytes = 12 - BitOperations.PopCount(lowRow);
        Ssse3.Shuffle(high, Vector128.LoadUnsafe(ref shuffles, highRow * 16)).StoreUnsafe(ref destination, (nuint)lowBytes);
        return lowBytes + 12 - BitOperations.PopCount(highRow);
    }

    // Encodes the chars from `read` up to `end` a char at a time, and the low half of a pair that starts at end - 1;
    // false when the destination is full.
    private static bool TryEncodeChars(ref ushort chars, int length, ref int read, int end, ref byte bytes, int capacity, ref int written)
    {
        int i = read, o = written;
        while (i < end)
        {
            uint c = Unsafe.Add(ref chars, i++);
            if (c < 0x80)
            {
                if (o >= capacity)
                {
                    return false;
                }

                Unsafe.Add(ref bytes, o++) = (byte)c;
                continue;
            }

            if (c < 0x800)
            {
                if (capacity - o < 2)
                {
                    return false;
                }

                Unsafe.Add(ref bytes, o) = (byte)(0xC0 | (c >> 6));
                Unsafe.Add(ref bytes, o + 1) = (byte)(0x80 | (c & 0x3F));
                o += 2;
                continue;
            }

            if (c - 0xD800 < 0x800)
            {
                uint next;
                if (c < 0xDC00 && i < length && (next = Unsafe.Add(ref chars, i)) - 0xDC00 < 0x400)
                {
                    if (capacity - o < 4)
                    {
                        return false;
                    }

                    uint codePoint = 0x10000 + ((c - 0xD800) << 10) + (next - 0xDC00);
                    Unsafe.Add(ref bytes, o) = (byte)(0xF0 | (codePoint >> 18));
                    Unsafe.Add(ref bytes, o + 1) = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                    Unsafe.Add(ref bytes, o + 2) = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    Unsafe.Add(ref bytes, o + 3) = (byte)(0x80 | (codePoint & 0x3F));
                    o += 4;
                    i++;
                    continue;
                }

                c = 0xFFFD; // unpaired
            }

            if (capacity - o < 3)
            {
                return false;
            }

            Unsafe.Add(ref bytes, o) = (byte)(0xE0 | (c >> 12));
            Unsafe.Add(ref bytes, o + 1) = (byte)(0x80 | ((c >> 6) & 0x3F));
            Unsafe.Add(ref bytes, o + 2) = (byte)(0x80 | (c & 0x3F));
            o += 3;
        }

        read = i;
        written = o;
        return true;
    }
}
