#if NETSTANDARD2_0
namespace System.Numerics;

/// <summary>The parts of .NET's BitOperations the runtime uses, for netstandard2.0 (plain bit arithmetic).</summary>
internal static class BitOperations
{
    private static ReadOnlySpan<byte> Log2DeBruijn =>
    [
        00, 09, 01, 10, 13, 21, 02, 29, 11, 14, 16, 18, 22, 25, 03, 30,
        08, 12, 20, 28, 15, 17, 24, 07, 19, 27, 23, 06, 26, 05, 04, 31,
    ];

    // The highest set bit is smeared into every lower bit, which leaves one value per Log2 result; a de Bruijn
    // multiply maps those 32 values to distinct 5-bit indexes. Log2(0) is 0, as .NET's is.
    public static int Log2(uint value)
    {
        value |= value >> 1;
        value |= value >> 2;
        value |= value >> 4;
        value |= value >> 8;
        value |= value >> 16;
        return Log2DeBruijn[(int)((value * 0x07C4_ACDDu) >> 27)];
    }

    public static int Log2(ulong value)
    {
        uint high = (uint)(value >> 32);
        return high != 0 ? 32 + Log2(high) : Log2((uint)value);
    }

    public static int PopCount(uint value)
    {
        value -= (value >> 1) & 0x5555_5555;
        value = (value & 0x3333_3333) + ((value >> 2) & 0x3333_3333);
        return (int)((((value + (value >> 4)) & 0x0F0F_0F0F) * 0x0101_0101) >> 24);
    }
}
#endif
