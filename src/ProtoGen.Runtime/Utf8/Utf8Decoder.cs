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
/// Decodes strict UTF-8 to UTF-16, accepting exactly what <c>Utf8.ToUtf16(..., replaceInvalidSequences: false)</c>
/// accepts and writing the same chars, 32 or 16 bytes at a time where the text has no 4-byte sequences.
/// </summary>
/// <remarks>
/// .NET's decoder vectorizes ASCII only and takes 2- and 3-byte text (Greek, Cyrillic, CJK) a few bytes at a time.
/// Here the input is read in blocks of 32 bytes (AVX2) or 16 (SSSE3), whose lanes are the bytes:
/// <list type="number">
/// <item>All ASCII: the bytes are widened to chars.</item>
/// <item>Otherwise the block is validated with lane-wise compares over three loads, at offsets 0, 1 and 2: every
/// continuation byte must be the second byte after a 2- or 3-byte lead or the third after a 3-byte lead (counting
/// the leads at the end of the block before), and every lead must have its continuations, the two bytes after the
/// block included; C0/C1, E0 before 80..9F (overlong) and ED before A0..BF (surrogates) are errors. Each lead lane
/// then computes its code point from its own byte and the two after it, in 16-bit lanes, and the continuation lanes
/// are squeezed out with a pshufb whose control comes from a table indexed by the lanes kept, 8 at a time.</item>
/// <item>A block with a byte from F0 (4-byte leads, and the bytes that are never valid) or that fails the
/// validation hands the rest of the input, from the block's first lead, to Utf8.ToUtf16 itself: it decodes the
/// 4-byte sequences, and says exactly which inputs are invalid.</item>
/// </list>
/// Blocks advance by a fixed 32 or 16 bytes whatever their content, so a block's loads do not wait for the compares
/// of the one before. The last bytes are decoded as the input's last 16 (or all of an input of 8 to 15 bytes), with
/// the lanes already decoded cleared, so no load reads outside the input. Needs SSSE3 for pshufb; without it,
/// everything goes to Utf8.ToUtf16.
/// </remarks>
internal static class Utf8Decoder
{
    // A block of 16 bytes reads two bytes past them: the continuations of a sequence that starts in its last lanes.
    private const int BlockSize = 16;
    private const int ShortestForBlocks = 32;

    /// <summary>The longest input decoded with masked loads (<c>TryDecodeMasked</c>, on .NET 10), and the room it needs.</summary>
    internal const int MaskedLimit = 64;

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>, which must hold at least
    /// <c>source.Length</c> chars (UTF-8 never has fewer bytes than UTF-16 chars); false if it is not valid UTF-8.
    /// </summary>
    /// <remarks>
    /// Below 32 bytes .NET's decoder is as fast as the block loops, so the loops are for longer text. Where AVX-512
    /// has <c>vpcompressw</c> (VBMI2), 1 to 64 bytes go to <c>TryDecodeMasked</c> first (.NET 10 builds), which has no
    /// loop setup and takes the same time whatever the length up to 32 bytes.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<char> destination, out int written)
    {
#if NET10_0_OR_GREATER
        if (Avx512Vbmi2.VL.IsSupported && source.Length <= MaskedLimit && destination.Length >= MaskedLimit && !source.IsEmpty
            && TryDecodeMasked(source, destination, out written))
        {
            return true;
        }
#endif

        return Ssse3.IsSupported && source.Length >= ShortestForBlocks
            ? TryDecodeBlocks(source, destination, out written)
            : TryDecodeScalar(source, destination, out written);
    }

    // The block loops, in one method of their own so that callers stay small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool TryDecodeBlocks(ReadOnlySpan<byte> source, Span<char> destination, out int written) =>
        TryDecodeVector(source, destination, Avx2.IsSupported, out written);

    /// <summary>The decoding without vector instructions (internal so that tests cover it on any machine).</summary>
    internal static bool TryDecodeScalar(ReadOnlySpan<byte> source, Span<char> destination, out int written) =>
        Utf8.ToUtf16(source, destination, out _, out written, replaceInvalidSequences: false) == OperationStatus.Done;

    /// <summary>
    /// The decoding in blocks of 32 bytes (if <paramref name="wideBlocks"/>, only where AVX2 is supported) and 16
    /// bytes; only where SSSE3 is supported.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool TryDecodeVector(ReadOnlySpan<byte> source, Span<char> destination, bool wideBlocks, out int written)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination must hold a char per source byte.", nameof(destination));
        }

        int read = 0;
        int chars = 0;
        if ((!wideBlocks || source.Length < WideBlock.Size + 2 || DecodeBlocks<WideBlock>(source, destination, ref read, ref chars))
            && DecodeBlocks<Block>(source, destination, ref read, ref chars)
            && DecodeTail(source, destination, ref read, ref chars))
        {
            written = chars;
            return true;
        }

        // A block with a 4-byte sequence or an error: the exact decoder takes the rest, from the block's first lead.
        // (Text with one emoji tends to have more, and ending the loop keeps the blocks' code lean.)
        bool valid = Utf8.ToUtf16(source.Slice(read), destination.Slice(chars), out _, out int restWritten, replaceInvalidSequences: false) == OperationStatus.Done;
        written = chars + restWritten;
        return valid;
    }

    // Blocks while all the bytes a block reads (its own and two more) are in the input. A block's stores write as
    // many chars as it has bytes from `chars`, which is never ahead of `read`: they stay within the first `length`
    // chars of the output. False at a block to decode exactly, with `read` and `chars` where it starts; else `read`
    // ends on a code point boundary.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool DecodeBlocks<TBlock>(ReadOnlySpan<byte> source, Span<char> destination, ref int readRef, ref int charsRef)
        where TBlock : struct, IBlock
    {
        ref byte input = ref MemoryMarshal.GetReference(source);
        ref ushort output = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
        int length = source.Length;
        int read = readRef;
        int chars = charsRef;

        // The lead lanes of the block before (bit i for lane i): a sequence that starts in its last two lanes ends in
        // the first lanes of the next block, which were checked to be its continuations already. Blocks advance by
        // their size whatever their bytes, so the next block's loads do not wait for this one's compares.
        uint previousMultiByte = 0;
        uint previousThreeByte = 0;
        bool valid = true;
        while (length - read >= TBlock.Size + 2)
        {
            ref byte block = ref Unsafe.Add(ref input, read);
            ref ushort blockOutput = ref Unsafe.Add(ref output, chars);
            if (TBlock.TryWidenAscii(ref block, ref blockOutput))
            {
                // No sequence of the block before runs into an ASCII block.
                previousMultiByte = 0;
                previousThreeByte = 0;
                chars += TBlock.Size;
            }
            else if (TBlock.TryDecode(ref block, ref previousMultiByte, ref previousThreeByte, ref blockOutput, out int count))
            {
                chars += count;
            }
            else
            {
                valid = false;
                break;
            }

            read += TBlock.Size;
        }

        readRef = read + Carried(previousMultiByte, previousThreeByte, TBlock.Size);
        charsRef = chars;
        return valid;
    }

    /// <summary>One block width: its size, its all-ASCII case and its decoding.</summary>
    private interface IBlock
    {
        static abstract int Size { get; }

        // True (and the chars written) if the block is all ASCII.
        static abstract bool TryWidenAscii(ref byte block, ref ushort destination);

        // See DecodeBlock.
        static abstract bool TryDecode(ref byte block, ref uint previousMultiByte, ref uint previousThreeByte, ref ushort destination, out int count);
    }

    /// <summary>Blocks of 16 bytes (SSSE3).</summary>
    private readonly struct Block : IBlock
    {
        public static int Size => BlockSize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryWidenAscii(ref byte block, ref ushort destination)
        {
            Vector128<byte> bytes = Vector128.LoadUnsafe(ref block);
            if (bytes.ExtractMostSignificantBits() != 0)
            {
                return false;
            }

            (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(bytes);
            low.StoreUnsafe(ref destination);
            high.StoreUnsafe(ref destination, (nuint)Vector128<ushort>.Count);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryDecode(ref byte block, ref uint previousMultiByte, ref uint previousThreeByte, ref ushort destination, out int count) =>
            DecodeBlock(Vector128.LoadUnsafe(ref block), Vector128.LoadUnsafe(ref block, 1), Vector128.LoadUnsafe(ref block, 2),
                ref previousMultiByte, ref previousThreeByte, 0xFFFF, ref destination, out count);
    }

    /// <summary>Blocks of 32 bytes (AVX2).</summary>
    private readonly struct WideBlock : IBlock
    {
        public static int Size => 2 * BlockSize;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryWidenAscii(ref byte block, ref ushort destination)
        {
            Vector256<byte> bytes = Vector256.LoadUnsafe(ref block);
            if (bytes.ExtractMostSignificantBits() != 0)
            {
                return false;
            }

            (Vector256<ushort> low, Vector256<ushort> high) = Vector256.Widen(bytes);
            low.StoreUnsafe(ref destination);
            high.StoreUnsafe(ref destination, (nuint)Vector256<ushort>.Count);
            return true;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TryDecode(ref byte block, ref uint previousMultiByte, ref uint previousThreeByte, ref ushort destination, out int count) =>
            DecodeWideBlock(Vector256.LoadUnsafe(ref block), Vector256.LoadUnsafe(ref block, 1), Vector256.LoadUnsafe(ref block, 2),
                ref previousMultiByte, ref previousThreeByte, uint.MaxValue, ref destination, out count);
    }

    // Checks a block of 32 bytes as DecodeBlock does (`next` and `afterNext` are the bytes one and two further, and
    // `previousMultiByte` and `previousThreeByte` the lead lanes of the block before); true, with the block's
    // continuation and lead lanes, if it is valid and has no byte from F0.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TryClassifyWideBlock(Vector256<byte> bytes, Vector256<byte> next, Vector256<byte> afterNext,
        uint previousMultiByte, uint previousThreeByte, out uint continuation, out uint multiByte, out uint threeByte)
    {
        Vector256<byte> invalid = Vector256.GreaterThanOrEqual(bytes, Vector256.Create((byte)0xF0))
            | Vector256.Equals(bytes & Vector256.Create((byte)0xFE), Vector256.Create((byte)0xC0))
            | Vector256.Equals(bytes ^ (Vector256.GreaterThanOrEqual(next, Vector256.Create((byte)0xA0)) & Vector256.Create((byte)0x0D)), Vector256.Create((byte)0xE0));
        continuation = Vector256.LessThan(bytes.AsSByte(), Vector256.Create((sbyte)-64)).ExtractMostSignificantBits();
        multiByte = Vector256.GreaterThanOrEqual(bytes, Vector256.Create((byte)0xC0)).ExtractMostSignificantBits();
        threeByte = Vector256.GreaterThanOrEqual(bytes, Vector256.Create((byte)0xE0)).ExtractMostSignificantBits();
        uint errors = MisplacedContinuations(continuation,
            Vector256.LessThan(next.AsSByte(), Vector256.Create((sbyte)-64)).ExtractMostSignificantBits(),
            Vector256.LessThan(afterNext.AsSByte(), Vector256.Create((sbyte)-64)).ExtractMostSignificantBits(),
            multiByte, threeByte, previousMultiByte, previousThreeByte, WideBlock.Size);
        return (errors | invalid.ExtractMostSignificantBits()) == 0;
    }

    // As DecodeBlock, 32 lanes wide: decodes the lanes set in `lanes` (the others must be zero) into chars at
    // `destination`, of which 32 are writable.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool DecodeWideBlock(Vector256<byte> bytes, Vector256<byte> next, Vector256<byte> afterNext,
        ref uint previousMultiByte, ref uint previousThreeByte, uint lanes, ref ushort destination, out int count)
    {
        if (!TryClassifyWideBlock(bytes, next, afterNext, previousMultiByte, previousThreeByte, out uint continuation, out uint multiByte, out uint threeByte))
        {
            count = 0;
            return false;
        }

        Vector256<byte> multiByteLead = Vector256.GreaterThanOrEqual(bytes, Vector256.Create((byte)0xC0));
        Vector256<byte> threeByteLead = Vector256.GreaterThanOrEqual(bytes, Vector256.Create((byte)0xE0));
        previousMultiByte = multiByte;
        previousThreeByte = threeByte;
        uint leads = ~continuation & lanes;
        Vector256<ushort> charsLow, charsHigh;
        if (threeByte == 0)
        {
            // Only 1- and 2-byte sequences (Greek, Cyrillic, accented Latin): the third byte is not needed.
            charsLow = TwoByteCodePoints(Widen(bytes.GetLower()), Widen(next.GetLower()), WidenMask(multiByteLead.GetLower()));
            charsHigh = TwoByteCodePoints(Widen(bytes.GetUpper()), Widen(next.GetUpper()), WidenMask(multiByteLead.GetUpper()));
        }
        else
        {
            charsLow = CodePoints(Widen(bytes.GetLower()), Widen(next.GetLower()), Widen(afterNext.GetLower()),
                WidenMask(multiByteLead.GetLower()), WidenMask(threeByteLead.GetLower()));
            charsHigh = CodePoints(Widen(bytes.GetUpper()), Widen(next.GetUpper()), Widen(afterNext.GetUpper()),
                WidenMask(multiByteLead.GetUpper()), WidenMask(threeByteLead.GetUpper()));
        }

        int at = Compress(charsLow, leads & 0xFFFF, ref destination, 0);
        count = Compress(charsHigh, leads >> 16, ref destination, at);
        return true;
    }

#if NET10_0_OR_GREATER
    /// <summary>Each of 32 lanes' code point, from its byte (<paramref name="first"/>, widened) and the two after it,
    /// as <c>CodePoints</c> computes it: right for the lanes whose byte leads a 1-, 2- or 3-byte sequence; the other
    /// lanes hold values the caller's compress leaves out.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector512<ushort> CodePoints32(Vector512<ushort> first, Vector256<byte> next, Vector256<byte> afterNext)
    {
        Vector512<ushort> secondBits = Avx512BW.ConvertToVector512UInt16(next) & Vector512.Create((ushort)0x3F);
        return Vector512.ConditionalSelect(
            Vector512.GreaterThanOrEqual(first, Vector512.Create((ushort)0xE0)),
            Vector512.ShiftLeft(first, 12) | Vector512.ShiftLeft(secondBits, 6) | (Avx512BW.ConvertToVector512UInt16(afterNext) & Vector512.Create((ushort)0x3F)),
            Vector512.ConditionalSelect(
                Vector512.GreaterThanOrEqual(first, Vector512.Create((ushort)0xC0)),
                Vector512.ShiftLeft(first & Vector512.Create((ushort)0x1F), 6) | secondBits,
                first));
    }

    /// <summary>
    /// Decodes 1 to <see cref="MaskedLimit"/> bytes (names, cities, labels and short notes in other scripts) 32 bytes
    /// at a time with AVX-512: masked loads read only the input's own bytes (the lanes after them are zero: ASCII NULs,
    /// which are no continuations and are left out), every lane computes its code point in a 16-bit lane of one
    /// 512-bit vector, and one <c>vpcompressw</c> keeps the leads' lanes. No loop setup, no scalar tail, no tables.
    /// <paramref name="destination"/> must hold <see cref="MaskedLimit"/> chars. False for text with a 4-byte sequence
    /// or an error, which the caller then decodes exactly. Only where <c>Avx512Vbmi2.VL</c> is supported.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static unsafe bool TryDecodeMasked(ReadOnlySpan<byte> source, Span<char> destination, out int written)
    {
        Debug.Assert(source.Length is >= 1 and <= MaskedLimit && destination.Length >= MaskedLimit && Avx512Vbmi2.VL.IsSupported,
            "Short text, room for whole blocks, AVX-512 hardware.");
        ref ushort output = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
        int length = source.Length;
        uint previousMultiByte = 0;
        uint previousThreeByte = 0;
        int chars = 0;
        fixed (byte* input = source)
        {
            for (int read = 0; read < length; read += WideBlock.Size)
            {
                // The block, and the bytes one and two further, as far as the input goes.
                int left = length - read;
                Vector256<byte> bytes = MaskedLoad(input + read, left);
                Vector256<byte> next = MaskedLoad(input + read + 1, left - 1);
                Vector256<byte> afterNext = MaskedLoad(input + read + 2, left - 2);

                if (!TryClassifyWideBlock(bytes, next, afterNext, previousMultiByte, previousThreeByte, out _, out uint multiByte, out uint threeByte))
                {
                    written = 0;
                    return false;
                }

                previousMultiByte = multiByte;
                previousThreeByte = threeByte;

                Vector512<ushort> first = Avx512BW.ConvertToVector512UInt16(bytes);
                Vector512<ushort> codePoints = CodePoints32(first, next, afterNext);

                // The leads of the input's own bytes, moved to the front; the stores reach 32 chars past `chars`.
                Vector512<ushort> leads = ~Vector512.Equals(first & Vector512.Create((ushort)0xC0), Vector512.Create((ushort)0x80))
                    & Vector512.LessThan(Vector512<ushort>.Indices, Vector512.Create((ushort)left));
                Avx512Vbmi2.Compress(Vector512<ushort>.Zero, leads, codePoints).StoreUnsafe(ref output, (nuint)chars);
                chars += BitOperations.PopCount(leads.ExtractMostSignificantBits());
            }
        }

        written = chars;
        return true;
    }

    // The first `count` bytes at `address` (none if `count` is below 1, 32 if above), zeros after them.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector256<byte> MaskedLoad(byte* address, int count) =>
        Avx512BW.VL.MaskLoad(address, Vector256.LessThan(Vector256<byte>.Indices, Vector256.Create((byte)Math.Clamp(count, 0, WideBlock.Size))), Vector256<byte>.Zero);
#endif

    // The lanes (bit i for lane i, of a block of `blockSize` lanes) where continuations are not where the leads need
    // them: one after a 2- or 3-byte lead, two after a 3-byte lead, counting from the leads of the block before, and
    // after the block too (in the bytes one and two further).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint MisplacedContinuations(uint continuation, uint continuationNext, uint continuationAfterNext,
        uint multiByte, uint threeByte, uint previousMultiByte, uint previousThreeByte, int blockSize)
    {
        uint expected = (multiByte << 1) | (threeByte << 2) | (previousMultiByte >> (blockSize - 1)) | (previousThreeByte >> (blockSize - 2));
        uint lanes = uint.MaxValue >> (32 - blockSize);
        return ((continuation ^ expected) | (multiByte & ~continuationNext) | (threeByte & ~continuationAfterNext)) & lanes;
    }

    // Stores the lanes of `chars` whose bit is set in `keep` (16 bits) in order from `at`; returns where they end.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Compress(Vector256<ushort> chars, uint keep, ref ushort destination, int at)
    {
        uint keepLow = keep & 0xFF;
        Vector256<byte> compressed = Avx2.Shuffle(chars.AsByte(), Vector256.Create(CompressControl(keepLow), CompressControl(keep >> 8)));
        compressed.GetLower().AsUInt16().StoreUnsafe(ref destination, (nuint)at);
        at += BitOperations.PopCount(keepLow);
        compressed.GetUpper().AsUInt16().StoreUnsafe(ref destination, (nuint)at);
        return at + BitOperations.PopCount(keep >> 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Widen(Vector128<byte> bytes) => Avx2.ConvertToVector256Int16(bytes).AsUInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> WidenMask(Vector128<byte> mask) => Avx2.ConvertToVector256Int16(mask.AsSByte()).AsUInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> TwoByteCodePoints(Vector256<ushort> first, Vector256<ushort> second, Vector256<ushort> multiByte) =>
        Vector256.ConditionalSelect(multiByte, Vector256.ShiftLeft(first & Vector256.Create((ushort)0x1F), 6) | (second & Vector256.Create((ushort)0x3F)), first);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> CodePoints(Vector256<ushort> first, Vector256<ushort> second, Vector256<ushort> third, Vector256<ushort> multiByte, Vector256<ushort> threeByte)
    {
        Vector256<ushort> secondBits = second & Vector256.Create((ushort)0x3F);
        Vector256<ushort> twoBytes = Vector256.ShiftLeft(first & Vector256.Create((ushort)0x1F), 6) | secondBits;
        Vector256<ushort> threeBytes = Vector256.ShiftLeft(first, 12) | Vector256.ShiftLeft(secondBits, 6) | (third & Vector256.Create((ushort)0x3F));
        return Vector256.ConditionalSelect(threeByte, threeBytes, Vector256.ConditionalSelect(multiByte, twoBytes, first));
    }

    // The bytes of the next block that continue a sequence of the block before, from its lead lanes' bit masks.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Carried(uint multiByte, uint threeByte, int blockSize) =>
        (int)((multiByte >> (blockSize - 1)) + (threeByte >> (blockSize - 1)) + ((threeByte >> (blockSize - 2)) & 1));

    // The last 0 to 17 bytes from `read`, a code point boundary; false (with `read` and `chars` where the bytes left
    // start) for bytes to decode exactly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool DecodeTail(ReadOnlySpan<byte> source, Span<char> destination, ref int readRef, ref int charsRef)
    {
        ref byte input = ref MemoryMarshal.GetReference(source);
        int length = source.Length;
        while (true)
        {
            int read = readRef;
            int remaining = length - read;
            if (remaining == 0)
            {
                return true;
            }

            Vector128<byte> bytes, next, afterNext;
            uint lanes;
            if (remaining > BlockSize)
            {
                // 17 bytes: a block in place, whose last lane has no byte two after it (a 3-byte lead there is left to
                // the exact decoder), and then what is left after it.
                bytes = Vector128.LoadUnsafe(ref input, (nuint)read);
                next = Vector128.LoadUnsafe(ref input, (nuint)read + 1);
                afterNext = Sse2.ShiftRightLogical128BitLane(next, 1);
                lanes = 0xFFFF;
            }
            else
            {
                if (length >= BlockSize)
                {
                    // The input's last 16 bytes, with the lanes already decoded cleared to ASCII NULs and left out.
                    lanes = 0xFFFFu << (BlockSize - remaining) & 0xFFFF;
                    bytes = Vector128.LoadUnsafe(ref input, (nuint)(length - BlockSize)) & LaneMask(lanes);
                }
                else if (length >= 8)
                {
                    // All of an input of 8 to 15 bytes, in two overlapping 8-byte loads.
                    lanes = (1u << length) - 1;
                    ulong head = Unsafe.ReadUnaligned<ulong>(ref input);
                    ulong tail = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref input, length - 8)) >> ((16 - length) * 8);
                    bytes = Vector128.Create(head, tail).AsByte();
                }
                else
                {
                    // Fewer than 8 bytes: the exact decoder, whose setup costs little next to a block's.
                    return false;
                }

                // The bytes after the input read as zeros, which are no continuations.
                next = Sse2.ShiftRightLogical128BitLane(bytes, 1);
                afterNext = Sse2.ShiftRightLogical128BitLane(bytes, 2);
            }

            uint previousMultiByte = 0;
            uint previousThreeByte = 0;
            int chars = charsRef;

            // Where the output has no room for the block's 16-char stores, they go to the stack first.
            Vector256<ushort> spare = default;
            bool direct = destination.Length - chars >= BlockSize;
            ref ushort blockOutput = ref direct ? ref Unsafe.Add(ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination)), chars) : ref Unsafe.As<Vector256<ushort>, ushort>(ref spare);
            if (!DecodeBlock(bytes, next, afterNext, ref previousMultiByte, ref previousThreeByte, lanes, ref blockOutput, out int count))
            {
                return false;
            }

            if (!direct)
            {
                MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<ushort, char>(ref blockOutput), count).CopyTo(destination.Slice(chars));
            }

            charsRef = chars + count;

            // A block in place ends after the last sequence that starts in it (1 byte left, or none); the last 16 bytes
            // end the input.
            readRef = remaining > BlockSize ? read + BlockSize + Carried(previousMultiByte, previousThreeByte, BlockSize) : length;
        }
    }

    // Lanes whose bit is set in `lanes` (16 bits) all ones, the others zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> LaneMask(uint lanes)
    {
        // The low byte of the mask in lanes 0..7, the high one in 8..15, each lane testing its own bit.
        Vector128<byte> bits = Vector128.Create((byte)1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128);
        Vector128<byte> spread = Ssse3.Shuffle(Vector128.CreateScalar((ushort)lanes).AsByte(), Vector128.Create((byte)0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1));
        return Vector128.Equals(spread & bits, bits);
    }

    // Decodes a block of 16 bytes (`next` and `afterNext` are the bytes one and two further) into chars at
    // `destination` (of which 16 are writable), if it is valid and has no byte from F0. Only the lanes set in
    // `lanes` are decoded, the others must be zero. The block's first lanes may continue sequences of the block
    // before (`previousMultiByte` and `previousThreeByte`, its lead lanes, which are then replaced by this block's).
    // False for a block to decode exactly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool DecodeBlock(Vector128<byte> bytes, Vector128<byte> next, Vector128<byte> afterNext,
        ref uint previousMultiByte, ref uint previousThreeByte, uint lanes, ref ushort destination, out int count)
    {
        // Each byte's kind: continuations are 80..BF (as signed bytes, the values below -64), 2- and 3-byte leads
        // C0..EF, and everything from F0 goes to the exact decoder.
        Vector128<byte> multiByteLead = Vector128.GreaterThanOrEqual(bytes, Vector128.Create((byte)0xC0));
        Vector128<byte> threeByteLead = Vector128.GreaterThanOrEqual(bytes, Vector128.Create((byte)0xE0));

        // C0 and C1 would encode U+0000..U+007F (overlong); E0 80..9F would encode below U+0800 (overlong), ED A0..BF
        // the surrogates D800..DFFF: those two in one compare, where the 0x0D turns ED into E0 before A0..BF and
        // leaves E0 as it is before 80..9F.
        Vector128<byte> invalid = Vector128.GreaterThanOrEqual(bytes, Vector128.Create((byte)0xF0))
            | Vector128.Equals(bytes & Vector128.Create((byte)0xFE), Vector128.Create((byte)0xC0))
            | Vector128.Equals(bytes ^ (Vector128.GreaterThanOrEqual(next, Vector128.Create((byte)0xA0)) & Vector128.Create((byte)0x0D)), Vector128.Create((byte)0xE0));
        uint continuation = Vector128.LessThan(bytes.AsSByte(), Vector128.Create((sbyte)-64)).ExtractMostSignificantBits();
        uint multiByte = multiByteLead.ExtractMostSignificantBits();
        uint threeByte = threeByteLead.ExtractMostSignificantBits();
        uint errors = MisplacedContinuations(continuation,
            Vector128.LessThan(next.AsSByte(), Vector128.Create((sbyte)-64)).ExtractMostSignificantBits(),
            Vector128.LessThan(afterNext.AsSByte(), Vector128.Create((sbyte)-64)).ExtractMostSignificantBits(),
            multiByte, threeByte, previousMultiByte, previousThreeByte, BlockSize);
        if ((errors | invalid.ExtractMostSignificantBits()) != 0)
        {
            count = 0;
            return false;
        }

        previousMultiByte = multiByte;
        previousThreeByte = threeByte;
        uint leads = ~continuation & lanes;

        (Vector128<ushort> bytesLow, Vector128<ushort> bytesHigh) = Vector128.Widen(bytes);
        (Vector128<ushort> nextLow, Vector128<ushort> nextHigh) = Vector128.Widen(next);
        (Vector128<ushort> afterNextLow, Vector128<ushort> afterNextHigh) = Vector128.Widen(afterNext);
        (Vector128<short> multiByteLow, Vector128<short> multiByteHigh) = Vector128.Widen(multiByteLead.AsSByte());
        (Vector128<short> threeByteLow, Vector128<short> threeByteHigh) = Vector128.Widen(threeByteLead.AsSByte());

        Vector128<ushort> charsLow = CodePoints(bytesLow, nextLow, afterNextLow, multiByteLow.AsUInt16(), threeByteLow.AsUInt16());
        Vector128<ushort> charsHigh = CodePoints(bytesHigh, nextHigh, afterNextHigh, multiByteHigh.AsUInt16(), threeByteHigh.AsUInt16());
        uint leadsLow = leads & 0xFF;
        Ssse3.Shuffle(charsLow.AsByte(), CompressControl(leadsLow)).AsUInt16().StoreUnsafe(ref destination);
        Ssse3.Shuffle(charsHigh.AsByte(), CompressControl(leads >> 8)).AsUInt16().StoreUnsafe(ref destination, (nuint)BitOperations.PopCount(leadsLow));
        count = BitOperations.PopCount(leads);
        return true;
    }

    // The code point each lane's lead starts (ASCII, 2 or 3 bytes), from its byte and the two after it, widened.
    // The shift by 12 drops the 3-byte lead's marker bits out of the 16-bit lane.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> CodePoints(Vector128<ushort> first, Vector128<ushort> second, Vector128<ushort> third, Vector128<ushort> multiByte, Vector128<ushort> threeByte)
    {
        Vector128<ushort> secondBits = second & Vector128.Create((ushort)0x3F);
        Vector128<ushort> twoBytes = Vector128.ShiftLeft(first & Vector128.Create((ushort)0x1F), 6) | secondBits;
        Vector128<ushort> threeBytes = Vector128.ShiftLeft(first, 12) | Vector128.ShiftLeft(secondBits, 6) | (third & Vector128.Create((ushort)0x3F));
        return Vector128.ConditionalSelect(threeByte, threeBytes, Vector128.ConditionalSelect(multiByte, twoBytes, first));
    }

    // The pshufb control that moves the 16-bit lanes set in `keep` (8 bits) to the front, in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> CompressControl(uint keep) =>
        Vector128.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(CompressControls), (nuint)(keep * 16));

    private static readonly byte[] CompressControls = BuildCompressControls();

    private static byte[] BuildCompressControls()
    {
        byte[] controls = new byte[256 * 16];
        for (int keep = 0; keep < 256; keep++)
        {
            // Unused lanes at the end take 0x80, which pshufb turns into zero bytes.
            controls.AsSpan(keep * 16, 16).Fill(0x80);
            int to = 0;
            for (int lane = 0; lane < 8; lane++)
            {
                if ((keep & (1 << lane)) != 0)
                {
                    controls[keep * 16 + to * 2] = (byte)(lane * 2);
                    controls[keep * 16 + to * 2 + 1] = (byte)(lane * 2 + 1);
                    to++;
                }
            }
        }

        return controls;
    }
}
