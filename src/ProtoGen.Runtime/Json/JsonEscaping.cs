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
/// <see cref="PlainLength"/> finds the first char to escape a vector at a time (16 chars with AVX2, else 8) with the
/// predicate of <see cref="NeedsEscape"/> as lane-wise range compares, so runs of plain text, ASCII or not, are found
/// without a branch per char and can be transcoded in bulk. The scan and the vector rule are written once, generic over
/// the vector width (<c>IVectorWidth&lt;TVector&gt;</c>, on .NET 8 and later); a test checks the rule against
/// <see cref="NeedsEscape"/> for every char at every lane of both widths.
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
#if NET8_0_OR_GREATER
        if (Vector256.IsHardwareAccelerated && text.Length >= Vector256<ushort>.Count)
        {
            return PlainLength<Vector256<ushort>, Width256>(text);
        }
        if (Vector128.IsHardwareAccelerated && text.Length >= Vector128<ushort>.Count)
        {
            return PlainLength<Vector128<ushort>, Width128>(text);
        }
#endif
        for (int i = 0; i < text.Length; i++)
        {
            if (NeedsEscape(text[i])) return i;
        }
        return text.Length;
    }

#if NET8_0_OR_GREATER
    // text holds at least one vector of chars.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PlainLength<TVector, TWidth>(ReadOnlySpan<char> text)
        where TVector : struct
        where TWidth : struct, IVectorWidth<TVector>
    {
        ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        int lastBlock = text.Length - TWidth.Count;
        int i = 0;
        while (true)
        {
            uint mask = TWidth.MostSignificantBits(Escapes<TVector, TWidth>(TWidth.Load(ref first, (nuint)i)));
            if (mask != 0) return i + System.Numerics.BitOperations.TrailingZeroCount(mask);
            if (i == lastBlock) return text.Length;
            // The last block overlaps the one before rather than reading past the text.
            i = Math.Min(i + TWidth.Count, lastBlock);
        }
    }

    // All-ones in the lanes whose char NeedsEscape; each range lo..hi is one unsigned compare of c - lo with hi - lo.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TVector Escapes<TVector, TWidth>(TVector c)
        where TVector : struct
        where TWidth : struct, IVectorWidth<TVector>
    {
        TVector escapes = TWidth.LessThan(c, TWidth.Create(0x20));
        escapes = TWidth.Or(escapes, Is(c, '"'));
        escapes = TWidth.Or(escapes, Is(c, '\\'));
        escapes = TWidth.Or(escapes, Is(TWidth.Or(c, TWidth.Create(2)), '>')); // '<' and '>'
        escapes = TWidth.Or(escapes, In(c, 0x7f, 0x9f));
        if (TWidth.LessThanAll(c, TWidth.Create(0xa0))) return escapes;
        escapes = TWidth.Or(escapes, Is(c, 0xad));
        escapes = TWidth.Or(escapes, In(c, 0x600, 0x603));
        escapes = TWidth.Or(escapes, Is(c, 0x6dd));
        escapes = TWidth.Or(escapes, Is(c, 0x70f));
        escapes = TWidth.Or(escapes, In(c, 0x17b4, 0x17b5));
        escapes = TWidth.Or(escapes, In(c, 0x200b, 0x200f));
        escapes = TWidth.Or(escapes, In(c, 0x2028, 0x202e));
        escapes = TWidth.Or(escapes, In(c, 0x2060, 0x2064));
        escapes = TWidth.Or(escapes, In(c, 0x206a, 0x206f));
        escapes = TWidth.Or(escapes, In(c, 0xd800, 0xdfff));
        escapes = TWidth.Or(escapes, Is(c, 0xfeff));
        return TWidth.Or(escapes, In(c, 0xfff9, 0xfffb));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static TVector Is(TVector c, ushort value) => TWidth.Equal(c, TWidth.Create(value));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static TVector In(TVector c, ushort lo, ushort hi) =>
            TWidth.LessThanOrEqual(TWidth.Subtract(c, TWidth.Create(lo)), TWidth.Create((ushort)(hi - lo)));
    }

    /// <summary>The lane-wise operations on vectors of ushort the scan uses, for one vector width. Implemented by
    /// structs, so each width gets its own compiled copy of the scan with these calls inlined.</summary>
    private interface IVectorWidth<TVector>
        where TVector : struct
    {
        static abstract int Count { get; }

        static abstract TVector Load(ref ushort source, nuint index);

        static abstract TVector Create(ushort value);

        static abstract TVector Equal(TVector left, TVector right);

        static abstract TVector LessThan(TVector left, TVector right);

        static abstract TVector LessThanOrEqual(TVector left, TVector right);

        static abstract bool LessThanAll(TVector left, TVector right);

        static abstract TVector Or(TVector left, TVector right);

        static abstract TVector Subtract(TVector left, TVector right);

        static abstract uint MostSignificantBits(TVector vector);
    }

    private readonly struct Width256 : IVectorWidth<Vector256<ushort>>
    {
        public static int Count => Vector256<ushort>.Count;

        public static Vector256<ushort> Load(ref ushort source, nuint index) => Vector256.LoadUnsafe(ref source, index);

        public static Vector256<ushort> Create(ushort value) => Vector256.Create(value);

        public static Vector256<ushort> Equal(Vector256<ushort> left, Vector256<ushort> right) => Vector256.Equals(left, right);

        public static Vector256<ushort> LessThan(Vector256<ushort> left, Vector256<ushort> right) => Vector256.LessThan(left, right);

        public static Vector256<ushort> LessThanOrEqual(Vector256<ushort> left, Vector256<ushort> right) => Vector256.LessThanOrEqual(left, right);

        public static bool LessThanAll(Vector256<ushort> left, Vector256<ushort> right) => Vector256.LessThanAll(left, right);

        public static Vector256<ushort> Or(Vector256<ushort> left, Vector256<ushort> right) => left | right;

        public static Vector256<ushort> Subtract(Vector256<ushort> left, Vector256<ushort> right) => left - right;

        public static uint MostSignificantBits(Vector256<ushort> vector) => vector.ExtractMostSignificantBits();
    }

    private readonly struct Width128 : IVectorWidth<Vector128<ushort>>
    {
        public static int Count => Vector128<ushort>.Count;

        public static Vector128<ushort> Load(ref ushort source, nuint index) => Vector128.LoadUnsafe(ref source, index);

        public static Vector128<ushort> Create(ushort value) => Vector128.Create(value);

        public static Vector128<ushort> Equal(Vector128<ushort> left, Vector128<ushort> right) => Vector128.Equals(left, right);

        public static Vector128<ushort> LessThan(Vector128<ushort> left, Vector128<ushort> right) => Vector128.LessThan(left, right);

        public static Vector128<ushort> LessThanOrEqual(Vector128<ushort> left, Vector128<ushort> right) => Vector128.LessThanOrEqual(left, right);

        public static bool LessThanAll(Vector128<ushort> left, Vector128<ushort> right) => Vector128.LessThanAll(left, right);

        public static Vector128<ushort> Or(Vector128<ushort> left, Vector128<ushort> right) => left | right;

        public static Vector128<ushort> Subtract(Vector128<ushort> left, Vector128<ushort> right) => left - right;

        public static uint MostSignificantBits(Vector128<ushort> vector) => vector.ExtractMostSignificantBits();
    }
#endif
}
