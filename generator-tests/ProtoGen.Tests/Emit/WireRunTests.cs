using System.Buffers;
using ProtoGen.Compiler.Model;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

/// <summary>Singular scalar fields in a row are written through a <see cref="ProtoGen.Wire.WireRun"/>, which does no space
/// check per write: its bound must cover the longest encoding of every field, and a buffer with less room than the bound
/// must still get the right bytes (through scratch) or a clear error.</summary>
public sealed class WireRunTests
{
    private const int LongTagField = 536870911;

    private static FileModel Model() => new FileBuilder("test/runs.proto", "test.runs")
        .Enum("Color", "COLOR_UNSPECIFIED", "COLOR_RED")
        .Message("Longest", m => m
            .Field("a_int32", 1, FieldType.Int32)
            .Field("a_int64", 2, FieldType.Int64)
            .Field("a_uint32", 3, FieldType.UInt32)
            .Field("a_uint64", 4, FieldType.UInt64)
            .Field("a_sint32", 5, FieldType.SInt32)
            .Field("a_sint64", 6, FieldType.SInt64)
            .Field("a_enum", 7, FieldType.Enum, ".test.runs.Color")
            .Field("a_bool", 8, FieldType.Bool)
            .Field("a_fixed32", 9, FieldType.Fixed32)
            .Field("a_fixed64", 10, FieldType.Fixed64)
            .Field("a_sfixed32", 11, FieldType.SFixed32)
            .Field("a_sfixed64", 12, FieldType.SFixed64)
            .Field("a_float", 13, FieldType.Float)
            .Field("a_double", 2047, FieldType.Double)
            .Field("a_far", LongTagField, FieldType.Int32))
        .Message("Split", m => m
            .Field("a", 1, FieldType.Int64)
            .Field("b", 2, FieldType.Fixed32)
            .Field("text", 3, FieldType.String)
            .Field("c", 4, FieldType.SInt64)
            .Field("d", 5, FieldType.Double)
            .Field("e", 6, FieldType.Int32))
        .Build();

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(Model()));

    private static dynamic Longest()
    {
        var m = Assembly.Value.New("Test.Runs.Longest");
        m.AInt32 = -1;
        m.AInt64 = long.MinValue;
        m.AUint32 = uint.MaxValue;
        m.AUint64 = ulong.MaxValue;
        m.ASint32 = int.MinValue;
        m.ASint64 = long.MinValue;
        m.AEnum = (dynamic)System.Enum.ToObject(Assembly.Value.Type("Test.Runs.Color"), -1);
        m.ABool = true;
        m.AFixed32 = 1U;
        m.AFixed64 = 2UL;
        m.ASfixed32 = -3;
        m.ASfixed64 = -4L;
        m.AFloat = 5.5f;
        m.ADouble = -6.25;
        m.AFar = int.MinValue;
        return m;
    }

    private static byte[] LongestOracle() => Oracle.Bytes(o =>
    {
        o.Tag(1, GWireType.Varint); o.WriteInt32(-1);
        o.Tag(2, GWireType.Varint); o.WriteInt64(long.MinValue);
        o.Tag(3, GWireType.Varint); o.WriteUInt32(uint.MaxValue);
        o.Tag(4, GWireType.Varint); o.WriteUInt64(ulong.MaxValue);
        o.Tag(5, GWireType.Varint); o.WriteSInt32(int.MinValue);
        o.Tag(6, GWireType.Varint); o.WriteSInt64(long.MinValue);
        o.Tag(7, GWireType.Varint); o.WriteEnum(-1);
        o.Tag(8, GWireType.Varint); o.WriteBool(true);
        o.Tag(9, GWireType.Fixed32); o.WriteFixed32(1);
        o.Tag(10, GWireType.Fixed64); o.WriteFixed64(2);
        o.Tag(11, GWireType.Fixed32); o.WriteSFixed32(-3);
        o.Tag(12, GWireType.Fixed64); o.WriteSFixed64(-4);
        o.Tag(13, GWireType.Fixed32); o.WriteFloat(5.5f);
        o.Tag(2047, GWireType.Fixed64); o.WriteDouble(-6.25);
        o.Tag(LongTagField, GWireType.Varint); o.WriteInt32(int.MinValue);
    });

    [Fact]
    public void A_runs_bound_is_the_longest_encoding_of_its_fields()
    {
        // Every field at its longest (10-byte varints, 5-byte uint32 and sint32, 2- and 5-byte tags) fills the bound
        // exactly: a bound one byte short would let the run write past the space it was given.
        byte[] expected = LongestOracle();
        Assert.Contains($"writer.BeginRun({expected.Length});", Assembly.Value.Source);
        Assert.Equal(expected, GeneratedAssembly.Bytes(Longest()));
    }

    [Fact]
    public void Runs_write_the_same_bytes_into_exact_roomy_and_segmented_outputs()
    {
        var full = Longest();
        var one = Assembly.Value.New("Test.Runs.Longest");
        one.AFixed64 = 2UL;
        var split = Assembly.Value.New("Test.Runs.Split");
        split.A = 300L;
        split.B = 7U;
        split.Text = "between the runs";
        split.C = -1L;
        split.D = 0.5;
        split.E = 9;
        foreach (object message in new object[] { full, one, split })
        {
            byte[] expected = ((IMessage)message).ToByteArray();
            int size = expected.Length;
            Assert.Equal(size, ((IMessage)message).CalculateSize());
            Assert.Equal(expected, GpReparse(message, expected));

            // Exactly the message's size: a run whose bound is larger writes to scratch, then is copied in.
            byte[] exact = new byte[size];
            Assert.Equal(size, MessageSerializer.WriteTo((IMessage)message, exact));
            Assert.Equal(expected, exact);

            // Room to spare past the end: the run writes in place and nothing past the message changes.
            byte[] roomy = Enumerable.Repeat((byte)0xAA, size + 200).ToArray();
            Assert.Equal(size, MessageSerializer.WriteTo((IMessage)message, roomy));
            Assert.Equal(expected, roomy[..size]);
            Assert.All(roomy[size..], b => Assert.Equal(0xAA, b));

            var buffer = new ArrayBufferWriter<byte>(1);
            MessageSerializer.WriteTo((IMessage)message, buffer);
            Assert.Equal(expected, buffer.WrittenSpan.ToArray());

            // Behind other bytes in a buffer that ends exactly at the message's end.
            byte[] behind = new byte[size + 3];
            var writer = new ProtoGen.Wire.WireWriter(behind);
            writer.WriteRawTag(1, 2, 3);
            ((IMessage)message).WriteTo(ref writer);
            Assert.Equal(size + 3, writer.Position);
            Assert.Equal(expected, behind[3..]);
        }

        Assert.Contains("writer.BeginRun(", Assembly.Value.Source);
    }

    [Fact]
    public void A_run_that_does_not_fit_in_the_buffer_throws_rather_than_writing_past_it()
    {
        byte[] expected = LongestOracle();
        byte[] shortBuffer = new byte[expected.Length - 1];
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new ProtoGen.Wire.WireWriter(shortBuffer);
            ((IMessage)Longest()).WriteTo(ref writer);
        });
    }

    // Google.Protobuf's reading of our bytes, written again by Google.Protobuf: the same bytes when they are canonical.
    private static byte[] GpReparse(object message, byte[] bytes)
    {
        var input = new global::Google.Protobuf.CodedInputStream(bytes);
        var output = new MemoryStream();
        var copy = new global::Google.Protobuf.CodedOutputStream(output);
        while (input.ReadTag() is uint tag and not 0)
        {
            copy.WriteTag(tag);
            switch (global::Google.Protobuf.WireFormat.GetTagWireType(tag))
            {
                case GWireType.Varint: copy.WriteUInt64(input.ReadUInt64()); break;
                case GWireType.Fixed32: copy.WriteFixed32(input.ReadFixed32()); break;
                case GWireType.Fixed64: copy.WriteFixed64(input.ReadFixed64()); break;
                case GWireType.LengthDelimited: copy.WriteBytes(input.ReadBytes()); break;
                default: throw new InvalidOperationException($"Unexpected wire type in {message.GetType().Name}.");
            }
        }
        copy.Flush();
        return output.ToArray();
    }
}
