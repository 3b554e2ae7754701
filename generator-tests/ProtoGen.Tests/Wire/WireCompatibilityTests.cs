extern alias gp;
using System.Buffers;
using Google.Protobuf;
using ProtoGen.Tests.Infrastructure;
using Gp = gp::ProtoGen.Samples.Types;
using GpStore = gp::Acme.Store.V1;
using GpLegacy = gp::ProtoGen.Samples.Legacy;
using GpVersioning = gp::ProtoGen.Samples.Versioning;
using Pg = ProtoGen.Samples.Types;
using PgStore = Acme.Store.V1;
using PgLegacy = ProtoGen.Samples.Legacy;
using PgVersioning = ProtoGen.Samples.Versioning;

namespace ProtoGen.Tests.Wire;

/// <summary>
/// ProtoGen's generated code against protoc's (Google.Protobuf 3.25.1) for the same .proto files: same bytes both ways,
/// for randomized messages covering every field kind and edge value.
/// </summary>
public sealed class WireCompatibilityTests
{
    private const int Seeds = 150;

    public static TheoryData<string> MessageTypes() => new(Cases.Keys);

    private static readonly Dictionary<string, Case> Cases = new[]
    {
        Case.Of<Gp.AllTypes, Pg.AllTypes>(Pg.AllTypes.Parser),
        Case.Of<Gp.Wrappers, Pg.Wrappers>(Pg.Wrappers.Parser),
        Case.Of<Gp.TreeNode, Pg.TreeNode>(Pg.TreeNode.Parser),
        Case.Of<GpStore.Item, PgStore.Item>(PgStore.Item.Parser),
        Case.Of<GpStore.Order, PgStore.Order>(PgStore.Order.Parser),
        Case.Of<GpStore.UpdateItemRequest, PgStore.UpdateItemRequest>(PgStore.UpdateItemRequest.Parser),
        Case.Of<GpStore.StockUpdate, PgStore.StockUpdate>(PgStore.StockUpdate.Parser),
        Case.Of<GpVersioning.ProfileV2, PgVersioning.ProfileV2>(PgVersioning.ProfileV2.Parser),
        Case.Of<GpLegacy.Ticket, PgLegacy.Ticket>(PgLegacy.Ticket.Parser),
    }.ToDictionary(c => c.Name);

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Google_bytes_parsed_by_ProtoGen_are_written_back_identically(string type)
    {
        var testCase = Cases[type];
        for (int seed = 0; seed < Seeds; seed++)
        {
            var google = testCase.RandomGoogle(seed);
            var bytes = google.ToByteArray();
            var ours = testCase.Parse(bytes);

            Assert.Equal(bytes.Length, ours.CalculateSize());
            AssertBytes(bytes, testCase.ToBytes(ours), $"{type} seed {seed}");
            // Google's own re-parse is the reference: a -0.0 set on the original is not written, even by Google.
            Assert.Equal(testCase.ParseGoogle(bytes), testCase.ParseGoogle(testCase.ToBytes(ours)));
        }
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_write_path_gives_the_same_bytes(string type)
    {
        var testCase = Cases[type];
        for (int seed = 0; seed < 40; seed++)
        {
            var bytes = testCase.RandomGoogle(seed).ToByteArray();
            var ours = testCase.Parse(bytes);

            var bufferWriter = new ArrayBufferWriter<byte>();
            MessageSerializer.WriteTo(ours, bufferWriter);
            AssertBytes(bytes, bufferWriter.WrittenSpan.ToArray(), "IBufferWriter");
            var table = ProtoGen.Wire.SizeTable.Rent();
            Assert.True(ours.CalculateWriteBound(table) >= bytes.Length, $"{type} seed {seed}: the write bound is below the size");
            table.Return();

            var span = new byte[bytes.Length + 10];
            int written = MessageSerializer.WriteTo(ours, span);
            AssertBytes(bytes, span.AsSpan(0, written).ToArray(), "Span");

            using var stream = new MemoryStream();
            MessageSerializer.WriteTo(ours, stream);
            AssertBytes(bytes, stream.ToArray(), "Stream");
        }
    }

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_parse_path_gives_an_equal_message(string type)
    {
        var testCase = Cases[type];
        for (int seed = 0; seed < 40; seed++)
        {
            var bytes = testCase.RandomGoogle(seed).ToByteArray();
            var fromArray = testCase.Parse(bytes);

            Assert.Equal(fromArray, testCase.ParseSequence(Sequences.Segmented(bytes, 3)));
            Assert.Equal(fromArray, testCase.ParseSequence(new ReadOnlySequence<byte>(bytes)));
            Assert.Equal(fromArray, testCase.ParseStream(new MemoryStream(bytes)));

            var clone = testCase.DeepClone(fromArray);
            Assert.Equal(fromArray, clone);
            Assert.Equal(fromArray.GetHashCode(), clone.GetHashCode());
            AssertBytes(bytes, testCase.ToBytes(clone), "clone");
        }
    }

    [Fact]
    public void Old_reader_keeps_unknown_fields_and_writes_them_back()
    {
        for (int seed = 0; seed < Seeds; seed++)
        {
            var v2 = new GoogleRandomMessages(seed).Fill(new GpVersioning.ProfileV2());
            var bytes = v2.ToByteArray();

            var v1 = PgVersioning.ProfileV1.Parser.ParseFrom(bytes);
            Assert.Equal(v2.Name, v1.Name);
            // v2 writes name (field 1) first, so unknown fields (written last) keep their place.
            AssertBytes(bytes, v1.ToByteArray(), $"seed {seed}");
            Assert.Equal(GpVersioning.ProfileV2.Parser.ParseFrom(bytes), GpVersioning.ProfileV2.Parser.ParseFrom(v1.ToByteArray()));
        }
    }

    [Fact]
    public void Negative_int32_is_a_ten_byte_varint()
    {
        var ours = new Pg.AllTypes { FInt32 = -1 };
        var google = new Gp.AllTypes { FInt32 = -1 };
        Assert.Equal(11, ours.CalculateSize());
        AssertBytes(google.ToByteArray(), ours.ToByteArray(), "int32 -1");
    }

    [Fact]
    public void Negative_zero_and_NaN_are_encoded_as_Google_encodes_them()
    {
        var nan = BitConverter.Int64BitsToDouble(0x7FF8_0000_0000_1234);
        // Implicit presence: Google.Protobuf writes a double when x != 0, so -0.0 is left out and NaN is written.
        // Explicit presence (optional) and repeated values are written as they are, bit for bit.
        var ours = new Pg.AllTypes { FDouble = -0.0, FFloat = float.NaN, ODouble = -0.0, RDouble = { nan, -0.0 } };
        var google = new Gp.AllTypes { FDouble = -0.0, FFloat = float.NaN, ODouble = -0.0, RDouble = { nan, -0.0 } };
        AssertBytes(google.ToByteArray(), ours.ToByteArray(), "-0.0 and NaN");

        var back = Pg.AllTypes.Parser.ParseFrom(ours.ToByteArray());
        Assert.Equal(0L, BitConverter.DoubleToInt64Bits(back.FDouble));
        Assert.True(float.IsNaN(back.FFloat));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(back.ODouble));
        Assert.Equal(0x7FF8_0000_0000_1234, BitConverter.DoubleToInt64Bits(back.RDouble[0]));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(back.RDouble[1]));
        Assert.Equal(back, Pg.AllTypes.Parser.ParseFrom(ours.ToByteArray()));
    }

    [Fact]
    public void Empty_optional_is_present_and_absent_optional_is_not()
    {
        var present = new Pg.AllTypes { OString = "", OInt32 = 0 };
        var absent = new Pg.AllTypes();
        Assert.True(present.HasOString);
        Assert.False(absent.HasOString);
        AssertBytes(new Gp.AllTypes { OString = "", OInt32 = 0 }.ToByteArray(), present.ToByteArray(), "present");
        Assert.Empty(absent.ToByteArray());
        Assert.NotEqual(present, absent);

        var parsed = Pg.AllTypes.Parser.ParseFrom(present.ToByteArray());
        Assert.True(parsed.HasOString);
        Assert.True(parsed.HasOInt32);
        parsed.ClearOString();
        Assert.False(parsed.HasOString);
    }

    [Fact]
    public void Non_ascii_and_surrogate_pair_strings_match_Google()
    {
        foreach (var text in new[] { "héllo", "日本語", "😀🎉", "a\u0000b", "𝄞" + new string('é', 300) })
        {
            var ours = new Pg.AllTypes { FString = text, RString = { text, "" } };
            var google = new Gp.AllTypes { FString = text, RString = { text, "" } };
            AssertBytes(google.ToByteArray(), ours.ToByteArray(), text);
            Assert.Equal(text, Pg.AllTypes.Parser.ParseFrom(google.ToByteArray()).FString);
        }
    }

    [Fact]
    public void Strings_with_unpaired_surrogates_are_sized_and_written_like_Google()
    {
        // Text parsed from Google's bytes is always well-formed, so the randomized tests above never see a lone
        // surrogate: set the same random text (pairs, lone highs and lows, all lengths up to 300) through both APIs,
        // in plain, repeated, map-key, map-value, oneof and nested string fields. Google writes each lone surrogate
        // as U+FFFD (EF BF BD); the size pass must count those 3 bytes and the writer must write exactly them.
        var text = new Runtime.Utf16Text(seed: 7);
        var random = new Random(8);
        for (int sample = 0; sample < 300; sample++)
        {
            string[] values = Enumerable.Range(0, 6).Select(_ => text.Next(random.Next(0, 301))).ToArray();
            var google = new Gp.AllTypes
            {
                FString = values[0],
                RString = { values[1], values[2] },
                MInt64String = { [1] = values[3] },
                MStringNested = { [values[4]] = new Gp.AllTypes.Types.Nested { Note = values[2] } },
                CString = values[5],
                FNested = new Gp.AllTypes.Types.Nested { Note = values[5] },
            };
            var ours = new Pg.AllTypes
            {
                FString = values[0],
                RString = { values[1], values[2] },
                MInt64String = { [1] = values[3] },
                MStringNested = { [values[4]] = new Pg.AllTypes.Types.Nested { Note = values[2] } },
                CString = values[5],
                FNested = new Pg.AllTypes.Types.Nested { Note = values[5] },
            };

            byte[] expected = google.ToByteArray();
            Assert.Equal(expected.Length, ours.CalculateSize());
            AssertBytes(expected, ours.ToByteArray(), $"sample {sample}");
            var bufferWriter = new ArrayBufferWriter<byte>();
            MessageSerializer.WriteTo(ours, bufferWriter);
            AssertBytes(expected, bufferWriter.WrittenSpan.ToArray(), $"sample {sample} to an IBufferWriter");
        }
    }

    [Theory]
    [InlineData(0, "a")]
    [InlineData(20, "a")] // entries under 128 bytes, bound too: one byte left for each prefix
    [InlineData(50, "a")] // two bytes left, one used: each entry moves left by one (short copy)
    [InlineData(100, "a")] // the same with the longer copy
    [InlineData(200, "a")] // two bytes left and used
    [InlineData(6000, "a")] // a bound over 16,383 bytes: the exact length, counted
    [InlineData(40, "日")] // 3-byte text: the bound is the size
    [InlineData(60, "ü")]
    public void String_map_entries_are_written_as_Google_writes_them_whatever_their_length(int length, string text)
    {
        // The map is the whole message, so that in an exactly sized buffer the last entries have no room for a prefix
        // by their bound and take the counted length instead.
        var ours = new PgStore.Item();
        var google = new GpStore.Item();
        for (int i = 0; i < 3; i++)
        {
            string value = string.Concat(Enumerable.Repeat(text, length + i));
            ours.Labels["key" + i] = value;
            google.Labels["key" + i] = value;
        }

        byte[] expected = google.ToByteArray();
        Assert.Equal(expected.Length, ours.CalculateSize());
        AssertBytes(expected, MessageSerializer.ToByteArray(ours), "ToByteArray");
        var bufferWriter = new ArrayBufferWriter<byte>();
        MessageSerializer.WriteTo(ours, bufferWriter);
        AssertBytes(expected, bufferWriter.WrittenSpan.ToArray(), "IBufferWriter");
        using var stream = new MemoryStream();
        MessageSerializer.WriteTo(ours, stream);
        AssertBytes(expected, stream.ToArray(), "Stream");
    }

    [Fact]
    public void Values_set_through_the_ProtoGen_api_match_the_same_values_set_through_Google()
    {
        var ours = new PgStore.Item
        {
            Id = "item-1",
            Title = "The Book",
            Category = PgStore.Category.Book,
            Price = new PgStore.Money { CurrencyCode = "EUR", Units = 12, Nanos = 500_000_000 },
            Labels = { ["color"] = "red", ["size"] = "L" },
            Tags = { "new", "sale" },
            CreatedAt = new ProtoGen.WellKnownTypes.Timestamp { Seconds = 1_700_000_000, Nanos = 5 },
            Stock = 0,
            Subtitle = "",
            DownloadUrl = "https://example.com/x",
        };
        var google = new GpStore.Item
        {
            Id = "item-1",
            Title = "The Book",
            Category = GpStore.Category.Book,
            Price = new GpStore.Money { CurrencyCode = "EUR", Units = 12, Nanos = 500_000_000 },
            Labels = { ["color"] = "red", ["size"] = "L" },
            Tags = { "new", "sale" },
            CreatedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1_700_000_000, Nanos = 5 },
            Stock = 0,
            Subtitle = "",
            DownloadUrl = "https://example.com/x",
        };
        AssertBytes(google.ToByteArray(), ours.ToByteArray(), "Item");
        Assert.Equal(PgStore.Item.DeliveryOneofCase.DownloadUrl, ours.DeliveryCase);
    }

    private static void AssertBytes(byte[] expected, byte[] actual, string what)
    {
        if (!expected.AsSpan().SequenceEqual(actual))
        {
            Assert.Fail($"{what}: bytes differ\nexpected {Convert.ToHexString(expected)}\nactual   {Convert.ToHexString(actual)}");
        }
    }

    /// <summary>One message type in both implementations.</summary>
    private sealed record Case(
        string Name,
        Func<int, Google.Protobuf.IMessage> RandomGoogle,
        Func<byte[], Google.Protobuf.IMessage> ParseGoogle,
        Func<byte[], ProtoGen.IMessage> Parse,
        Func<ReadOnlySequence<byte>, ProtoGen.IMessage> ParseSequence,
        Func<Stream, ProtoGen.IMessage> ParseStream,
        Func<ProtoGen.IMessage, ProtoGen.IMessage> DeepClone)
    {
        public byte[] ToBytes(ProtoGen.IMessage message) => MessageSerializer.ToByteArray(message);

        public static Case Of<TGoogle, TOurs>(MessageParser<TOurs> parser)
            where TGoogle : Google.Protobuf.IMessage<TGoogle>, new()
            where TOurs : ProtoGen.IMessage<TOurs> =>
            new(typeof(TOurs).Name,
                seed => new GoogleRandomMessages(seed).Fill(new TGoogle()),
                bytes => new TGoogle().Descriptor.Parser.ParseFrom(bytes),
                bytes => parser.ParseFrom(bytes),
                sequence => parser.ParseFrom(sequence),
                stream => parser.ParseFrom(stream),
                message => ((TOurs)message).Clone());
    }
}
