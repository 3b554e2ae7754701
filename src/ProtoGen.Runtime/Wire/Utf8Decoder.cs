using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text.Unicode;

namespace ProtoGen.Wire;

/// <summary>
/// Decodes strict UTF-8 to UTF-16, accepting exactly what <c>Utf8.ToUtf16(..., replaceInvalidSequences: false)</c>
/// accepts and writing the same chars, 16 bytes at a time where the text has no 4-byte sequences.
/// </summary>
/// <remarks>
/// .NET's decoder vectorizes ASCII only and takes 2- and 3-byte text (Greek, Cyrillic, CJK) a few bytes at a time.
/// Here each block of 16 bytes starts on a code point boundary, and the block's lead bytes are its 16 lanes:
/// <list type="number">
/// <item>All ASCII: the bytes are widened to chars.</item>
/// <item>Otherwise the block is validated with lane-wise compares over three loads, at offsets 0, 1 and 2: every
/// continuation byte must be the second byte after a 2- or 3-byte lead or the third after a 3-byte lead, and every
/// lead must have its continuations (in the two bytes after the block too); C0/C1, E0 before 80..9F (overlong) and
/// ED before A0..BF (surrogates) are errors. Each lane then computes the code point its lead starts from its own
/// byte and the two after it, in 16-bit lanes, and the continuation lanes are squeezed out with a pshufb whose
/// control comes from a table indexed by the lanes kept (8 at a time). The next block starts after the last
/// sequence that started in this one, so no state carries over.</item>
/// <item>A block with a byte from F0 (4-byte leads, and the bytes that are never valid) or that fails the
/// validation is decoded by Utf8.ToUtf16 itself, 16 bytes at a time: it decodes the 4-byte sequences, and says
/// exactly which inputs are invalid.</item>
/// </list>
/// The last bytes are copied into a zero-padded buffer and decoded as one more block, so no load reads past the
/// input. Needs SSSE3 for pshufb; without it, everything goes to Utf8.ToUtf16.
/// </remarks>
internal static class Utf8Decoder
{
    private const int BlockSize = 16;

    // A block reads two bytes past its 16: the continuations of a sequence that starts in its last two lanes.
    private const int BlockReadSize = BlockSize + 2;

    /// <summary>
    /// Decodes <paramref name="source"/> into <paramref name="destination"/>, which must hold at least
    /// <c>source.Length</c> chars (UTF-8 never has fewer bytes than UTF-16 chars); false if it is not valid UTF-8.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<char> destination, out int written) =>
        Ssse3.IsSupported ? TryDecodeVector(source, destination, out written) : TryDecodeScalar(source, destination, out written);

    /// <summary>The decoding without vector instructions (internal so that tests cover it on any machine).</summary>
    internal static bool TryDecodeScalar(ReadOnlySpan<byte> source, Span<char> destination, out int written) =>
        Utf8.ToUtf16(source, destination, out _, out written, replaceInvalidSequences: false) == OperationStatus.Done;

    /// <summary>The decoding in blocks of 16 bytes; only where SSSE3 is supported.</summary>
    [SkipLocalsInit]
    internal static bool TryDecodeVector(ReadOnlySpan<byte> source, Span<char> destination, out int written)
    {
        if (destination.Length < source.Length)
        {
            throw new ArgumentException("The destination must hold a char per source byte.", nameof(destination));
        }

        ref byte input = ref MemoryMarshal.GetReference(source);
        ref ushort output = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(destination));
        int length = source.Length;
        int read = 0;
        written = 0;

        // Blocks in place while all 18 bytes a block reads are in the input. A block's stores write 16 chars at most
        // from `written`, which is never ahead of `read`: they stay within the first `length` chars of the output.
        while (length - read >= BlockReadSize)
        {
            int consumed = DecodeBlock(ref Unsafe.Add(ref input, read), ref Unsafe.Add(ref output, written), out uint leads);
            if (consumed == 0)
            {
                if (!DecodeExactly(source, destination, ref read, ref written))
                {
                    return false;
                }

                continue;
            }

            read += consumed;
            written += BitOperations.PopCount(leads);
        }

        if (read < length)
        {
            return DecodeTail(source, destination, read, ref written);
        }

        return true;
    }

    // The last 1 to 17 bytes: copied into a zeroed buffer (zeros are ASCII, and no continuation), decoded as a block
    // into a buffer of 16 chars, of which the chars of the real bytes are copied out.
    [SkipLocalsInit]
    private static bool DecodeTail(ReadOnlySpan<byte> source, Span<char> destination, int read, ref int written)
    {
        Span<byte> padded = stackalloc byte[2 * BlockSize];
        Span<char> chars = stackalloc char[BlockSize];
        ref byte paddedBytes = ref MemoryMarshal.GetReference(padded);
        ref ushort blockChars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(chars));
        int length = source.Length;
        while (read < length)
        {
            int remaining = length - read;
            Vector128<byte>.Zero.StoreUnsafe(ref paddedBytes);
            Vector128<byte>.Zero.StoreUnsafe(ref paddedBytes, BlockSize);
            source.Slice(read).CopyTo(padded);
            int consumed = DecodeBlock(ref paddedBytes, ref blockChars, out uint leads);
            if (consumed == 0)
            {
                if (!DecodeExactly(source, destination, ref read, ref written))
                {
                    return false;
                }

                continue;
            }

            // The padding's lanes decode to NULs: only the lanes of real bytes count. A valid block that is not the
            // last one ends on a sequence that the padding completes no further than the real bytes.
            uint realLanes = remaining >= BlockSize ? 0xFFFFu : (1u << remaining) - 1;
            int count = BitOperations.PopCount(leads & realLanes);
            chars.Slice(0, count).CopyTo(destination.Slice(written));
            written += count;
            read += Math.Min(consumed, remaining);
        }

        return true;
    }

    // The next 16 bytes (fewer at the end) by .NET's own decoder: the blocks with 4-byte sequences, and the ones that
    // failed validation, where it decides exactly what is invalid. A sequence cut off at the end of those bytes is
    // left for the next block (it needs more data), unless it is the end of the input. 16 bytes always hold a whole
    // sequence or an invalid one, so it advances or fails.
    private static bool DecodeExactly(ReadOnlySpan<byte> source, Span<char> destination, ref int read, ref int written)
    {
        ReadOnlySpan<byte> bytes = source.Slice(read, Math.Min(BlockSize, source.Length - read));
        OperationStatus status = Utf8.ToUtf16(bytes, destination.Slice(written), out int bytesRead, out int charsWritten,
            replaceInvalidSequences: false, isFinalBlock: read + bytes.Length == source.Length);
        read += bytesRead;
        written += charsWritten;
        return status is OperationStatus.Done or OperationStatus.NeedMoreData && bytesRead > 0;
    }

    // Decodes the block of 16 bytes at `block` (of which 18 are readable) into chars at `destination` (of which 16
    // are writable), if it is valid and has no byte from F0: returns the bytes it took (16 up to 18) and sets a bit
    // in `leads` for every lane that started a char. Returns 0 for a block to decode exactly.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int DecodeBlock(ref byte block, ref ushort destination, out uint leads)
    {
        Vector128<byte> bytes = Vector128.LoadUnsafe(ref block);
        if (bytes.ExtractMostSignificantBits() == 0)
        {
            (Vector128<ushort> low, Vector128<ushort> high) = Vector128.Widen(bytes);
            low.StoreUnsafe(ref destination);
            high.StoreUnsafe(ref destination, 8);
            leads = 0xFFFF;
            return BlockSize;
        }

        Vector128<byte> next = Vector128.LoadUnsafe(ref block, 1);
        Vector128<byte> afterNext = Vector128.LoadUnsafe(ref block, 2);

        // Each byte's kind: continuations are 80..BF, 2- and 3-byte leads C0..EF (C0 and C1 rejected below),
        // everything from F0 goes to the exact decoder.
        Vector128<byte> continuation = IsContinuation(bytes);
        Vector128<byte> multiByteLead = Vector128.GreaterThanOrEqual(bytes, Vector128.Create((byte)0xC0));
        Vector128<byte> threeByteLead = Vector128.GreaterThanOrEqual(bytes, Vector128.Create((byte)0xE0));
        Vector128<byte> fourByteOrInvalid = Vector128.GreaterThanOrEqual(bytes, Vector128.Create((byte)0xF0));

        // The lanes that must be continuations: one after a 2- or 3-byte lead, two after a 3-byte lead. Lane 0 never
        // is (the block starts on a boundary), so the shifts bring in zeros. The lanes after the block are checked
        // from the leads' side.
        Vector128<byte> expectedContinuation = Sse2.ShiftLeftLogical128BitLane(multiByteLead, 1) | Sse2.ShiftLeftLogical128BitLane(threeByteLead, 2);
        Vector128<byte> errors = (continuation ^ expectedContinuation)
            | Vector128.AndNot(multiByteLead, IsContinuation(next))
            | Vector128.AndNot(threeByteLead, IsContinuation(afterNext))
            | fourByteOrInvalid
            // C0 and C1 would encode U+0000..U+007F (overlong).
            | Vector128.Equals(bytes & Vector128.Create((byte)0xFE), Vector128.Create((byte)0xC0))
            // E0 80..9F would encode below U+0800 (overlong), ED A0..BF the surrogates D800..DFFF.
            | (Vector128.Equals(bytes, Vector128.Create((byte)0xE0)) & Vector128.LessThan(next, Vector128.Create((byte)0xA0)))
            | (Vector128.Equals(bytes, Vector128.Create((byte)0xED)) & Vector128.GreaterThanOrEqual(next, Vector128.Create((byte)0xA0)));
        if (errors != Vector128<byte>.Zero)
        {
            leads = 0;
            return 0;
        }

        leads = ~continuation.ExtractMostSignificantBits() & 0xFFFF;
        uint multiByteLeads = multiByteLead.ExtractMostSignificantBits();
        uint threeByteLeads = threeByteLead.ExtractMostSignificantBits();

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

        // The continuations after the block: two for a 3-byte lead in lane 15, one for a 2-byte lead there or a
        // 3-byte lead in lane 14.
        return BlockSize + (int)((multiByteLeads >> 15) + (threeByteLeads >> 15) + ((threeByteLeads >> 14) & 1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> IsContinuation(Vector128<byte> bytes) =>
        Vector128.Equals(bytes & Vector128.Create((byte)0xC0), Vector128.Create((byte)0x80));

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
