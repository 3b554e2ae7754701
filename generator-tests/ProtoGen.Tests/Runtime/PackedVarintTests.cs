using ProtoGen.Wire;
using GP = Google.Protobuf;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// Packed 32-bit varint lists are sized a vector block at a time and written 16 values at a time when a block is all
/// one-byte values: each is checked against Google.Protobuf's encoder value by value, for lists that cross block
/// boundaries and mix one-byte blocks with others.
/// </summary>
public class PackedVarintTests
{
    private delegate void Write(ref WireWriter writer);

    // Values at every varint length boundary, signed and unsigned, and the ZigZag boundaries of sint32.
    private static readonly int[] Boundaries =
    [
        0, 1, 63, 64, 127, 128, 8191, 8192, 16383, 16384, 0x1F_FFFF, 0x20_0000, 0xFFF_FFFF, 0x1000_0000, int.MaxValue,
        -1, -2, -64, -65, -128, -8192, -8193, -0x10_0000, -0x800_0000, -0x800_0001, int.MinValue, int.MinValue + 1,
    ];

    public static TheoryData<int> Lengths() => new() { 0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 47, 48, 100 };

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Packed_sizes_and_bytes_match_Google_for_every_mix(int length)
    {
        var random = new Random(length);
        foreach (int[] values in Lists(length, random))
        {
            uint[] unsigned = Array.ConvertAll(values, v => (uint)v);
            DayOfWeek[] enums = Array.ConvertAll(values, v => (DayOfWeek)v);

            byte[] int32 = Oracle(o => Array.ForEach(values, o.WriteInt32));
            Assert.Equal(int32, Bytes((ref WireWriter w) => w.WritePackedInt32(values)));
            Assert.Equal(int32.Length, WireSize.PackedInt32(values));

            byte[] uint32 = Oracle(o => Array.ForEach(unsigned, o.WriteUInt32));
            Assert.Equal(uint32, Bytes((ref WireWriter w) => w.WritePackedUInt32(unsigned)));
            Assert.Equal(uint32.Length, WireSize.PackedUInt32(unsigned));

            byte[] sint32 = Oracle(o => Array.ForEach(values, o.WriteSInt32));
            Assert.Equal(sint32, Bytes((ref WireWriter w) => w.WritePackedSInt32(values)));
            Assert.Equal(sint32.Length, WireSize.PackedSInt32(values));

            byte[] enum32 = Oracle(o => Array.ForEach(values, o.WriteEnum));
            Assert.Equal(enum32, Bytes((ref WireWriter w) => w.WritePackedEnum<DayOfWeek>(enums)));
            Assert.Equal(enum32.Length, WireSize.PackedEnum<DayOfWeek>(enums));

            long[] longs = Array.ConvertAll(values, v => (long)v * 0x1_0001);
            byte[] int64 = Oracle(o => Array.ForEach(longs, o.WriteInt64));
            Assert.Equal(int64.Length, WireSize.PackedInt64(longs));
            byte[] sint64 = Oracle(o => Array.ForEach(longs, o.WriteSInt64));
            Assert.Equal(sint64.Length, WireSize.PackedSInt64(longs));
        }
    }

    [Fact]
    public void A_buffer_one_byte_short_throws_and_is_not_written_past()
    {
        // 32 one-byte values: the vector path stores 16 bytes at a time, so it must check the room it has.
        int[] values = Enumerable.Range(0, 32).ToArray();
        for (int size = 0; size < values.Length; size++)
        {
            byte[] memory = new byte[size + 32];
            memory.AsSpan(size).Fill(0xA5);
            Assert.Throws<InvalidOperationException>(() =>
            {
                var writer = new WireWriter(memory.AsSpan(0, size));
                writer.WritePackedInt32(values);
            });
            Assert.True(memory.AsSpan(size).IndexOfAnyExcept((byte)0xA5) < 0, $"wrote past a buffer of {size} bytes");
        }
    }

    // Lists of one length: all one-byte values, all boundary values, random mixes, and one-byte runs broken by one
    // wider value at each position (so that every block position takes the value-at-a-time path once).
    private static IEnumerable<int[]> Lists(int length, Random random)
    {
        yield return Enumerable.Range(0, length).Select(i => i % 128).ToArray();
        yield return Enumerable.Range(0, length).Select(i => Boundaries[i % Boundaries.Length]).ToArray();
        for (int n = 0; n < 20; n++)
        {
            yield return Enumerable.Range(0, length).Select(_ => random.Next(4) switch
            {
                0 => random.Next(128),
                1 => random.Next(-64, 64),
                2 => Boundaries[random.Next(Boundaries.Length)],
                _ => random.Next(int.MinValue, int.MaxValue),
            }).ToArray();
        }

        for (int position = 0; position < length; position++)
        {
            int[] values = Enumerable.Range(0, length).Select(i => i % 100).ToArray();
            values[position] = position % 2 == 0 ? 128 : -1;
            yield return values;
        }
    }

    private static byte[] Oracle(Action<GP.CodedOutputStream> write) => WireWriterTests.OracleBytes(write);

    private static byte[] Bytes(Write write)
    {
        byte[] buffer = new byte[4096];
        var writer = new WireWriter(buffer);
        write(ref writer);
        return buffer.AsSpan(0, writer.Position).ToArray();
    }
}
