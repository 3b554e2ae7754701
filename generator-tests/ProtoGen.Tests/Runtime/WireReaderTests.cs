using ProtoGen.Collections;
using ProtoGen.Wire;
using GP = Google.Protobuf;

namespace ProtoGen.Tests.Runtime;

public class WireReaderTests
{
    private delegate void Read(ref WireReader reader);

    [Fact]
    public void Reads_back_what_Google_Protobuf_writes()
    {
        var random = new Random(99);
        for (int i = 0; i < 1000; i++)
        {
            long l = random.NextInt64() >> random.Next(64);
            l = random.Next(2) == 0 ? l : -l;
            int n = (int)l;
            byte[] bytes = WireWriterTests.OracleBytes(o =>
            {
                o.WriteInt32(n);
                o.WriteInt64(l);
                o.WriteUInt32((uint)n);
                o.WriteUInt64((ulong)l);
                o.WriteSInt32(n);
                o.WriteSInt64(l);
                o.WriteFixed32((uint)n);
                o.WriteFixed64((ulong)l);
                o.WriteSFixed32(n);
                o.WriteSFixed64(l);
                o.WriteBool(n < 0);
                o.WriteEnum(n);
                o.WriteDouble(BitConverter.Int64BitsToDouble(l));
                o.WriteFloat(BitConverter.Int32BitsToSingle(n));
            });
            var reader = new WireReader(bytes);
            Assert.Equal(n, reader.ReadInt32());
            Assert.Equal(l, reader.ReadInt64());
            Assert.Equal((uint)n, reader.ReadUInt32());
            Assert.Equal((ulong)l, reader.ReadUInt64());
            Assert.Equal(n, reader.ReadSInt32());
            Assert.Equal(l, reader.ReadSInt64());
            Assert.Equal((uint)n, reader.ReadFixed32());
            Assert.Equal((ulong)l, reader.ReadFixed64());
            Assert.Equal(n, reader.ReadSFixed32());
            Assert.Equal(l, reader.ReadSFixed64());
            Assert.Equal(n < 0, reader.ReadBool());
            Assert.Equal(n, reader.ReadEnum());
            Assert.Equal(l, BitConverter.DoubleToInt64Bits(reader.ReadDouble()));
            Assert.Equal(n, BitConverter.SingleToInt32Bits(reader.ReadFloat()));
            Assert.True(reader.IsAtEnd);
            Assert.Equal(0u, reader.ReadTag());
        }
    }

    [Fact]
    public void Int32_accepts_ten_byte_negative_encodings_and_five_byte_ones()
    {
        Assert.Equal(-1, new WireReader(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 }).ReadInt32());
        Assert.Equal(-1, new WireReader(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }).ReadInt32());
        Assert.Equal(300, new WireReader(new byte[] { 0xAC, 0x02 }).ReadInt32());
        Assert.Equal(1, new WireReader(new byte[] { 0x81, 0x00 }).ReadInt32());
    }

    [Fact]
    public void Packed_varints_fill_a_list_sized_once_from_their_count()
    {
        // 40 values of 1 to 5 bytes: more than one 16-byte block of the count, and a tail; appended after an element
        // already there.
        int[] values = Enumerable.Range(0, 40).Select(i => i % 5 == 0 ? -i : i * 0x12345 >> (i % 17)).ToArray();
        using var stream = new MemoryStream();
        var output = new GP.CodedOutputStream(stream);
        output.WriteLength(values.Sum(GP.CodedOutputStream.ComputeInt32Size));
        foreach (int value in values)
        {
            output.WriteInt32(value);
        }
        output.Flush();

        var into = new RepeatedField<int> { 7 };
        var reader = new WireReader(stream.ToArray());
        reader.ReadPackedInt32(into);
        Assert.Equal([7, .. values], into.ToArray());
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x08, 0x80 })]
    [InlineData(new byte[] { 0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0x31, 0x01, 0x02, 0x03 })]
    [InlineData(new byte[] { 0x12, 0x05, (byte)'a' })]
    [InlineData(new byte[] { 0x2A, 0x02, 0x01 })]
    [InlineData(new byte[] { 0x1A, 0x05, 0x08 })]
    [InlineData(new byte[] { 0x1A, 0x02, 0x08, 0x96, 0x01 })]
    [InlineData(new byte[] { 0x22, 0x03, 0x01, 0x80 })]
    [InlineData(new byte[] { 0x80 })]
    [InlineData(new byte[] { 0x7A, 0x02, 0x00 })]
    [InlineData(new byte[] { 0x7D, 0x00, 0x00 })]
    [InlineData(new byte[] { 0x79, 0x00 })]
    [InlineData(new byte[] { 0x78 })]
    public void Truncated_input_throws(byte[] input) => AssertInvalid(input);

    [Fact]
    public void Varint_longer_than_ten_bytes_throws()
    {
        byte[] input = [0x08, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01];
        Assert.Contains("malformed varint", AssertInvalid(input).Message);
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input.AsSpan(1)).ReadInt64());
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input.AsSpan(1)).ReadUInt32());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(10)]
    public void Varint_running_past_its_message_throws_whatever_follows_in_the_buffer(int varintLength)
    {
        // A child (field 3) of 2 bytes whose id varint needs `varintLength`: it ends in the parent's bytes, which are
        // still in the buffer (so the varint is decoded without per-byte checks, and its end is checked after).
        byte[] varint = [.. Enumerable.Repeat((byte)0x96, varintLength - 1), 0x01];
        byte[] input = [0x1A, 0x02, 0x08, .. varint, .. Enumerable.Repeat((byte)0x08, 16)];
        Assert.Contains("ended unexpectedly", AssertInvalid(input).Message);
    }

    [Fact]
    public void Varint_of_eleven_bytes_throws_malformed_with_room_and_truncated_when_its_message_ends_first()
    {
        byte[] eleven = [.. Enumerable.Repeat((byte)0x80, 10), 0x01];
        byte[] padding = [.. Enumerable.Repeat((byte)0x08, 16)];
        Assert.Contains("malformed varint", AssertInvalid([0x08, .. eleven, .. padding]).Message);

        // In a child of 9 bytes (tag and 8 varint bytes) the child ends before the varint could be 10 bytes long.
        Assert.Contains("ended unexpectedly", AssertInvalid([0x1A, 0x09, 0x08, .. eleven, .. padding]).Message);

        // In a child of 11 bytes the varint has all its 10 bytes, none of them the last.
        Assert.Contains("malformed varint", AssertInvalid([0x1A, 0x0B, 0x08, .. eleven, .. padding]).Message);
    }

    [Fact]
    public void Multi_byte_varints_that_end_a_child_are_read_with_the_parent_after_them()
    {
        // Child { id = 300, child { id = 2^28 } } then the parent's own id, 150: each varint ends its message.
        byte[] input = [0x1A, 0x0B, 0x08, 0xAC, 0x02, 0x1A, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x01, 0x08, 0x96, 0x01];
        TestMessage parsed = TestMessage.Parser.ParseFrom(input);
        Assert.Equal(150, parsed.Id);
        Assert.Equal(300, parsed.Child!.Id);
        Assert.Equal(1 << 28, parsed.Child.Child!.Id);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x02, 0x00 })]
    [InlineData(new byte[] { 0x07 })]
    [InlineData(new byte[] { 0x80, 0x00 })]
    public void Tag_with_field_number_zero_throws(byte[] input) =>
        Assert.Contains("invalid tag", AssertInvalid(input).Message);

    [Theory]
    [InlineData(new byte[] { 0x7E, 0x00 })]
    [InlineData(new byte[] { 0x7F, 0x00 })]
    [InlineData(new byte[] { 0x7B, 0x0E, 0x7C })]
    public void Wire_types_6_and_7_throw(byte[] input) =>
        Assert.Contains("wire type", AssertInvalid(input).Message);

    [Theory]
    [InlineData(new byte[] { 0x7C })]
    [InlineData(new byte[] { 0x08, 0x01, 0x3C })]
    [InlineData(new byte[] { 0x1A, 0x01, 0x3C })]
    [InlineData(new byte[] { 0x3B, 0x1A, 0x01, 0x3C, 0x3C })]
    [InlineData(new byte[] { 0x3B, 0x42, 0x01, 0x3C, 0x3C })]
    public void Unexpected_end_group_throws(byte[] input) => AssertInvalid(input);

    [Theory]
    [InlineData(new byte[] { 0x3B, 0x08, 0x01 })]
    [InlineData(new byte[] { 0x7B, 0x08, 0x01 })]
    [InlineData(new byte[] { 0x7B })]
    [InlineData(new byte[] { 0x1A, 0x03, 0x3B, 0x08, 0x01, 0x3C })]
    [InlineData(new byte[] { 0x7B, 0x84, 0x01 })]
    public void Group_not_closed_or_closed_by_another_field_throws(byte[] input) => AssertInvalid(input);

    [Fact]
    public void Forged_huge_length_on_a_tiny_input_throws_without_allocating()
    {
        // Field 2 (string), 5 (bytes), 3 (message), 4 (packed) and 15 (unknown), each claiming 0x7FFFFFFF bytes.
        foreach (byte tag in new byte[] { 0x12, 0x2A, 0x1A, 0x22, 0x7A })
        {
            byte[] input = [tag, 0xFF, 0xFF, 0xFF, 0xFF, 0x07];
            long before = GC.GetAllocatedBytesForCurrentThread();
            AssertInvalid(input);
            Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 100_000);
        }

        byte[] fiveBytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x07];
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(fiveBytes).ReadBytes());
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(fiveBytes).ReadString());
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(fiveBytes).ReadLength());
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(fiveBytes).PushLimit(0x7FFFFFFF));
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(fiveBytes).ReadPackedDouble(new RepeatedField<double>()));
    }

    [Fact]
    public void Negative_length_throws()
    {
        byte[] input = [0x12, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        Assert.Contains("negative size", AssertInvalid(input).Message);
        byte[] tenByteMinusOne = [0x7A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        AssertInvalid(tenByteMinusOne);
    }

    [Fact]
    public void Nesting_up_to_100_levels_parses_and_101_throws()
    {
        TestMessage parsed = TestMessage.Parser.ParseFrom(NestedMessages(100));
        int depth = 0;
        for (TestMessage? m = parsed.Child; m is not null; m = m.Child)
        {
            depth++;
        }

        Assert.Equal(100, depth);
        Assert.Contains("nesting", AssertInvalid(NestedMessages(101)).Message);
        Assert.Contains("nesting", AssertInvalid(NestedMessages(1000)).Message);
    }

    [Fact]
    public void Nesting_of_groups_known_and_unknown_is_limited_too()
    {
        Assert.NotNull(TestMessage.Parser.ParseFrom(NestedGroups(0x3B, 0x3C, 100)).Group);
        AssertInvalid(NestedGroups(0x3B, 0x3C, 101));
        Assert.NotNull(TestMessage.Parser.ParseFrom(NestedGroups(0x7B, 0x7C, 100)).UnknownFields);
        AssertInvalid(NestedGroups(0x7B, 0x7C, 101));
        AssertInvalid(NestedGroups(0x7B, 0x7C, 100_000));
    }

    [Fact]
    public void Recursion_limit_is_configurable()
    {
        byte[] input = NestedMessages(3);
        Assert.Throws<InvalidProtocolBufferException>(() =>
        {
            var reader = new WireReader(input, recursionLimit: 2);
            ((IMessage)new TestMessage()).MergeFrom(ref reader);
        });
        var ok = new WireReader(input, recursionLimit: 3);
        ((IMessage)new TestMessage()).MergeFrom(ref ok);
        Assert.True(ok.IsAtEnd);
    }

    [Fact]
    public void Groups_parse_and_write_back()
    {
        var message = new TestMessage { Id = 1, Group = new TestMessage { Id = 2, Name = "g", Group = new TestMessage { Id = 3 } } };
        byte[] bytes = message.ToBytes();
        Assert.Equal(new byte[] { 0x08, 0x01, 0x3B, 0x08, 0x02, 0x12, 0x01, (byte)'g', 0x3B, 0x08, 0x03, 0x3C, 0x3C }, bytes);
        Assert.Equal(message, TestMessage.Parser.ParseFrom(bytes));
    }

    [Fact]
    public void Packed_and_unpacked_repeated_values_are_both_accepted()
    {
        byte[] bytes = [0x22, 0x03, 0x01, 0xAC, 0x02, 0x20, 0x05, 0x22, 0x00];
        Assert.Equal(new[] { 1, 300, 5 }, TestMessage.Parser.ParseFrom(bytes).Numbers);
    }

    [Fact]
    public void Packed_readers_cover_every_scalar_kind()
    {
        Assert.Equal(new[] { 1.5, -0.0 }, ReadPacked<double>(o => { o.WriteDouble(1.5); o.WriteDouble(-0.0); }, (ref WireReader r, RepeatedField<double> l) => r.ReadPackedDouble(l)));
        Assert.Equal(new[] { 2.5f }, ReadPacked<float>(o => o.WriteFloat(2.5f), (ref WireReader r, RepeatedField<float> l) => r.ReadPackedFloat(l)));
        Assert.Equal(new[] { -1, 7 }, ReadPacked<int>(o => { o.WriteInt32(-1); o.WriteInt32(7); }, (ref WireReader r, RepeatedField<int> l) => r.ReadPackedInt32(l)));
        Assert.Equal(new[] { -1L }, ReadPacked<long>(o => o.WriteInt64(-1), (ref WireReader r, RepeatedField<long> l) => r.ReadPackedInt64(l)));
        Assert.Equal(new[] { 9u }, ReadPacked<uint>(o => o.WriteUInt32(9), (ref WireReader r, RepeatedField<uint> l) => r.ReadPackedUInt32(l)));
        Assert.Equal(new[] { ulong.MaxValue }, ReadPacked<ulong>(o => o.WriteUInt64(ulong.MaxValue), (ref WireReader r, RepeatedField<ulong> l) => r.ReadPackedUInt64(l)));
        Assert.Equal(new[] { -3 }, ReadPacked<int>(o => o.WriteSInt32(-3), (ref WireReader r, RepeatedField<int> l) => r.ReadPackedSInt32(l)));
        Assert.Equal(new[] { -3L }, ReadPacked<long>(o => o.WriteSInt64(-3), (ref WireReader r, RepeatedField<long> l) => r.ReadPackedSInt64(l)));
        Assert.Equal(new[] { 4u }, ReadPacked<uint>(o => o.WriteFixed32(4), (ref WireReader r, RepeatedField<uint> l) => r.ReadPackedFixed32(l)));
        Assert.Equal(new[] { 4ul }, ReadPacked<ulong>(o => o.WriteFixed64(4), (ref WireReader r, RepeatedField<ulong> l) => r.ReadPackedFixed64(l)));
        Assert.Equal(new[] { -4 }, ReadPacked<int>(o => o.WriteSFixed32(-4), (ref WireReader r, RepeatedField<int> l) => r.ReadPackedSFixed32(l)));
        Assert.Equal(new[] { -4L }, ReadPacked<long>(o => o.WriteSFixed64(-4), (ref WireReader r, RepeatedField<long> l) => r.ReadPackedSFixed64(l)));
        Assert.Equal(new[] { true, false }, ReadPacked<bool>(o => { o.WriteBool(true); o.WriteBool(false); }, (ref WireReader r, RepeatedField<bool> l) => r.ReadPackedBool(l)));
        Assert.Equal(new[] { 5 }, ReadPacked<int>(o => o.WriteEnum(5), (ref WireReader r, RepeatedField<int> l) => r.ReadPackedEnum(l)));
        Assert.Equal(new[] { DayOfWeek.Friday, (DayOfWeek)77 }, ReadPacked<DayOfWeek>(o => { o.WriteEnum(5); o.WriteEnum(77); }, (ref WireReader r, RepeatedField<DayOfWeek> l) => r.ReadPackedEnum(l)));
    }

    [Fact]
    public void Packed_varints_read_like_Google_Protobuf_writes_them_for_every_kind_and_length()
    {
        // Payloads of one-byte values only (read without following continuation bits) and of mixed lengths up to
        // 10 bytes, appended after an element already in the list.
        var random = new Random(2026);
        for (int round = 0; round < 300; round++)
        {
            int count = random.Next(0, 40);
            bool small = round % 2 == 0;
            long[] raw = Enumerable.Range(0, count).Select(_ => small ? random.Next(0, 128) : random.NextInt64() >> random.Next(64) ^ -random.Next(2)).ToArray();
            int[] ints = raw.Select(v => (int)v).ToArray();
            Assert.Equal([7, .. ints], ReadPackedAfter(7, o => Array.ForEach(ints, o.WriteInt32), (ref WireReader r, RepeatedField<int> l) => r.ReadPackedInt32(l)));
            Assert.Equal([7L, .. raw], ReadPackedAfter(7L, o => Array.ForEach(raw, o.WriteInt64), (ref WireReader r, RepeatedField<long> l) => r.ReadPackedInt64(l)));
            uint[] uints = ints.Select(v => (uint)v).ToArray();
            Assert.Equal([7u, .. uints], ReadPackedAfter(7u, o => Array.ForEach(uints, o.WriteUInt32), (ref WireReader r, RepeatedField<uint> l) => r.ReadPackedUInt32(l)));
            ulong[] ulongs = raw.Select(v => (ulong)v).ToArray();
            Assert.Equal([7ul, .. ulongs], ReadPackedAfter(7ul, o => Array.ForEach(ulongs, o.WriteUInt64), (ref WireReader r, RepeatedField<ulong> l) => r.ReadPackedUInt64(l)));
            int[] zigzag32 = small ? ints.Select(v => v / 2 * (v % 2 == 0 ? 1 : -1)).ToArray() : ints;
            Assert.Equal([7, .. zigzag32], ReadPackedAfter(7, o => Array.ForEach(zigzag32, o.WriteSInt32), (ref WireReader r, RepeatedField<int> l) => r.ReadPackedSInt32(l)));
            long[] zigzag64 = small ? raw.Select(v => v / 2 * (v % 2 == 0 ? 1 : -1)).ToArray() : raw;
            Assert.Equal([7L, .. zigzag64], ReadPackedAfter(7L, o => Array.ForEach(zigzag64, o.WriteSInt64), (ref WireReader r, RepeatedField<long> l) => r.ReadPackedSInt64(l)));
            Assert.Equal([7, .. ints], ReadPackedAfter(7, o => Array.ForEach(ints, o.WriteEnum), (ref WireReader r, RepeatedField<int> l) => r.ReadPackedEnum(l)));
            DayOfWeek[] days = ints.Select(v => (DayOfWeek)v).ToArray();
            Assert.Equal([DayOfWeek.Sunday, .. days], ReadPackedAfter(DayOfWeek.Sunday, o => Array.ForEach(ints, o.WriteEnum), (ref WireReader r, RepeatedField<DayOfWeek> l) => r.ReadPackedEnum(l)));
            bool[] bools = raw.Select(v => v % 3 == 0).ToArray();
            Assert.Equal([true, .. bools], ReadPackedAfter(true, o => Array.ForEach(bools, o.WriteBool), (ref WireReader r, RepeatedField<bool> l) => r.ReadPackedBool(l)));
        }

        // Any non-zero varint is true, whatever its length.
        Assert.Equal([true, true, false], ReadPackedAfter<bool>(null, o => { o.WriteUInt64(2); o.WriteUInt64(1UL << 40); o.WriteUInt64(0); }, (ref WireReader r, RepeatedField<bool> l) => r.ReadPackedBool(l)));
    }

    [Theory]
    [InlineData(new byte[] { 0x03, 0x01, 0xAC, 0x82 })] // the last value is cut off by the length prefix
    [InlineData(new byte[] { 0x01, 0x80 })] // a payload of one continuation byte
    [InlineData(new byte[] { 0x0C, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 })] // 11 bytes
    public void Malformed_packed_varints_throw_and_add_nothing_to_the_list(byte[] input)
    {
        var list = new RepeatedField<long> { 42 };
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadPackedInt64(list));
        Assert.Equal([42L], list.ToArray());
    }

    [Fact]
    public void Varints_decode_the_same_far_from_and_close_to_the_end_of_the_input()
    {
        // With 10 bytes or more left a varint is decoded without checking the end at each byte; with fewer, it is.
        var random = new Random(7);
        for (int i = 0; i < 500; i++)
        {
            ulong value = (ulong)random.NextInt64() >> random.Next(64);
            byte[] encoded = WireWriterTests.OracleBytes(o => o.WriteUInt64(value));
            for (int padding = 0; padding <= 10; padding++)
            {
                byte[] input = [.. encoded, .. new byte[padding]];
                var reader = new WireReader(input);
                Assert.Equal(value, reader.ReadUInt64());
                Assert.Equal(encoded.Length, reader.Position);
                reader = new WireReader(input);
                Assert.Equal((uint)value, reader.ReadUInt32());
                Assert.Equal(encoded.Length, reader.Position);
            }
        }
    }

    [Fact]
    public void Strings_of_every_length_read_like_Google_Protobuf_and_invalid_UTF8_throws()
    {
        // ASCII strings take a widening path (inline up to 64 bytes, in 64-byte blocks above, the last overlapping);
        // any other byte sends them to the strict UTF-8 decoder, which must still reject invalid sequences wherever
        // they are.
        var random = new Random(11);
        for (int length = 0; length <= 300; length++)
        {
            string ascii = new(Enumerable.Range(0, length).Select(_ => (char)random.Next(0, 128)).ToArray());
            Assert.Equal(ascii, ReadStringFromGoogle(ascii));
            if (length == 0)
            {
                continue;
            }

            char[] chars = ascii.ToCharArray();
            chars[random.Next(length)] = 'é';
            string mixed = new(chars);
            Assert.Equal(mixed, ReadStringFromGoogle(mixed));

            byte[] invalid = System.Text.Encoding.ASCII.GetBytes(ascii);
            invalid[random.Next(length)] = 0xFF;
            byte[] input = [.. WireWriterTests.OracleBytes(o => o.WriteLength(invalid.Length)), .. invalid];
            Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadString());
        }

        static string ReadStringFromGoogle(string value) => new WireReader(WireWriterTests.OracleBytes(o => o.WriteString(value))).ReadString();
    }

    [Theory]
    [InlineData(new byte[] { 0xC3 })] // a 2-byte sequence cut off at the end
    [InlineData(new byte[] { 0xC0, 0xAF })] // overlong encoding of '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a UTF-16 surrogate encoded as UTF-8
    [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })] // above U+10FFFF
    [InlineData(new byte[] { 0xE6, 0x97 })] // a 3-byte sequence cut off
    public void Invalid_UTF8_throws_in_short_and_long_strings(byte[] invalid)
    {
        // Up to 1,024 bytes non-ASCII text is decoded on the stack, longer text by the UTF-8 decoder: both reject it.
        foreach (int padding in new[] { 0, 10, 1_020, 3_000 })
        {
            byte[] text = [.. System.Text.Encoding.UTF8.GetBytes(new string('ж', padding / 2)), .. invalid];
            byte[] input = [.. WireWriterTests.OracleBytes(o => o.WriteLength(text.Length)), .. text];
            Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadString());
        }
    }

    [Fact]
    public void Non_ASCII_strings_on_both_sides_of_the_stack_decoding_limit_read_back()
    {
        foreach (int chars in new[] { 1, 204, 205, 409, 410, 411, 1_000, 5_000 })
        {
            // 2- and 3-byte chars, and surrogate pairs (4 bytes), on both sides of 1,024 UTF-8 bytes.
            string text = new string('ж', chars / 2) + new string('日', chars - chars / 2);
            byte[] input = WireWriterTests.OracleBytes(o => o.WriteString(text));
            Assert.Equal(text, new WireReader(input).ReadString());
            string emoji = string.Concat(Enumerable.Repeat("a😀", chars));
            Assert.Equal(emoji, new WireReader(WireWriterTests.OracleBytes(o => o.WriteString(emoji))).ReadString());
        }
    }

    [Fact]
    public void Packed_fixed_payload_that_is_not_a_whole_number_of_values_throws()
    {
        byte[] input = [0x05, 1, 2, 3, 4, 5];
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadPackedFixed32(new RepeatedField<uint>()));
        Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(input).ReadPackedDouble(new RepeatedField<double>()));
    }

    [Fact]
    public void SkipField_skips_every_wire_type()
    {
        byte[] bytes = WireWriterTests.OracleBytes(o =>
        {
            o.WriteTag(1, GP.WireFormat.WireType.Varint);
            o.WriteInt64(-1);
            o.WriteTag(2, GP.WireFormat.WireType.Fixed64);
            o.WriteFixed64(1);
            o.WriteTag(3, GP.WireFormat.WireType.LengthDelimited);
            o.WriteString("abc");
            o.WriteTag(4, GP.WireFormat.WireType.StartGroup);
            o.WriteTag(5, GP.WireFormat.WireType.Fixed32);
            o.WriteFixed32(1);
            o.WriteTag(4, GP.WireFormat.WireType.EndGroup);
            o.WriteTag(6, GP.WireFormat.WireType.Fixed32);
            o.WriteFixed32(1);
        });
        var reader = new WireReader(bytes);
        int fields = 0;
        uint tag;
        while ((tag = reader.ReadTag()) != 0)
        {
            reader.SkipField(tag);
            fields++;
        }

        Assert.Equal(5, fields);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void Random_corruptions_only_ever_throw_InvalidProtocolBufferException()
    {
        var message = new TestMessage
        {
            Id = -5,
            Name = "héllo wörld",
            Child = new TestMessage { Id = 7, Numbers = { 1, 2, 300 }, Group = new TestMessage { Name = "x" } },
            Data = ByteString.CopyFrom(1, 2, 3),
            Ratio = 2.5,
            Kind = 1,
        };
        message.Numbers.Add(-1);
        message.Counts["a"] = 1;
        message.Counts["bb"] = -2;
        byte[] valid = message.ToBytes();
        var random = new Random(7);
        for (int i = 0; i < 20_000; i++)
        {
            byte[] corrupt = (byte[])valid.Clone();
            int changes = 1 + random.Next(4);
            for (int c = 0; c < changes; c++)
            {
                corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            }

            int length = random.Next(4) == 0 ? random.Next(corrupt.Length + 1) : corrupt.Length;
            try
            {
                TestMessage parsed = TestMessage.Parser.ParseFrom(corrupt.AsSpan(0, length));
                _ = parsed.ToBytes();
            }
            catch (InvalidProtocolBufferException)
            {
            }
        }
    }

    [Fact]
    public void Cut_and_corrupted_input_reads_nothing_past_the_end_of_its_span()
    {
        // The reader indexes its buffer without the span's own bounds checks once a value's bytes are known to be
        // there. Every prefix of a message (and of corrupted copies), given as a slice of a longer array whose next
        // bytes are the rest of the message, must parse exactly as the same prefix copied into an array of its own:
        // a read past the slice would see those next bytes and behave differently.
        var message = new TestMessage
        {
            Id = -5,
            Name = "héllo wörld, a string long enough for the vector paths: ünïcödé",
            Child = new TestMessage { Id = 7, Numbers = { 1, 2, 300, -1, int.MaxValue }, Name = "sixteen chars..." },
            Data = ByteString.CopyFrom(Enumerable.Range(0, 40).Select(i => (byte)i).ToArray()),
            Ratio = 2.5,
            Kind = 1,
        };
        message.Counts["key of twenty chars."] = 1;
        byte[] valid = message.ToBytes();
        var random = new Random(13);
        for (int round = 0; round < 200; round++)
        {
            byte[] input = (byte[])valid.Clone();
            if (round > 0)
            {
                input[random.Next(input.Length)] = (byte)random.Next(256);
            }

            for (int length = 0; length <= input.Length; length++)
            {
                string fromSlice = Outcome(input.AsSpan(0, length));
                string fromCopy = Outcome(input.AsSpan(0, length).ToArray());
                Assert.Equal(fromCopy, fromSlice);
            }
        }

        static string Outcome(ReadOnlySpan<byte> bytes)
        {
            try
            {
                return Convert.ToHexString(TestMessage.Parser.ParseFrom(bytes).ToBytes());
            }
            catch (InvalidProtocolBufferException e)
            {
                return e.Message;
            }
        }
    }

    [Fact]
    public void Random_bytes_only_ever_throw_InvalidProtocolBufferException()
    {
        var random = new Random(11);
        byte[] buffer = new byte[64];
        for (int i = 0; i < 50_000; i++)
        {
            Span<byte> input = buffer.AsSpan(0, random.Next(buffer.Length + 1));
            random.NextBytes(input);
            try
            {
                TestMessage.Parser.ParseFrom(input);
            }
            catch (InvalidProtocolBufferException)
            {
            }
        }
    }

    internal static byte[] NestedMessages(int depth)
    {
        byte[] bytes = [0x08, 0x01];
        for (int i = 0; i < depth; i++)
        {
            byte[] prefix = WireWriterTests.OracleBytes(o => { o.WriteTag(3, GP.WireFormat.WireType.LengthDelimited); o.WriteLength(bytes.Length); });
            bytes = [.. prefix, .. bytes];
        }

        return bytes;
    }

    private static byte[] NestedGroups(byte start, byte end, int depth)
    {
        byte[] bytes = new byte[2 * depth];
        bytes.AsSpan(0, depth).Fill(start);
        bytes.AsSpan(depth).Fill(end);
        return bytes;
    }

    private delegate void ReadInto<T>(ref WireReader reader, RepeatedField<T> list);

    private static T[] ReadPacked<T>(Action<GP.CodedOutputStream> writeValues, ReadInto<T> read)
    {
        byte[] payload = WireWriterTests.OracleBytes(writeValues);
        byte[] bytes = [.. WireWriterTests.OracleBytes(o => o.WriteLength(payload.Length)), .. payload];
        var list = new RepeatedField<T>();
        var reader = new WireReader(bytes);
        read(ref reader, list);
        Assert.True(reader.IsAtEnd);
        return list.AsSpan().ToArray();
    }

    private static T[] ReadPackedAfter<T>(T? first, Action<GP.CodedOutputStream> writeValues, ReadInto<T> read)
        where T : struct
    {
        byte[] payload = WireWriterTests.OracleBytes(writeValues);
        byte[] bytes = [.. WireWriterTests.OracleBytes(o => o.WriteLength(payload.Length)), .. payload];
        var list = new RepeatedField<T>();
        if (first is T value)
        {
            list.Add(value);
        }

        var reader = new WireReader(bytes);
        read(ref reader, list);
        Assert.True(reader.IsAtEnd);
        return list.AsSpan().ToArray();
    }

    private static InvalidProtocolBufferException AssertInvalid(byte[] input) =>
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseFrom(input));
}
