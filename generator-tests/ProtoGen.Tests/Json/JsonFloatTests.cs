using System.Globalization;
using System.Text;
using ProtoGen.Json;

namespace ProtoGen.Tests.Json;

/// <summary>
/// Doubles written by <see cref="ShortestDouble"/> (Ryu) against the framework's <c>"R"</c> text, which is what
/// Google.Protobuf writes (exponent mark lowered): random bit patterns of every exponent, random values of every
/// decimal scale, the neighbours of every power of two and of ten, integers and short decimals, and the edges of the
/// fixed and exponent layouts. The powers of two themselves are left to the framework, and that is checked too.
/// </summary>
public sealed class JsonFloatTests
{
    private static string Expected(double value) => value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');

    // The value's text from ShortestDouble, or null where it leaves the value to the framework.
    private static string? Ryu(double value)
    {
        var buffer = new byte[ShortestDouble.MaxLength];
        return ShortestDouble.TryFormat(value, buffer, out int written) ? Encoding.ASCII.GetString(buffer, 0, written) : null;
    }

    private static void AssertSame(double value, List<string> failures)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return;
        string? ours = Ryu(value);
        bool powerOfTwoOrZero = (BitConverter.DoubleToUInt64Bits(value) & ((1UL << 52) - 1)) == 0;
        if (ours is null)
        {
            if (!powerOfTwoOrZero) failures.Add($"{BitConverter.DoubleToUInt64Bits(value):X16}: declined");
            return;
        }
        if (powerOfTwoOrZero) failures.Add($"{BitConverter.DoubleToUInt64Bits(value):X16}: a power of two formatted");
        string expected = Expected(value);
        if (ours != expected) failures.Add($"{BitConverter.DoubleToUInt64Bits(value):X16}: expected {expected}, got {ours}");
    }

    private static void AssertNone(List<string> failures) =>
        Assert.True(failures.Count == 0, $"{failures.Count} differences, first: {string.Join("; ", failures.Take(5))}");

    [Fact]
    public void Random_bit_patterns_of_every_exponent_give_the_framework_text()
    {
        var random = new Random(2026);
        var failures = new List<string>();
        for (int i = 0; i < 300_000; i++)
        {
            AssertSame(BitConverter.UInt64BitsToDouble((ulong)random.NextInt64() | ((ulong)random.Next(2) << 63)), failures);
        }
        // Subnormals: the exponent field zero.
        for (int i = 0; i < 20_000; i++)
        {
            AssertSame(BitConverter.UInt64BitsToDouble((ulong)random.NextInt64(1, 1L << 52)), failures);
        }
        AssertNone(failures);
    }

    [Fact]
    public void Random_values_of_every_decimal_scale_integers_and_short_decimals_give_the_framework_text()
    {
        var random = new Random(26);
        var failures = new List<string>();
        for (int i = 0; i < 100_000; i++)
        {
            AssertSame(random.NextDouble() * Math.Pow(10, random.Next(-30, 30)), failures);
            AssertSame(-random.NextDouble() * 100, failures);
        }
        for (long i = 1; i < 50_000; i++)
        {
            AssertSame(i, failures);
            AssertSame(i / 1000.0, failures);
            AssertSame(i / 100.0, failures);
            AssertSame(i * 1e10, failures);
            AssertSame(-i / 8.0, failures);
        }
        // 1 to 17 significant digits at each decimal point position around the layouts' edges (0.0001, 1e17).
        const string digits = "12345678901234567";
        for (int count = 1; count <= 17; count++)
        {
            for (int exponent = -8; exponent <= 22; exponent++)
            {
                AssertSame(double.Parse(digits.Substring(0, count) + "e" + exponent, CultureInfo.InvariantCulture), failures);
                AssertSame(double.Parse("9" + digits.Substring(1, count - 1) + "e" + exponent, CultureInfo.InvariantCulture), failures);
            }
        }
        AssertNone(failures);
    }

    [Fact]
    public void Neighbours_of_every_power_of_two_and_of_ten_and_the_extremes_give_the_framework_text()
    {
        var failures = new List<string>();
        void AroundBits(ulong bits)
        {
            for (long delta = -2; delta <= 2; delta++) AssertSame(BitConverter.UInt64BitsToDouble((ulong)((long)bits + delta)), failures);
        }
        for (int exponent = 1; exponent < 2047; exponent++)
        {
            AroundBits((ulong)exponent << 52);
            AroundBits(((ulong)exponent << 52) | (1UL << 63));
        }
        for (int exponent = -323; exponent <= 308; exponent++)
        {
            double power = double.Parse("1e" + exponent, CultureInfo.InvariantCulture);
            AroundBits(BitConverter.DoubleToUInt64Bits(power));
            AssertSame(5 * power, failures);
            AssertSame(1.5 * power, failures);
        }
        foreach (double value in new[] { double.MaxValue, double.MinValue, double.Epsilon, 2 * double.Epsilon, 2.2250738585072014E-308, 2.2250738585072009E-308, 0.1, 0.3, 1.0 / 3, 98.625, 1e21 + 1e6, 9007199254740993.0 })
        {
            AroundBits(BitConverter.DoubleToUInt64Bits(value));
        }
        AssertNone(failures);
    }

    [Fact]
    public void Zero_and_powers_of_two_are_left_to_the_framework_and_the_writer_matches_Google_Protobuf_on_all()
    {
        Assert.Null(Ryu(0.0));
        Assert.Null(Ryu(-0.0));
        Assert.Null(Ryu(1.0));
        Assert.Null(Ryu(Math.Pow(2, -25)));
        Assert.Equal("0.1", Ryu(0.1));
        Assert.Equal("-1.5e-05", Ryu(-0.000015));
        Assert.Equal("1.5e+29", Ryu(1.5e29));
        Assert.Equal("123456789.125", Ryu(123456789.125));

        // Through the writer (a DoubleValue is written as the bare number), against Google.Protobuf's formatter.
        var random = new Random(5);
        double[] values = [0.0, -0.0, 1.0, -2.0, Math.Pow(2, -25), 0.5, 1e15, 1e16, 1e17, 1e-5, 0.0001, 98.625, double.Epsilon, double.MaxValue, .. Enumerable.Range(0, 2000).Select(_ => BitConverter.UInt64BitsToDouble((ulong)random.NextInt64()))];
        foreach (double value in values)
        {
            if (double.IsNaN(value) || double.IsInfinity(value)) continue;
            string google = Google.Protobuf.JsonFormatter.Default.Format(new Google.Protobuf.WellKnownTypes.DoubleValue { Value = value });
            Assert.Equal(google, new ProtoGen.WellKnownTypes.DoubleValue { Value = value }.ToJson());
        }
    }
}
