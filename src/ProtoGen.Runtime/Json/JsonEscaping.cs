using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
#if NET8_0_OR_GREATER
using System.Runtime.Intrinsics;
#endif

namespace ProtoGen.Json;

/// <summary>
/// Which chars of a string Google.Protobuf's JsonFormatter writes as an escape: controls, <c>"</c>, <c>\</c>,
/// <c>&lt;</c>, <c>&gt;</c>, DEL, the C1 controls, a set of invisible format characters (U+00AD, U+0600-0603, U+06DD,
/// U+070F, U+17B4-17B5, U+200B-200F, U+2028-202E, U+2060-2064, U+206A-206F, U+FEFF, U+FFF9-FFFB) and every surrogate
/// (a pair is written as two <c>\uXXXX</c> escapes). Every other char is written as its UTF-8 bytes.
/// </summary>
/// <remarks>
/// <see cref="PlainLength"/> finds the first char to escape 16 chars (AVX2) or 8 chars at a time with the exact
/// predicate of <see cref="NeedsEscape"/> as lane-wise range compares, so runs of plain text, ASCII or not, are found
/// without a branch per char and can be transcoded in bulk.
/// </remarks>
internal static class JsonEscaping
{
    /// <summary>Whether <paramref name="c"/> is written as an escape.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool NeedsEscape(char c)
    {
        if (c < 0x80) return c < 0x20 || c == '"' || c == '\\' || c == '<' || c == '>' || c == 0x7f;
        return c < 0xa0 || NeedsEscapeAbove9F(c);
    }

    private static bool NeedsEscapeAbove9F(char c) => c switch
    {
        '\u00ad' or '\u06dd' or '\u070f' or '\u17b4' or '\u17b5' or '\ufeff' or '\ufff9' or '\ufffa' or '\ufffb' => true,
        >= '\u0600' and <= '\u0603' => true,
        >= '\u200b' and <= '\u200f' => true,
        >= '\u2028' and <= '\u202e' => true,
        >= '\u2060' and <= '\u2064' => true,
        >= '\u206a' and <= '\u206f' => true,
        >= '\ud800' and <= '\udfff' => true,
        _ => false,
    };

    /// <summary>The number of chars at the start of <paramref name="text"/> that are written as themselves.</summary>
    public static int PlainLength(ReadOnlySpan<char> text)
    {
        int i = 0;
#if NET8_0_OR_GREATER
        ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        if (Vector256.IsHardwareAccelerated && text.Length >= Vector256<ushort>.Count)
        {
            int lastBlock = text.Length - Vector256<ushort>.Count;
            while (true)
            {
                uint mask = Escapes(Vector256.LoadUnsafe(ref first, (nuint)i)).ExtractMostSignificantBits();
                if (mask != 0) return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
                if (i == lastBlock) return text.Length;
                // The last block overlaps the one before rather than reading past the text.
                i = Math.Min(i + Vector256<ushort>.Count, lastBlock);
            }
        }
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<ushort>.Count)
        {
            int lastBlock = text.Length - Vector128<ushort>.Count;
            while (true)
            {
                uint mask = Escapes(Vector128.LoadUnsafe(ref first, (nuint)i)).ExtractMostSignificantBits();
                if (mask != 0) return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
                if (i == lastBlock) return text.Length;
                i = Math.Min(i + Vector128<ushort>.Count, lastBlock);
            }
        }
#endif
        for (; i < text.Length; i++)
        {
            if (NeedsEscape(text[i])) return i;
        }
        return text.Length;
    }

#if NET8_0_OR_GREATER
    // All-ones in the lanes whose char NeedsEscape; each range lo..hi is one unsigned compare of c - lo with hi - lo.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ushort> Escapes(Vector256<ushort> c)
    {
        Vector256<ushort> ascii = Vector256.LessThan(c, Vector256.Create((ushort)0x20))
            | Vector256.Equals(c, Vector256.Create((ushort)'"'))
            | Vector256.Equals(c, Vector256.Create((ushort)'\\'))
            | Vector256.Equals(c | Vector256.Create((ushort)2), Vector256.Create((ushort)'>')) // '<' and '>'
            | InRange(c, 0x7f, 0x9f);
        if (Vector256.LessThanAll(c, Vector256.Create((ushort)0xa0))) return ascii;
        return ascii
            | Vector256.Equals(c, Vector256.Create((ushort)0xad))
            | InRange(c, 0x600, 0x603)
            | Vector256.Equals(c, Vector256.Create((ushort)0x6dd))
            | Vector256.Equals(c, Vector256.Create((ushort)0x70f))
            | InRange(c, 0x17b4, 0x17b5)
            | InRange(c, 0x200b, 0x200f)
            | InRange(c, 0x2028, 0x202e)
            | InRange(c, 0x2060, 0x2064)
            | InRange(c, 0x206a, 0x206f)
            | InRange(c, 0xd800, 0xdfff)
            | Vector256.Equals(c, Vector256.Create((ushort)0xfeff))
            | InRange(c, 0xfff9, 0xfffb);

        static Vector256<ushort> InRange(Vector256<ushort> c, ushort lo, ushort hi) =>
            Vector256.LessThanOrEqual(c - Vector256.Create(lo), Vector256.Create((ushort)(hi - lo)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ushort> Escapes(Vector128<ushort> c)
    {
        Vector128<ushort> ascii = Vector128.LessThan(c, Vector128.Create((ushort)0x20))
            | Vector128.Equals(c, Vector128.Create((ushort)'"'))
            | Vector128.Equals(c, Vector128.Create((ushort)'\\'))
            | Vector128.Equals(c | Vector128.Create((ushort)2), Vector128.Create((ushort)'>'))
            | InRange(c, 0x7f, 0x9f);
        if (Vector128.LessThanAll(c, Vector128.Create((ushort)0xa0))) return ascii;
        return ascii
            | Vector128.Equals(c, Vector128.Create((ushort)0xad))
            | InRange(c, 0x600, 0x603)
            | Vector128.Equals(c, Vector128.Create((ushort)0x6dd))
            | Vector128.Equals(c, Vector128.Create((ushort)0x70f))
            | InRange(c, 0x17b4, 0x17b5)
            | InRange(c, 0x200b, 0x200f)
            | InRange(c, 0x2028, 0x202e)
            | InRange(c, 0x2060, 0x2064)
            | InRange(c, 0x206a, 0x206f)
            | InRange(c, 0xd800, 0xdfff)
            | Vector128.Equals(c, Vector128.Create((ushort)0xfeff))
            | InRange(c, 0xfff9, 0xfffb);

        static Vector128<ushort> InRange(Vector128<ushort> c, ushort lo, ushort hi) =>
            Vector128.LessThanOrEqual(c - Vector128.Create(lo), Vector128.Create((ushort)(hi - lo)));
    }
#endif
}
