using ProtoGen.Wire;
using GP = Google.Protobuf;

namespace ProtoGen.Tests.Runtime;

public class WireWriterTests
{
    private delegate void Write(ref WireWriter writer);

    [Theory]
    [InlineData(0u, new byte[] { 0x00 })]
    [InlineData(1u, new byte[] { 0x01 })]
    [InlineData(127u, new byte[] { 0x7F })]
    [InlineData(128u, new byte[] { 0x80, 0x01 })]
    [InlineData(300u, new byte[] { 0xAC, 0x02 })]
    [InlineData(16383u, new byte[] { 0xFF, 0x7F })]
    [InlineData(16384u, new byte[] { 0x80, 0x80, 0x01 })]
    [InlineData(uint.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void UInt32_is_written_as_the_known_varint(uint value, byte[] expected)
    {
        Assert.Equal(expected, Bytes((ref WireWriter w) => w.WriteUInt32(value)));
        Assert.Equal(expected.Length, WireSize.UInt32(value));
    }

    [Theory]
    [InlineData(-1, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(int.MinValue, new byte[] { 0x80, 0x80, 0x80, 0x80, 0xF8, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(int.MaxValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 })]
    [InlineData(300, new byte[] { 0xAC, 0x02 })]
    public void Int32_negative_values_are_sign_extended_to_ten_bytes(int value, byte[] expected)
    {
        Assert.Equal(expected, Bytes((ref WireWriter w) => w.WriteInt32(value)));
        Assert.Equal(expected, Bytes((ref WireWriter w) => w.WriteEnum(value)));
        Assert.Equal(expected.Length, WireSize.Int32(value));
        Assert.Equal(expected.Length, WireSize.Enum(value));
    }

    [Theory]
    [InlineData(0, new byte[] { 0x00 })]
    [InlineData(-1, new byte[] { 0x01 })]
    [InlineData(1, new byte[] { 0x02 })]
    [InlineData(-2, new byte[] { 0x03 })]
    [InlineData(int.MaxValue, new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0x0F })]
    [InlineData(int.MinValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F })]
    public void SInt32_uses_zigzag(int value, byte[] expected)
    {
        Assert.Equal(expected, Bytes((ref WireWriter w) => w.WriteSInt32(value)));
        Assert.Equal(value, new WireReader(expected).ReadSInt32());
    }

    [Theory]
    [InlineData(0L, new byte[] { 0x00 })]
    [InlineData(-1L, new byte[] { 0x01 })]
    [InlineData(long.MaxValue, new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    [InlineData(long.MinValue, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })]
    public void SInt64_uses_zigzag(long value, byte[] expected)
    {
        Assert.Equal(expected, Bytes((ref WireWriter w) => w.WriteSInt64(value)));
        Assert.Equal(value, new WireReader(expected).ReadSInt64());
    }

    [Fact]
    public void Fixed_values_are_little_endian()
    {
        Assert.Equal(new byte[] { 0x78, 0x56, 0x34, 0x12 }, Bytes((ref WireWriter w) => w.WriteFixed32(0x12345678)));
        Assert.Equal(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, Bytes((ref WireWriter w) => w.WriteSFixed32(-1)));
        Assert.Equal(
            new byte[] { 0xEF, 0xCD, 0xAB, 0x89, 0x67, 0x45, 0x23, 0x01 },
            Bytes((ref WireWriter w) => w.WriteFixed64(0x0123456789ABCDEF)));
        Assert.Equal(
            new byte[] { 0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF },
            Bytes((ref WireWriter w) => w.WriteSFixed64(-2)));
    }

    [Fact]
    public void Floats_and_doubles_keep_their_exact_bit_patterns()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0x80 }, Bytes((ref WireWriter w) => w.WriteFloat(-0.0f)));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x80 }, Bytes((ref WireWriter w) => w.WriteDouble(-0.0)));
        Assert.Equal(new byte[] { 0, 0, 0x80, 0x3F }, Bytes((ref WireWriter w) => w.WriteFloat(1.0f)));

        float nanWithPayload = BitConverter.UInt32BitsToSingle(0x7FC01234);
        byte[] floatBytes = Bytes((ref WireWriter w) => w.WriteFloat(nanWithPayload));
        Assert.Equal(new byte[] { 0x34, 0x12, 0xC0, 0x7F }, floatBytes);
        Assert.Equal(0x7FC01234u, BitConverter.SingleToUInt32Bits(new WireReader(floatBytes).ReadFloat()));

        double doubleNan = BitConverter.UInt64BitsToDouble(0xFFF8_0000_DEAD_BEEF);
        byte[] doubleBytes = Bytes((ref WireWriter w) => w.WriteDouble(doubleNan));
        Assert.Equal(new byte[] { 0xEF, 0xBE, 0xAD, 0xDE, 0, 0, 0xF8, 0xFF }, doubleBytes);
        Assert.Equal(0xFFF8_0000_DEAD_BEEFul, BitConverter.DoubleToUInt64Bits(new WireReader(doubleBytes).ReadDouble()));
        Assert.Equal(OracleBytes(o => o.WriteDouble(doubleNan)), doubleBytes);
        Assert.Equal(OracleBytes(o => o.WriteFloat(nanWithPayload)), floatBytes);
    }

    [Fact]
    public void Tags_and_raw_tags()
    {
        Assert.Equal(new byte[] { 0x08 }, Bytes((ref WireWriter w) => w.WriteTag(WireFormat.MakeTag(1, WireType.Varint))));
        Assert.Equal(new byte[] { 0x12 }, Bytes((ref WireWriter w) => w.WriteTag(2, WireType.LengthDelimited)));
        Assert.Equal(
            new byte[] { 0xFD, 0xFF, 0xFF, 0xFF, 0x0F },
            Bytes((ref WireWriter w) => w.WriteTag(WireFormat.MaxFieldNumber, WireType.Fixed32)));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, Bytes((ref WireWriter w) => w.WriteRawTag(1, 2, 3, 4, 5)));
        Assert.Equal(1, WireSize.Tag(15));
        Assert.Equal(2, WireSize.Tag(16));
        Assert.Equal(5, WireSize.Tag(WireFormat.MaxFieldNumber));
        Assert.Equal(29, WireFormat.GetTagFieldNumber(WireFormat.MakeTag(29, WireType.Fixed64)));
        Assert.Equal(WireType.Fixed64, WireFormat.GetTagWireType(WireFormat.MakeTag(29, WireType.Fixed64)));
    }

    [Fact]
    public void Every_scalar_encoding_matches_Google_Protobuf_for_random_values()
    {
        var random = new Random(1234);
        for (int i = 0; i < 2000; i++)
        {
            int shift = random.Next(64);
            long l = random.NextInt64() >> shift;
            if (random.Next(2) == 0)
            {
                l = -l;
            }

            int n = (int)l;
            uint u = (uint)l;
            ulong ul = (ulong)l;
            double d = BitConverter.Int64BitsToDouble(l);
            float f = BitConverter.Int32BitsToSingle(n);

            AssertSame(o => o.WriteInt32(n), (ref WireWriter w) => w.WriteInt32(n), WireSize.Int32(n), GP.CodedOutputStream.ComputeInt32Size(n));
            AssertSame(o => o.WriteInt64(l), (ref WireWriter w) => w.WriteInt64(l), WireSize.Int64(l), GP.CodedOutputStream.ComputeInt64Size(l));
            AssertSame(o => o.WriteUInt32(u), (ref WireWriter w) => w.WriteUInt32(u), WireSize.UInt32(u), GP.CodedOutputStream.ComputeUInt32Size(u));
            AssertSame(o => o.WriteUInt64(ul), (ref WireWriter w) => w.WriteUInt64(ul), WireSize.UInt64(ul), GP.CodedOutputStream.ComputeUInt64Size(ul));
            AssertSame(o => o.WriteSInt32(n), (ref WireWriter w) => w.WriteSInt32(n), WireSize.SInt32(n), GP.CodedOutputStream.ComputeSInt32Size(n));
            AssertSame(o => o.WriteSInt64(l), (ref WireWriter w) => w.WriteSInt64(l), WireSize.SInt64(l), GP.CodedOutputStream.ComputeSInt64Size(l));
            AssertSame(o => o.WriteEnum(n), (ref WireWriter w) => w.WriteEnum(n), WireSize.Enum(n), GP.CodedOutputStream.ComputeEnumSize(n));
            AssertSame(o => o.WriteFixed32(u), (ref WireWriter w) => w.WriteFixed32(u), 4, 4);
            AssertSame(o => o.WriteFixed64(ul), (ref WireWriter w) => w.WriteFixed64(ul), 8, 8);
            AssertSame(o => o.WriteSFixed32(n), (ref WireWriter w) => w.WriteSFixed32(n), 4, 4);
            AssertSame(o => o.WriteSFixed64(l), (ref WireWriter w) => w.WriteSFixed64(l), 8, 8);
            AssertSame(o => o.WriteDouble(d), (ref WireWriter w) => w.WriteDouble(d), 8, 8);
            AssertSame(o => o.WriteFloat(f), (ref WireWriter w) => w.WriteFloat(f), 4, 4);
            AssertSame(o => o.WriteLength(n & int.MaxValue), (ref WireWriter w) => w.WriteLength(n & int.MaxValue), WireSize.Varint32((uint)(n & int.MaxValue)), GP.CodedOutputStream.ComputeLengthSize(n & int.MaxValue));
            AssertSame(o => o.WriteBool(n % 2 == 0), (ref WireWriter w) => w.WriteBool(n % 2 == 0), 1, 1);
        }
    }

    [Fact]
    public void Bytes_are_length_prefixed()
    {
        var value = ByteString.CopyFrom(1, 2, 3);
        Assert.Equal(new byte[] { 3, 1, 2, 3 }, Bytes((ref WireWriter w) => w.WriteBytes(value)));
        Assert.Equal(new byte[] { 0 }, Bytes((ref WireWriter w) => w.WriteBytes(ByteString.Empty)));
        Assert.Equal(4, WireSize.Bytes(value));
        byte[] big = new byte[300];
        big[299] = 9;
        Assert.Equal(
            OracleBytes(o => o.WriteBytes(GP.ByteString.CopyFrom(big))),
            Bytes((ref WireWriter w) => w.WriteBytes(ByteString.CopyFrom(big))));
    }

    [Fact]
    public void Packed_writers_match_element_by_element_writes()
    {
        int[] ints = [0, 1, -1, 300, int.MinValue];
        Assert.Equal(
            OracleBytes(o => Array.ForEach(ints, o.WriteInt32)),
            Bytes((ref WireWriter w) => w.WritePackedInt32(ints)));
        Assert.Equal(
            OracleBytes(o => Array.ForEach(ints, o.WriteSInt32)),
            Bytes((ref WireWriter w) => w.WritePackedSInt32(ints)));
        Assert.Equal(
            OracleBytes(o => Array.ForEach(ints, o.WriteSFixed32)),
            Bytes((ref WireWriter w) => w.WritePackedSFixed32(ints)));
        double[] doubles = [0.0, -0.0, double.NaN, 1.5];
        Assert.Equal(
            OracleBytes(o => Array.ForEach(doubles, o.WriteDouble)),
            Bytes((ref WireWriter w) => w.WritePackedDouble(doubles)));
        bool[] bools = [true, false, true];
        Assert.Equal(new byte[] { 1, 0, 1 }, Bytes((ref WireWriter w) => w.WritePackedBool(bools)));
        DayOfWeek[] days = [DayOfWeek.Monday, (DayOfWeek)(-1)];
        Assert.Equal(
            OracleBytes(o => { o.WriteEnum(1); o.WriteEnum(-1); }),
            Bytes((ref WireWriter w) => w.WritePackedEnum<DayOfWeek>(days)));
    }

    [Fact]
    public void Bytes_of_every_small_length_are_written_and_read_back_exactly()
    {
        // 1 to 64 bytes are copied in overlapping loads and stores: every length, into a buffer of exactly the right
        // size (nothing written after it), and one byte short (throws, nothing written past it).
        for (int length = 0; length <= 80; length++)
        {
            byte[] data = Enumerable.Range(1, length).Select(i => (byte)(i * 37)).ToArray();
            byte[] expected = OracleBytes(o => o.WriteBytes(GP.ByteString.CopyFrom(data)));
            byte[] memory = new byte[expected.Length + 32];
            memory.AsSpan(expected.Length).Fill(0xA5);
            var writer = new WireWriter(memory.AsSpan(0, expected.Length));
            writer.WriteBytes(ByteString.CopyFrom(data));
            Assert.Equal(expected, memory.AsSpan(0, writer.Position).ToArray());
            Assert.True(memory.AsSpan(expected.Length).IndexOfAnyExcept((byte)0xA5) < 0, $"{length} bytes: wrote past the buffer");

            memory.AsSpan().Fill(0xA5);
            bool threw = false;
            try
            {
                var shortWriter = new WireWriter(memory.AsSpan(0, expected.Length - 1));
                shortWriter.WriteBytes(ByteString.CopyFrom(data));
            }
            catch (InvalidOperationException)
            {
                threw = true;
            }

            Assert.True(threw, $"{length} bytes: no exception one byte short");
            Assert.True(memory.AsSpan(expected.Length - 1).IndexOfAnyExcept((byte)0xA5) < 0, $"{length} bytes: wrote past a short buffer");

            var reader = new WireReader(expected);
            Assert.Equal(data, reader.ReadBytes().Span.ToArray());
        }
    }

    [Fact]
    public void Writing_past_the_end_throws_instead_of_truncating()
    {
        byte[] buffer = new byte[3];
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new WireWriter(buffer);
            writer.WriteFixed32(1);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new WireWriter(buffer);
            writer.WriteString("abcd");
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new WireWriter(buffer);
            writer.WriteInt32(-1);
        });
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new WireWriter(Span<byte>.Empty);
            writer.WriteRawTag(8);
        });
    }

    private delegate void WriteOne(ref WireWriter writer);

    [Fact]
    public void Every_write_into_too_little_space_throws_and_touches_no_byte_past_the_buffer()
    {
        // The writer checks space once per value and then writes through references, without the span's own bounds
        // checks: for every value kind and every buffer one byte or more too short, it must throw before writing, and
        // the guard bytes after the buffer must stay as they were.
        var writes = new (string Name, WriteOne Write)[]
        {
            ("raw tag 1", (ref WireWriter w) => w.WriteRawTag(8)),
            ("raw tag 2", (ref WireWriter w) => w.WriteRawTag(0x82, 0x01)),
            ("raw tag 3", (ref WireWriter w) => w.WriteRawTag(0x82, 0x80, 0x01)),
            ("raw tag 4", (ref WireWriter w) => w.WriteRawTag(0x82, 0x80, 0x80, 0x01)),
            ("raw tag 5", (ref WireWriter w) => w.WriteRawTag(0x82, 0x80, 0x80, 0x80, 0x01)),
            ("int32 -1", (ref WireWriter w) => w.WriteInt32(-1)),
            ("uint32 max", (ref WireWriter w) => w.WriteUInt32(uint.MaxValue)),
            ("uint64 max", (ref WireWriter w) => w.WriteUInt64(ulong.MaxValue)),
            ("varint 300", (ref WireWriter w) => w.WriteUInt32(300)),
            ("fixed32", (ref WireWriter w) => w.WriteFixed32(7)),
            ("fixed64", (ref WireWriter w) => w.WriteFixed64(7)),
            ("double", (ref WireWriter w) => w.WriteDouble(1.5)),
            ("float", (ref WireWriter w) => w.WriteFloat(1.5f)),
            ("bool", (ref WireWriter w) => w.WriteBool(true)),
            ("string 1", (ref WireWriter w) => w.WriteString("a")),
            ("string 3", (ref WireWriter w) => w.WriteString("abc")),
            ("string 5 ASCII", (ref WireWriter w) => w.WriteString("abcde")),
            ("string 7 ASCII", (ref WireWriter w) => w.WriteString("abcdefg")),
            ("string 2 non-ASCII", (ref WireWriter w) => w.WriteString("aé")),
            ("string 6 non-ASCII", (ref WireWriter w) => w.WriteString("abcdé日")),
            ("string 12 ASCII", (ref WireWriter w) => w.WriteString("abcdefghijkl")),
            ("string 30 ASCII", (ref WireWriter w) => w.WriteString(new string('x', 30))),
            ("string 40 ASCII", (ref WireWriter w) => w.WriteString(new string('x', 40))),
            ("string 12 non-ASCII", (ref WireWriter w) => w.WriteString("ééééééééééé!")),
            ("string 300 non-ASCII", (ref WireWriter w) => w.WriteString(new string('日', 300))),
            ("string 200 ASCII", (ref WireWriter w) => w.WriteString(new string('a', 200))),
            ("string 200 ASCII then non-ASCII", (ref WireWriter w) => w.WriteString(new string('a', 199) + "é")),
            ("bytes", (ref WireWriter w) => w.WriteBytes(ByteString.CopyFrom(1, 2, 3, 4, 5))),
            ("packed fixed", (ref WireWriter w) => w.WritePackedFixed32(new uint[] { 1, 2, 3 })),
            ("packed varint", (ref WireWriter w) => w.WritePackedInt32(new[] { 1, 300, -1 })),
        };
        foreach (var (name, write) in writes)
        {
            byte[] exact = new byte[64 * 1024];
            var measuring = new WireWriter(exact);
            write(ref measuring);
            int needed = measuring.Position;
            for (int size = 0; size < needed; size++)
            {
                byte[] memory = new byte[size + 64];
                memory.AsSpan(size).Fill(0xA5);
                bool threw = false;
                try
                {
                    var writer = new WireWriter(memory.AsSpan(0, size));
                    write(ref writer);
                }
                catch (InvalidOperationException)
                {
                    threw = true;
                }

                Assert.True(threw, $"{name}: no exception with {size} of {needed} bytes");
                Assert.True(memory.AsSpan(size).IndexOfAnyExcept((byte)0xA5) < 0, $"{name}: wrote past a buffer of {size} bytes");
            }
        }
    }

    internal static byte[] OracleBytes(Action<GP.CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new GP.CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    private static byte[] Bytes(Write write)
    {
        byte[] buffer = new byte[64 * 1024];
        var writer = new WireWriter(buffer);
        write(ref writer);
        return buffer.AsSpan(0, writer.Position).ToArray();
    }

    private static void AssertSame(Action<GP.CodedOutputStream> oracle, Write ours, int ourSize, int oracleSize)
    {
        byte[] expected = OracleBytes(oracle);
        byte[] actual = Bytes(ours);
        Assert.Equal(expected, actual);
        Assert.Equal(oracleSize, ourSize);
        Assert.Equal(expected.Length, ourSize);
    }
}
