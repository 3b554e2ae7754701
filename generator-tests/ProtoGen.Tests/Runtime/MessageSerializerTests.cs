using ProtoGen.Tests.Infrastructure;
using System.Buffers;
using ProtoGen.Wire;
using GP = Google.Protobuf;

namespace ProtoGen.Tests.Runtime;

public class MessageSerializerTests
{
    private static TestMessage Sample()
    {
        var message = new TestMessage
        {
            Id = -7,
            Name = "name ünïcode",
            Child = new TestMessage { Id = 1, Name = "child", Child = new TestMessage { Ratio = -0.0 } },
            Data = ByteString.CopyFrom(0, 255, 7),
            Ratio = 3.25,
            Group = new TestMessage { Id = 2 },
            Kind = 1,
        };
        message.Numbers.AddRange([1, -1, 300]);
        message.Counts["one"] = 1;
        message.Counts["minus"] = -1;
        return message;
    }

    [Fact]
    public void Output_matches_the_same_fields_written_by_Google_Protobuf()
    {
        TestMessage message = Sample();
        byte[] expected = WireWriterTests.OracleBytes(o =>
        {
            o.WriteTag(1, GP.WireFormat.WireType.Varint);
            o.WriteInt32(-7);
            o.WriteTag(2, GP.WireFormat.WireType.LengthDelimited);
            o.WriteString("name ünïcode");
            o.WriteTag(3, GP.WireFormat.WireType.LengthDelimited);
            byte[] grandChild = WireWriterTests.OracleBytes(g => { g.WriteTag(6, GP.WireFormat.WireType.Fixed64); g.WriteDouble(-0.0); });
            byte[] child = WireWriterTests.OracleBytes(c =>
            {
                c.WriteTag(1, GP.WireFormat.WireType.Varint);
                c.WriteInt32(1);
                c.WriteTag(2, GP.WireFormat.WireType.LengthDelimited);
                c.WriteString("child");
                c.WriteTag(3, GP.WireFormat.WireType.LengthDelimited);
                c.WriteBytes(GP.ByteString.CopyFrom(grandChild));
            });
            o.WriteBytes(GP.ByteString.CopyFrom(child));
            o.WriteTag(4, GP.WireFormat.WireType.LengthDelimited);
            byte[] packed = WireWriterTests.OracleBytes(p => { p.WriteInt32(1); p.WriteInt32(-1); p.WriteInt32(300); });
            o.WriteBytes(GP.ByteString.CopyFrom(packed));
            o.WriteTag(5, GP.WireFormat.WireType.LengthDelimited);
            o.WriteBytes(GP.ByteString.CopyFrom(0, 255, 7));
            o.WriteTag(6, GP.WireFormat.WireType.Fixed64);
            o.WriteDouble(3.25);
            o.WriteTag(7, GP.WireFormat.WireType.StartGroup);
            o.WriteTag(1, GP.WireFormat.WireType.Varint);
            o.WriteInt32(2);
            o.WriteTag(7, GP.WireFormat.WireType.EndGroup);
            foreach ((string key, int value) in new[] { ("one", 1), ("minus", -1) })
            {
                o.WriteTag(8, GP.WireFormat.WireType.LengthDelimited);
                byte[] entry = WireWriterTests.OracleBytes(e =>
                {
                    e.WriteTag(1, GP.WireFormat.WireType.LengthDelimited);
                    e.WriteString(key);
                    e.WriteTag(2, GP.WireFormat.WireType.Varint);
                    e.WriteInt32(value);
                });
                o.WriteBytes(GP.ByteString.CopyFrom(entry));
            }

            o.WriteTag(9, GP.WireFormat.WireType.Varint);
            o.WriteEnum(1);
        });

        Assert.Equal(expected, MessageSerializer.ToByteArray(message));
        Assert.Equal(expected.Length, message.CalculateSize());
        Assert.Equal(message, TestMessage.Parser.ParseFrom(expected));
    }

    [Fact]
    public void Every_output_kind_writes_the_same_bytes()
    {
        TestMessage message = Sample();
        byte[] expected = MessageSerializer.ToByteArray(message);

        byte[] span = new byte[expected.Length + 10];
        Assert.Equal(expected.Length, MessageSerializer.WriteTo(message, span));
        Assert.Equal(expected, span.AsSpan(0, expected.Length).ToArray());
        Assert.Throws<ArgumentException>(() => MessageSerializer.WriteTo(message, new byte[expected.Length - 1]));

        var bufferWriter = new ArrayBufferWriter<byte>();
        MessageSerializer.WriteTo(message, bufferWriter);
        Assert.Equal(expected, bufferWriter.WrittenSpan.ToArray());

        var stream = new MemoryStream();
        MessageSerializer.WriteTo(message, stream);
        Assert.Equal(expected, stream.ToArray());
    }

    [Theory]
    [InlineData(511)]
    [InlineData(4095)]
    [InlineData(4096)]
    [InlineData(4097)]
    [InlineData(9000)]
    public void Multi_segment_input_parses_from_a_stack_or_pooled_copy_alike(int size)
    {
        // Up to 4 KiB the segments are copied to the stack, above that to a pooled array.
        var message = new TestMessage { Id = 5 };
        message.Name = new string('n', size - MessageSerializer.ToByteArray(message).Length - 3);
        byte[] bytes = MessageSerializer.ToByteArray(message);
        Assert.Equal(size, bytes.Length);
        Assert.Equal(message, TestMessage.Parser.ParseFrom(Sequences.Split(bytes, 3)));
        Assert.Equal(message, TestMessage.Parser.ParseFrom(Sequences.Split(bytes, size / 2 + 1)));
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseFrom(Sequences.Split(bytes.AsSpan(0, size - 1).ToArray(), 7)));
    }

    [Theory]
    [InlineData(40)]
    [InlineData(512)]
    [InlineData(513)]
    [InlineData(5000)]
    public void Multi_segment_input_read_from_its_segments_parses_every_split_alike(int size)
    {
        // The segments are read directly (not through ReadOnlySequence.CopyTo): a sequence that starts and ends inside
        // a segment, empty segments, one-byte segments, and sizes at the edges of the two stack copies.
        var message = new TestMessage { Id = 5 };
        message.Name = new string('n', size - MessageSerializer.ToByteArray(message).Length - (size < 130 ? 2 : 3));
        byte[] bytes = MessageSerializer.ToByteArray(message);
        Assert.Equal(size, bytes.Length);
        byte[] padded = [1, 2, 3, .. bytes, 4, 5];
        int half = size / 2;
        ReadOnlySequence<byte>[] sequences =
        [
            Sequences.Of(padded.AsMemory(0, 3 + half), padded.AsMemory(3 + half)).Slice(3, size),
            Sequences.Of(bytes.AsMemory(0, 1), ReadOnlyMemory<byte>.Empty, bytes.AsMemory(1, half), ReadOnlyMemory<byte>.Empty, bytes.AsMemory(1 + half)),
            Sequences.Of(bytes.AsMemory(0, size - 1), bytes.AsMemory(size - 1), ReadOnlyMemory<byte>.Empty).Slice(0, size),
            Sequences.Segmented(bytes, 1),
            Sequences.Segmented(bytes, size / 3 + 1),
        ];
        foreach (ReadOnlySequence<byte> sequence in sequences)
        {
            Assert.False(sequence.IsSingleSegment);
            Assert.Equal(size, sequence.Length);
            Assert.Equal(message, TestMessage.Parser.ParseFrom(sequence));
            Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseFrom(sequence.Slice(0, size - 1)));
        }
    }

    [Fact]
    public void Every_input_kind_parses_the_same_message()
    {
        TestMessage message = Sample();
        byte[] bytes = MessageSerializer.ToByteArray(message);
        Assert.Equal(message, TestMessage.Parser.ParseFrom(bytes));
        Assert.Equal(message, TestMessage.Parser.ParseFrom([0xFF, .. bytes, 0xFF], 1, bytes.Length));
        Assert.Equal(message, TestMessage.Parser.ParseFrom(new ReadOnlySequence<byte>(bytes)));
        Assert.Equal(message, TestMessage.Parser.ParseFrom(Sequences.Split(bytes, 3)));
        Assert.Equal(message, TestMessage.Parser.ParseFrom(new MemoryStream(bytes)));
        Assert.Equal(message, TestMessage.Parser.ParseFrom(new NonSeekableStream(bytes)));
        Assert.Equal(message, TestMessage.Parser.ParseFrom(ByteString.CopyFrom(bytes)));
        Assert.Equal(new TestMessage(), TestMessage.Parser.ParseFrom(Array.Empty<byte>()));
        Assert.Equal(new TestMessage(), TestMessage.Parser.ParseFrom(new MemoryStream()));

        var merged = new TestMessage { Id = 1, Numbers = { 9 } };
        MessageSerializer.MergeFrom(merged, bytes);
        Assert.Equal(new[] { 9, 1, -1, 300 }, merged.Numbers);
        Assert.Equal(-7, merged.Id);
    }

    [Fact]
    public void Delimited_messages_follow_each_other_in_a_stream()
    {
        var stream = new MemoryStream();
        MessageSerializer.WriteDelimitedTo(Sample(), stream);
        MessageSerializer.WriteDelimitedTo(new TestMessage { Id = 2 }, stream);
        MessageSerializer.WriteDelimitedTo(new TestMessage(), stream);
        stream.Position = 0;

        // Google.Protobuf reads the same framing.
        var input = new GP.CodedInputStream(stream.ToArray());
        Assert.Equal(Sample().CalculateSize(), input.ReadLength());

        Assert.Equal(Sample(), TestMessage.Parser.ParseDelimitedFrom(stream));
        Assert.Equal(2, TestMessage.Parser.ParseDelimitedFrom(stream).Id);
        Assert.Equal(new TestMessage(), TestMessage.Parser.ParseDelimitedFrom(stream));
        Assert.False(MessageSerializer.MergeDelimitedFrom(new TestMessage(), stream));
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseDelimitedFrom(stream));
    }

    [Fact]
    public void Delimited_stream_with_a_forged_length_fails_without_a_huge_allocation()
    {
        byte[] forged = [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x08, 0x01];
        long before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseDelimitedFrom(new MemoryStream(forged)));
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseDelimitedFrom(new NonSeekableStream(forged)));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1_000_000);
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseDelimitedFrom(new MemoryStream([0x80])));
        Assert.Throws<InvalidProtocolBufferException>(() => TestMessage.Parser.ParseDelimitedFrom(new MemoryStream([0x03, 0x08])));
    }

    [Fact]
    public void Writing_to_a_reused_buffer_writer_allocates_nothing()
    {
        TestMessage message = Sample();
        var output = new ArrayBufferWriter<byte>(1024);
        for (int i = 0; i < 100; i++)
        {
            output.ResetWrittenCount();
            MessageSerializer.WriteTo(message, output);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            output.ResetWrittenCount();
            MessageSerializer.WriteTo(message, output);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(MessageSerializer.ToByteArray(message), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Writing_into_a_span_allocates_nothing()
    {
        TestMessage message = Sample();
        byte[] buffer = new byte[1024];
        MessageSerializer.WriteTo(message, buffer);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            MessageSerializer.WriteTo(message, buffer);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_message_changed_after_sizing_is_reported_not_silently_truncated()
    {
        var message = new TestMessage { Name = "abc" };
        message.CalculateSize();
        message.Name = "abcdef";
        Assert.Throws<InvalidOperationException>(() =>
        {
            byte[] buffer = new byte[5];
            var writer = new WireWriter(buffer);
            ((IMessage)message).WriteTo(ref writer);
        });
    }

    private sealed class NonSeekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        // Hand out at most 3 bytes per call, as a network stream might.
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 3));
    }
}
