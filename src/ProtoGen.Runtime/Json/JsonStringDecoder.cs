#if NET10_0_OR_GREATER
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ProtoGen.Wire;

namespace ProtoGen.Json;

/// <summary>
/// Decodes a JSON string's content (the bytes between its quotes, whose escapes the reader's scan has checked) to
/// UTF-16 in one pass with AVX-512: escapes and UTF-8 together, 64 bytes at a time, strict about the UTF-8 exactly as
/// <c>new UTF8Encoding(false, throwOnInvalidBytes: true)</c> is (overlong forms, UTF-8-encoded surrogates, code points
/// above U+10FFFF, stray, missing or truncated continuations are all errors).
/// </summary>
/// <remarks>
/// <para>
/// Each block of 64 bytes is loaded with the 64 bytes one and two further (masked loads at the end of the content, the
/// lanes past it zero: ASCII NULs, which are no continuations and are not decoded). Lane-wise compares classify every
/// byte; a continuation must be exactly where a 2- or 3-byte lead (in this block or in the last two lanes of the block
/// before) needs it, every lead must have its continuations, and C0/C1, E0 80..9F (overlong) and ED A0..BF
/// (surrogates) are errors. Each lead lane computes its code point from its own byte and the two after it in a 16-bit
/// lane, and <c>vpcompressw</c> keeps the leads' lanes, 32 at a time. An all-ASCII block is only widened.
/// </para>
/// <para>
/// A block stops at its first backslash or byte from F0 (a 4-byte lead, or a byte never valid in UTF-8): the lanes
/// before it are validated and decoded, then the escapes there (or the one 4-byte sequence, validated byte by byte)
/// are written as chars, and the next block starts right after them. Validating only the lanes before the stop is
/// complete: a lane's checks read its own byte and the two after it, all real input, so a sequence cut by the stop
/// fails at its lead, and the lanes from the stop on are checked again by the block that starts after it.
/// </para>
/// <para>
/// Output is written in whole 32-char stores from a position never ahead of the bytes consumed (UTF-8 and escapes are
/// never shorter in bytes than in chars), so the destination needs <see cref="Slack"/> chars beyond the content's
/// length.
/// </para>
/// </remarks>
internal static class JsonStringDecoder
{
    private const int BlockSize = 64;

    /// <summary>The chars the destination needs beyond the content's length in bytes.</summary>
    internal const int Slack = BlockSize;

    /// <summary>Whether <see cref="Decode"/> can run here: AVX-512 with <c>vpcompressw</c>, and the UTF-8 escape hatch
    /// (<c>ProtoGen.Utf8.UseFrameworkEncoding</c>) off.</summary>
    internal static bool IsSupported => Avx512Vbmi2.VL.IsSupported && Avx512BW.IsSupported && !Utf8Transcoder.UseFrameworkEncoding;

    /// <summary>
    /// Decodes <paramref name="value"/> (a string's content, its escapes already checked to be well-formed with paired
    /// surrogates) into <paramref name="destination"/>, which must hold <c>value.Length + Slack</c> chars; the number of
    /// chars, or -1 if the UTF-8 is not valid. Only where <see cref="IsSupported"/>.
    /// </summary>
    [SkipLocalsInit]
    internal static unsafe int Decode(ReadOnlySpan<byte> value, Span<char> destination)
    {
        if (destination.Length < value.Length + Slack) throw new ArgumentException("The destination needs room for whole blocks.", nameof(destination));
        int length = value.Length;
        int read = 0;
        int chars = 0;
        ulong previousMultiByte = 0;
        ulong previousThreeByte = 0;
        fixed (byte* input = value)
        fixed (char* outputChars = destination)
        {
            ushort* output = (ushort*)outputChars;
            while (read < length)
            {
                int left = length - read;
                Vector512<byte> bytes, next, afterNext;
                if (left >= BlockSize + 2)
                {
                    bytes = Vector512.Load(input + read);
                    next = Vector512.Load(input + read + 1);
                    afterNext = Vector512.Load(input + read + 2);
                }
                else
                {
                    bytes = MaskedLoad(input + read, left);
                    next = MaskedLoad(input + read + 1, left - 1);
                    afterNext = MaskedLoad(input + read + 2, left - 2);
                }

                // Where the block stops: its first escape or byte from F0 (the zeros past the content are neither).
                ulong stops = (Vector512.Equals(bytes, Vector512.Create((byte)'\\')) | Vector512.GreaterThanOrEqual(bytes, Vector512.Create((byte)0xF0))).ExtractMostSignificantBits();
                ulong nonAscii = bytes.ExtractMostSignificantBits();
                int decodable = stops == 0 ? Math.Min(left, BlockSize) : BitOperations.TrailingZeroCount(stops);
                if (nonAscii == 0)
                {
                    // All ASCII: widened as they are; the chars past `decodable` are overwritten or beyond the result.
                    Avx512BW.ConvertToVector512UInt16(bytes.GetLower()).Store(output + chars);
                    Avx512BW.ConvertToVector512UInt16(bytes.GetUpper()).Store(output + chars + 32);
                    chars += decodable;
                    previousMultiByte = 0;
                    previousThreeByte = 0;
                }
                else
                {
                    ulong continuation = Vector512.LessThan(bytes.AsSByte(), Vector512.Create((sbyte)-64)).ExtractMostSignificantBits();
                    ulong multiByte = Vector512.GreaterThanOrEqual(bytes, Vector512.Create((byte)0xC0)).ExtractMostSignificantBits();
                    ulong threeByte = Vector512.GreaterThanOrEqual(bytes, Vector512.Create((byte)0xE0)).ExtractMostSignificantBits();
                    ulong continuationNext = Vector512.LessThan(next.AsSByte(), Vector512.Create((sbyte)-64)).ExtractMostSignificantBits();
                    ulong continuationAfterNext = Vector512.LessThan(afterNext.AsSByte(), Vector512.Create((sbyte)-64)).ExtractMostSignificantBits();

                    // C0 and C1 would encode U+0000..U+007F (overlong); E0 80..9F would encode below U+0800 (overlong),
                    // ED A0..BF the surrogates: those two in one compare, where the 0x0D turns ED into E0 before A0..BF
                    // and leaves E0 as it is before 80..9F.
                    ulong invalid = (Vector512.Equals(bytes & Vector512.Create((byte)0xFE), Vector512.Create((byte)0xC0))
                        | Vector512.Equals(bytes ^ (Vector512.GreaterThanOrEqual(next, Vector512.Create((byte)0xA0)) & Vector512.Create((byte)0x0D)), Vector512.Create((byte)0xE0)))
                        .ExtractMostSignificantBits();

                    // Continuations exactly where leads need them (those of the block before's last two lanes included),
                    // and every lead followed by its own.
                    ulong expected = (multiByte << 1) | (threeByte << 2) | (previousMultiByte >> 63) | (previousThreeByte >> 62);
                    ulong errors = (continuation ^ expected) | (multiByte & ~continuationNext) | (threeByte & ~continuationAfterNext) | invalid;
                    if (stops != 0)
                    {
                        errors &= (1UL << decodable) - 1;
                    }

                    if (errors != 0)
                    {
                        return -1;
                    }

                    previousMultiByte = multiByte;
                    previousThreeByte = threeByte;

                    // Each lane's code point from its byte and the two after it; the shift by 12 drops a 3-byte lead's
                    // marker bits out of the 16-bit lane.
                    chars = DecodeHalf(bytes.GetLower(), next.GetLower(), afterNext.GetLower(), decodable, output, chars);
                    chars = DecodeHalf(bytes.GetUpper(), next.GetUpper(), afterNext.GetUpper(), decodable - 32, output, chars);
                }

                if (stops == 0)
                {
                    read += BlockSize;
                    continue;
                }

                // The stop: escapes (one call takes a surrogate pair's two), or a 4-byte sequence; the next block starts
                // after it, on a code point boundary.
                read += decodable;
                previousMultiByte = 0;
                previousThreeByte = 0;
                if (input[read] == (byte)'\\')
                {
                    read = JsonReader.Unescape(value, read, out int codePoint);
                    chars = WriteCodePoint(codePoint, output, chars);
                }
                else
                {
                    chars = DecodeFourBytes(input, length, read, output, chars);
                    if (chars < 0) return -1;
                    read += 4;
                }
            }
        }

        return chars;
    }

    // Decodes the lanes of a 32-byte half block below `decodable` (counted from the half's first lane) that are not
    // continuations, into chars at output + chars; returns where they end.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int DecodeHalf(Vector256<byte> bytes, Vector256<byte> next, Vector256<byte> afterNext, int decodable, ushort* output, int chars)
    {
        if (decodable <= 0) return chars;
        Vector512<ushort> first = Avx512BW.ConvertToVector512UInt16(bytes);
        Vector512<ushort> codePoints = Utf8Decoder.CodePoints32(first, next, afterNext);
        Vector512<ushort> leads = ~Vector512.Equals(first & Vector512.Create((ushort)0xC0), Vector512.Create((ushort)0x80))
            & Vector512.LessThan(Vector512<ushort>.Indices, Vector512.Create((ushort)Math.Min(decodable, 32)));
        Avx512Vbmi2.Compress(Vector512<ushort>.Zero, leads, codePoints).Store(output + chars);
        return chars + BitOperations.PopCount(leads.ExtractMostSignificantBits());
    }

    // The 4-byte sequence at `read` (its lead from F0), validated as the strict decoder does: F0 needs 90..BF after it
    // (below is overlong), F4 needs 80..8F (above is past U+10FFFF), F5..FF are never valid. Writes its surrogate pair
    // at output + chars; returns where the chars end, or -1.
    private static unsafe int DecodeFourBytes(byte* input, int length, int read, ushort* output, int chars)
    {
        uint lead = input[read];
        if (lead > 0xF4 || length - read < 4) return -1;
        uint second = input[read + 1];
        uint third = input[read + 2];
        uint fourth = input[read + 3];
        uint low = lead == 0xF0 ? 0x90u : 0x80u;
        uint high = lead == 0xF4 ? 0x8Fu : 0xBFu;
        if (second < low || second > high || (third & 0xC0) != 0x80 || (fourth & 0xC0) != 0x80) return -1;
        int codePoint = (int)(((lead & 0x07) << 18) | ((second & 0x3F) << 12) | ((third & 0x3F) << 6) | (fourth & 0x3F));
        return WriteCodePoint(codePoint, output, chars);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe int WriteCodePoint(int codePoint, ushort* output, int chars)
    {
        if (codePoint < 0x10000)
        {
            output[chars] = (ushort)codePoint;
            return chars + 1;
        }

        codePoint -= 0x10000;
        output[chars] = (ushort)(0xD800 + (codePoint >> 10));
        output[chars + 1] = (ushort)(0xDC00 + (codePoint & 0x3FF));
        return chars + 2;
    }

    // The first `count` bytes at `address` (none if `count` is below 1, 64 if above), zeros after them; no byte past
    // them is read.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe Vector512<byte> MaskedLoad(byte* address, int count) =>
        Avx512BW.MaskLoad(address, Vector512.LessThan(Vector512<byte>.Indices, Vector512.Create((byte)Math.Clamp(count, 0, BlockSize))), Vector512<byte>.Zero);
}
#endif
