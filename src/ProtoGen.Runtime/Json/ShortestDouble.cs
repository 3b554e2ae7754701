#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ProtoGen.Json;

/// <summary>
/// Writes a finite double other than zero and the powers of two as the exact text of <c>double.TryFormat(..., "R",
/// InvariantCulture)</c> with the exponent mark in lower case: the shortest digits that parse back to the same double
/// (the closest of them, ties to even), found by the Ryu algorithm (Ulf Adams, PLDI 2018) in 64-bit integer arithmetic
/// instead of .NET's Grisu and Dragon4, then laid out as .NET lays out the "R" digits.
/// </summary>
/// <remarks>
/// For a double whose mantissa bits are not all zero the rounding interval is symmetric, and both algorithms return
/// its unique closest shortest digits, so the digits agree; the powers of two, where .NET's digits sometimes differ,
/// are left to the framework. The layout follows .NET's general format for the round-trip specifier: fixed notation
/// while the decimal point lies within <c>max(digits, 17)</c> places after the first digit and no more than three
/// zeros follow the point, else <c>d.ddde+XX</c> with a signed exponent of at least two digits. <c>JsonFloatTests</c>
/// compares the two texts on random bit patterns, the neighbours of every power of two and of ten, integers, short
/// decimals and the edges of each layout.
/// </remarks>
internal static class ShortestDouble
{
    private const int MantissaBits = 52;
    private const int ExponentBias = 1023;
    private const int Pow5InverseBitCount = 125;
    private const int Pow5BitCount = 125;

    // floor(2^(bits(5^i) - 1 + 125) / 5^i) + 1 and 5^i scaled to 125 bits, as (low, high) halves: the largest i each
    // table needs are 291 (binary exponents up to 969) and 325 (down to -1076).
    private static readonly ulong[] Pow5InverseSplit = Table(292, inverse: true);
    private static readonly ulong[] Pow5Split = Table(326, inverse: false);

    /// <summary>The room the destination needs: the longest text is 24 bytes (a sign, 17 digits, a point and
    /// "e-324"; fixed notation at most a sign, "0.000" and 17 digits).</summary>
    public const int MaxLength = 32;

    /// <summary>Writes <paramref name="value"/> (finite) to <paramref name="destination"/> (at least
    /// <see cref="MaxLength"/> bytes); false, with nothing written, for zero and the exact powers of two, whose text
    /// the caller takes from the framework: for some of them .NET's digits are those of a wider interval below the
    /// value than the one that rounds to it (2^-25 is "2.980232238769531E-08", where Ryu finds 17 digits).</summary>
    public static bool TryFormat(double value, Span<byte> destination, out int written)
    {
        ulong bits = BitConverter.DoubleToUInt64Bits(value);
        ulong mantissa = bits & ((1UL << MantissaBits) - 1);
        int exponent = (int)(bits >> MantissaBits) & 0x7FF;
        if (mantissa == 0)
        {
            written = 0;
            return false;
        }
        (ulong digits, int exponent10) = Shortest(mantissa, exponent);
        written = Layout(destination, (long)bits < 0, digits, exponent10);
        return true;
    }

    // The digits as .NET's "R" lays them out (exponent mark in lower case).
    private static int Layout(Span<byte> destination, bool negative, ulong digits, int exponent10)
    {
        int p = 0;
        if (negative) destination[p++] = (byte)'-';
        int length = DecimalLength(digits);
        // value = 0.d1d2...dn x 10^scale
        int scale = length + exponent10;
        if (scale > Math.Max(length, 17) || scale < -3)
        {
            // d.ddd e(+|-)XX
            WriteDigits(destination.Slice(p + 1, length), digits);
            destination[p] = destination[p + 1];
            p++;
            if (length > 1)
            {
                destination[p] = (byte)'.';
                p += length;
            }
            destination[p++] = (byte)'e';
            int e = scale - 1;
            if (e < 0)
            {
                destination[p++] = (byte)'-';
                e = -e;
            }
            else
            {
                destination[p++] = (byte)'+';
            }
            if (e >= 100)
            {
                destination[p++] = (byte)('0' + e / 100);
                e %= 100;
            }
            destination[p++] = (byte)('0' + e / 10);
            destination[p++] = (byte)('0' + e % 10);
            return p;
        }
        if (scale <= 0)
        {
            // 0.000ddd
            destination[p++] = (byte)'0';
            destination[p++] = (byte)'.';
            for (int z = scale; z < 0; z++) destination[p++] = (byte)'0';
            WriteDigits(destination.Slice(p, length), digits);
            return p + length;
        }
        if (scale >= length)
        {
            // ddd000
            WriteDigits(destination.Slice(p, length), digits);
            p += length;
            for (int z = length; z < scale; z++) destination[p++] = (byte)'0';
            return p;
        }
        // dd.ddd: the digits one place to the right of the point, then the integer part moved left over it.
        WriteDigits(destination.Slice(p + 1, length), digits);
        destination.Slice(p + 1, scale).CopyTo(destination.Slice(p));
        destination[p + scale] = (byte)'.';
        return p + length + 1;
    }

    // The shortest decimal digits and exponent (value = digits x 10^exponent10) of the double with these fields; Ryu's
    // d2d, with the bounds' trailing-zero cases, the closest candidate and ties rounded to even.
    private static (ulong Digits, int Exponent10) Shortest(ulong ieeeMantissa, int ieeeExponent)
    {
        int e2;
        ulong m2;
        if (ieeeExponent == 0)
        {
            e2 = 1 - ExponentBias - MantissaBits - 2;
            m2 = ieeeMantissa;
        }
        else
        {
            e2 = ieeeExponent - ExponentBias - MantissaBits - 2;
            m2 = (1UL << MantissaBits) | ieeeMantissa;
        }
        bool acceptBounds = (m2 & 1) == 0;

        // The interval of decimals that round to the value: (mm, mp) around mv, all times 4 (two more bits).
        ulong mv = 4 * m2;
        // The mantissa bits are not all zero (TryFormat), so the gap below the value is as wide as the gap above.
        const uint mmShift = 1;
        ulong vr, vp, vm;
        int e10;
        bool vmIsTrailingZeros = false, vrIsTrailingZeros = false;
        if (e2 >= 0)
        {
            int q = Log10Pow2(e2) - (e2 > 3 ? 1 : 0);
            e10 = q;
            int k = Pow5InverseBitCount + Pow5Bits(q) - 1;
            int i = -e2 + q + k;
            ulong low = Pow5InverseSplit[2 * q], high = Pow5InverseSplit[2 * q + 1];
            vr = MulShift(4 * m2, low, high, i);
            vp = MulShift(4 * m2 + 2, low, high, i);
            vm = MulShift(4 * m2 - 1 - mmShift, low, high, i);
            if (q <= 21)
            {
                // Only one of mp, mv and mm can be a multiple of 5, if any.
                if (mv % 5 == 0) vrIsTrailingZeros = MultipleOfPowerOf5(mv, q);
                else if (acceptBounds) vmIsTrailingZeros = MultipleOfPowerOf5(mv - 1 - mmShift, q);
                else vp -= MultipleOfPowerOf5(mv + 2, q) ? 1UL : 0UL;
            }
        }
        else
        {
            int q = Log10Pow5(-e2) - (-e2 > 1 ? 1 : 0);
            e10 = q + e2;
            int i = -e2 - q;
            int k = Pow5Bits(i) - Pow5BitCount;
            int j = q - k;
            ulong low = Pow5Split[2 * i], high = Pow5Split[2 * i + 1];
            vr = MulShift(4 * m2, low, high, j);
            vp = MulShift(4 * m2 + 2, low, high, j);
            vm = MulShift(4 * m2 - 1 - mmShift, low, high, j);
            if (q <= 1)
            {
                // mv = 4 m2 has at least two trailing zero bits.
                vrIsTrailingZeros = true;
                if (acceptBounds) vmIsTrailingZeros = true;
                else vp--;
            }
            else if (q < 63)
            {
                vrIsTrailingZeros = (mv & ((1UL << q) - 1)) == 0;
            }
        }

        int removed = 0;
        ulong output;
        if (vmIsTrailingZeros || vrIsTrailingZeros)
        {
            int lastRemovedDigit = 0;
            while (vp / 10 > vm / 10)
            {
                vmIsTrailingZeros &= vm % 10 == 0;
                vrIsTrailingZeros &= lastRemovedDigit == 0;
                lastRemovedDigit = (int)(vr % 10);
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            if (vmIsTrailingZeros)
            {
                while (vm % 10 == 0)
                {
                    vrIsTrailingZeros &= lastRemovedDigit == 0;
                    lastRemovedDigit = (int)(vr % 10);
                    vr /= 10;
                    vp /= 10;
                    vm /= 10;
                    removed++;
                }
            }
            // Exactly halfway: round to even.
            if (vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0) lastRemovedDigit = 4;
            output = vr + ((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5 ? 1UL : 0UL);
        }
        else
        {
            bool roundUp = false;
            while (vp / 10 > vm / 10)
            {
                roundUp = vr % 10 >= 5;
                vr /= 10;
                vp /= 10;
                vm /= 10;
                removed++;
            }
            output = vr + (vr == vm || roundUp ? 1UL : 0UL);
        }
        return (output, e10 + removed);
    }

    // (m x (high:low)) >> j for a 55-bit m, 128-bit multiplier and j > 64, taking the product's upper 128 bits.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong MulShift(ulong m, ulong low, ulong high, int j)
    {
        ulong high1 = Math.BigMul(m, high, out ulong low1);
        ulong high0 = Math.BigMul(m, low, out _);
        ulong sum = high0 + low1;
        if (sum < high0) high1++;
        int shift = j - 64;
        return (high1 << (64 - shift)) | (sum >> shift);
    }

    private static bool MultipleOfPowerOf5(ulong value, int p)
    {
        int count = 0;
        while (value % 5 == 0)
        {
            value /= 5;
            count++;
        }
        return count >= p;
    }

    // ceil(log2(5^e)) for e >= 1 (1 for e = 0), floor(log10(2^e)), floor(log10(5^e)), exact for the exponents used.
    private static int Pow5Bits(int e) => (int)(((uint)e * 1217359) >> 19) + 1;

    private static int Log10Pow2(int e) => (int)(((uint)e * 78913) >> 18);

    private static int Log10Pow5(int e) => (int)(((uint)e * 732923) >> 20);

    private static int DecimalLength(ulong v)
    {
        // Ryu's digits are at most 17.
        if (v >= 10000000000000000UL) return 17;
        if (v >= 1000000000000000UL) return 16;
        if (v >= 100000000000000UL) return 15;
        if (v >= 10000000000000UL) return 14;
        if (v >= 1000000000000UL) return 13;
        if (v >= 100000000000UL) return 12;
        if (v >= 10000000000UL) return 11;
        if (v >= 1000000000UL) return 10;
        if (v >= 100000000UL) return 9;
        if (v >= 10000000UL) return 8;
        if (v >= 1000000UL) return 7;
        if (v >= 100000UL) return 6;
        if (v >= 10000UL) return 5;
        if (v >= 1000UL) return 4;
        if (v >= 100UL) return 3;
        if (v >= 10UL) return 2;
        return 1;
    }

    // "00".."99".
    private static ReadOnlySpan<byte> TwoDigits =>
        "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"u8;

    // v as exactly target.Length digits: eight at a time in 32-bit arithmetic, two per step.
    private static void WriteDigits(Span<byte> target, ulong v)
    {
        int i = target.Length;
        while (i > 8)
        {
            ulong quotient = v / 100000000;
            uint low = (uint)(v - quotient * 100000000);
            v = quotient;
            for (int k = 0; k < 4; k++)
            {
                uint pair = low % 100;
                low /= 100;
                i -= 2;
                target[i] = TwoDigits[(int)(2 * pair)];
                target[i + 1] = TwoDigits[(int)(2 * pair + 1)];
            }
        }
        uint rest = (uint)v;
        while (i >= 2)
        {
            uint pair = rest % 100;
            rest /= 100;
            i -= 2;
            target[i] = TwoDigits[(int)(2 * pair)];
            target[i + 1] = TwoDigits[(int)(2 * pair + 1)];
        }
        if (i == 1) target[0] = (byte)('0' + rest);
    }

    private static ulong[] Table(int count, bool inverse)
    {
        var table = new ulong[2 * count];
        BigInteger mask = (BigInteger.One << 64) - 1;
        for (int i = 0; i < count; i++)
        {
            BigInteger pow5 = BigInteger.Pow(5, i);
            int bitLength = (int)pow5.GetBitLength();
            BigInteger entry = inverse
                ? (BigInteger.One << (bitLength - 1 + Pow5InverseBitCount)) / pow5 + 1
                : bitLength >= Pow5BitCount ? pow5 >> (bitLength - Pow5BitCount) : pow5 << (Pow5BitCount - bitLength);
            table[2 * i] = (ulong)(entry & mask);
            table[2 * i + 1] = (ulong)(entry >> 64);
        }
        return table;
    }
}
#endif
