extern alias gp;
using System.Reflection;
using GoogleByteString = Google.Protobuf.ByteString;
using GpBench = gp::Protogen.Bench.V1;
using GpPlain2 = gp::ProtoGen.Tests.PlainValues2;
using GpPlain3 = gp::ProtoGen.Tests.PlainValues3;
using GpWkt = Google.Protobuf.WellKnownTypes;
using PgBench = Protogen.Bench.V1;
using PgPlain2 = ProtoGen.Tests.PlainValues2;
using PgPlain3 = ProtoGen.Tests.PlainValues3;
using PgWkt = ProtoGen.WellKnownTypes;

namespace ProtoGen.Tests.Emit;

/// <summary>
/// Messages of plain values (numbers, strings, bytes) remember their size between CalculateSize calls, and every way of
/// changing one forgets it: after the size is remembered and the message changed, CalculateSize matches what is
/// written, and what is written matches Google.Protobuf's bytes for the same message changed the same way.
/// </summary>
public sealed class RememberedSizeTests
{
    private const string RememberedSizeField = "_rememberedSize";

    // Field 1000 as a varint (an unknown field to every message here), and the start of field 1001 as 5 bytes of
    // length-delimited data of which only one arrives: the parse fails there.
    private static readonly byte[] UnknownField = [0xC0, 0x3E, 0x05];
    private static readonly byte[] TruncatedField = [0xCA, 0x3E, 0x05, 0x01];

    private static readonly IShape[] Shapes =
    [
        new Shape<PgBench.Scalars, GpBench.Scalars>(
            "Scalars",
            () => new PgBench.Scalars { Id = 7, TimestampMs = 1_763_717_400_123L, Flags = 3, Active = true, Score = 98.625, Ratio = 0.75f, Checksum = 0xDEADBEEF, Delta = -4_242, Level = PgBench.Level.Low },
            () => new GpBench.Scalars { Id = 7, TimestampMs = 1_763_717_400_123L, Flags = 3, Active = true, Score = 98.625, Ratio = 0.75f, Checksum = 0xDEADBEEF, Delta = -4_242, Level = GpBench.Level.Low },
            () => new PgBench.Scalars { Id = 1_000_000, Delta = long.MinValue },
            () => new GpBench.Scalars { Id = 1_000_000, Delta = long.MinValue },
            new("Id", m => m.Id = 300_000, m => m.Id = 300_000),
            new("Score to zero", m => m.Score = 0, m => m.Score = 0),
            new("Active to false", m => m.Active = false, m => m.Active = false),
            new("Level to unspecified", m => m.Level = PgBench.Level.Unspecified, m => m.Level = GpBench.Level.Unspecified)),
        new Shape<PgBench.Money, GpBench.Money>(
            "Money",
            () => new PgBench.Money { CurrencyCode = "EUR", Units = 12, Nanos = 500_000_000 },
            () => new GpBench.Money { CurrencyCode = "EUR", Units = 12, Nanos = 500_000_000 },
            () => new PgBench.Money { Units = -9_000_000_000L },
            () => new GpBench.Money { Units = -9_000_000_000L },
            new("CurrencyCode", m => m.CurrencyCode = "Schweizer Franken", m => m.CurrencyCode = "Schweizer Franken"),
            new("Units to zero", m => m.Units = 0, m => m.Units = 0)),
        new Shape<PgBench.Card, GpBench.Card>(
            "Card",
            () => new PgBench.Card { Last4 = "4242", ExpMonth = 12, ExpYear = 2029, Brand = "visa" },
            () => new GpBench.Card { Last4 = "4242", ExpMonth = 12, ExpYear = 2029, Brand = "visa" },
            () => new PgBench.Card { Brand = "mastercard" },
            () => new GpBench.Card { Brand = "mastercard" },
            new("Last4 to empty", m => m.Last4 = "", m => m.Last4 = ""),
            new("ExpYear", m => m.ExpYear = 1_000_000, m => m.ExpYear = 1_000_000)),
        new Shape<PgBench.ShipmentEvent, GpBench.ShipmentEvent>(
            "ShipmentEvent",
            () => new PgBench.ShipmentEvent { AtMs = 5, Code = "DEPARTED" },
            () => new GpBench.ShipmentEvent { AtMs = 5, Code = "DEPARTED" },
            () => new PgBench.ShipmentEvent { Code = "ARRIVED AT THE SORTING CENTRE" },
            () => new GpBench.ShipmentEvent { Code = "ARRIVED AT THE SORTING CENTRE" },
            new("AtMs", m => m.AtMs = long.MaxValue, m => m.AtMs = long.MaxValue),
            new("Code to empty", m => m.Code = "", m => m.Code = "")),
        new Shape<PgWkt.Timestamp, GpWkt.Timestamp>(
            "Timestamp",
            () => new PgWkt.Timestamp { Seconds = 1_700_000_000L, Nanos = 5 },
            () => new GpWkt.Timestamp { Seconds = 1_700_000_000L, Nanos = 5 },
            () => new PgWkt.Timestamp { Nanos = 999_999_999 },
            () => new GpWkt.Timestamp { Nanos = 999_999_999 },
            new("Seconds to zero", m => m.Seconds = 0, m => m.Seconds = 0),
            new("Nanos", m => m.Nanos = 999_999_999, m => m.Nanos = 999_999_999)),
        new Shape<PgPlain2.Defaults, GpPlain2.Defaults>(
            "proto2 Defaults",
            () => new PgPlain2.Defaults { Id = 1, Title = "a", Urgency = PgPlain2.Urgency.High },
            () => new GpPlain2.Defaults { Id = 1, Title = "a", Urgency = GpPlain2.Urgency.High },
            () => new PgPlain2.Defaults { Tag = ByteString.CopyFrom(1, 2, 3), Open = false, Title = "a longer title" },
            () => new GpPlain2.Defaults { Tag = GoogleByteString.CopyFrom(1, 2, 3), Open = false, Title = "a longer title" },
            new("Id", m => m.Id = -1, m => m.Id = -1),
            new("Open set to its default", m => m.Open = true, m => m.Open = true),
            new("Tag set to its default", m => m.Tag = m.Tag, m => m.Tag = m.Tag),
            new("ClearId", m => m.ClearId(), m => m.ClearId()),
            new("ClearTitle", m => m.ClearTitle(), m => m.ClearTitle()),
            new("ClearUrgency", m => m.ClearUrgency(), m => m.ClearUrgency())),
        new Shape<PgPlain2.Reminder, GpPlain2.Reminder>(
            "proto2 Reminder",
            () => new PgPlain2.Reminder { Text = "call", Due = 3 },
            () => new GpPlain2.Reminder { Text = "call", Due = 3 },
            () => new PgPlain2.Reminder { Due = -1_000_000_000_000L },
            () => new GpPlain2.Reminder { Due = -1_000_000_000_000L },
            new("Text", m => m.Text = "call back tomorrow", m => m.Text = "call back tomorrow"),
            new("ClearText", m => m.ClearText(), m => m.ClearText()),
            new("ClearDue", m => m.ClearDue(), m => m.ClearDue())),
        new Shape<PgPlain3.Optionals, GpPlain3.Optionals>(
            "proto3 Optionals",
            () => new PgPlain3.Optionals { Name = "n", Score = 1.5, Kind = PgPlain3.Kind.A },
            () => new GpPlain3.Optionals { Name = "n", Score = 1.5, Kind = GpPlain3.Kind.A },
            () => new PgPlain3.Optionals { Count = 0, Payload = ByteString.CopyFrom(new byte[300]), Flag = false },
            () => new GpPlain3.Optionals { Count = 0, Payload = GoogleByteString.CopyFrom(new byte[300]), Flag = false },
            new("Count set to zero", m => m.Count = 0, m => m.Count = 0),
            new("Flag set to false", m => m.Flag = false, m => m.Flag = false),
            new("Payload", m => m.Payload = ByteString.CopyFrom(9, 9), m => m.Payload = GoogleByteString.CopyFrom(9, 9)),
            new("ClearName", m => m.ClearName(), m => m.ClearName()),
            new("ClearScore", m => m.ClearScore(), m => m.ClearScore()),
            new("ClearKind", m => m.ClearKind(), m => m.ClearKind())),
        new Shape<PgPlain3.Blob, GpPlain3.Blob>(
            "proto3 Blob",
            () => new PgPlain3.Blob { Name = "n", Data = ByteString.CopyFrom(1), Note = "ü" },
            () => new GpPlain3.Blob { Name = "n", Data = GoogleByteString.CopyFrom(1), Note = "ü" },
            () => new PgPlain3.Blob { Data = ByteString.CopyFrom(new byte[200]) },
            () => new GpPlain3.Blob { Data = GoogleByteString.CopyFrom(new byte[200]) },
            new("Note", m => m.Note = "größer", m => m.Note = "größer"),
            new("Data to empty", m => m.Data = ByteString.Empty, m => m.Data = GoogleByteString.Empty)),
        new Shape<PgPlain3.Choice, GpPlain3.Choice>(
            "proto3 Choice (oneof)",
            () => new PgPlain3.Choice { Text = "a short text" },
            () => new GpPlain3.Choice { Text = "a short text" },
            () => new PgPlain3.Choice { Raw = ByteString.CopyFrom(new byte[150]) },
            () => new GpPlain3.Choice { Raw = GoogleByteString.CopyFrom(new byte[150]) },
            new("Text", m => m.Text = "ein längerer Text", m => m.Text = "ein längerer Text"),
            new("Number instead", m => m.Number = -5, m => m.Number = -5),
            new("Flag set to false", m => m.Flag = false, m => m.Flag = false),
            new("Real set to zero", m => m.Real = 0, m => m.Real = 0),
            new("ClearValue", m => m.ClearValue(), m => m.ClearValue())),
    ];

    public static TheoryData<string, string> Changes()
    {
        var data = new TheoryData<string, string>();
        foreach (var shape in Shapes)
        {
            foreach (string change in shape.ChangeNames) data.Add(shape.Name, change);
        }
        return data;
    }

    public static TheoryData<string> ShapeNames() => new(Shapes.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Changes))]
    public void A_change_after_CalculateSize_is_sized_and_written_like_Google_Protobuf(string shape, string change) =>
        Find(shape).CheckChange(change);

    [Theory]
    [MemberData(nameof(ShapeNames))]
    public void A_clone_keeps_the_size_and_changing_it_leaves_the_original_alone(string shape) =>
        Find(shape).CheckClone();

    [Theory]
    [InlineData("Protogen.Bench.V1.Scalars", typeof(ushort))]
    [InlineData("Protogen.Bench.V1.Money", typeof(int))]
    [InlineData("Protogen.Bench.V1.Card", null)]
    [InlineData("Protogen.Bench.V1.ShipmentEvent", null)]
    [InlineData("ProtoGen.WellKnownTypes.Timestamp", typeof(int))]
    [InlineData("ProtoGen.WellKnownTypes.Duration", typeof(int))]
    [InlineData("ProtoGen.Tests.PlainValues2.Defaults", typeof(ushort))]
    [InlineData("ProtoGen.Tests.PlainValues2.Reminder", typeof(int))]
    [InlineData("ProtoGen.Tests.PlainValues3.Optionals", typeof(ushort))]
    [InlineData("ProtoGen.Tests.PlainValues3.Blob", null)]
    [InlineData("ProtoGen.Tests.PlainValues3.Choice", typeof(int))]
    public void Plain_value_messages_remember_their_size_where_the_layout_has_room(string type, Type? storage)
    {
        var assembly = type.StartsWith("ProtoGen.WellKnownTypes", StringComparison.Ordinal) ? typeof(PgWkt.Timestamp).Assembly : typeof(RememberedSizeTests).Assembly;
        FieldInfo? field = assembly.GetType(type, throwOnError: true)!.GetField(RememberedSizeField, BindingFlags.Instance | BindingFlags.NonPublic);
        Assert.Equal(storage, field?.FieldType);
    }

    [Fact]
    public void A_size_too_large_for_a_ushort_is_not_remembered_and_still_right()
    {
        var message = new PgPlain2.Defaults { Title = new string('x', 70_000) };
        Assert.Equal(70_004, message.CalculateSize());
        Assert.Equal(0, RememberedSize(message));
        message.Title = "short";
        Assert.Equal(7, message.CalculateSize());
        Assert.Equal(8, RememberedSize(message));
        Assert.Equal(7, MessageSerializer.ToByteArray(message).Length);
    }

    [Fact]
    public void A_parent_writes_the_right_length_prefix_for_a_child_changed_after_the_parent_was_sized()
    {
        var ours = new PgBench.Order
        {
            OrderId = 1,
            Total = new PgBench.Money { CurrencyCode = "EUR", Units = 5 },
            Card = new PgBench.Card { Last4 = "4242" },
            PlacedAt = new PgWkt.Timestamp { Seconds = 10 },
            Handling = new PgWkt.Duration { Seconds = 60 },
        };
        ours.Shipments.Add(3, new PgBench.Shipment { Carrier = "post" });
        ours.Shipments[3].Events.Add(new PgBench.ShipmentEvent { AtMs = 1, Code = "A" });
        var google = GpBench.Order.Parser.ParseFrom(MessageSerializer.ToByteArray(ours));
        Assert.True(ours.CalculateSize() > 0);

        ours.Total.CurrencyCode = "Schweizer Franken";
        ours.Card.Brand = "visa";
        ours.PlacedAt.Nanos = 999_999_999;
        ours.Handling.Seconds = 0;
        ours.Shipments[3].Events[0].Code = "ARRIVED";
        google.Total.CurrencyCode = "Schweizer Franken";
        google.Card.Brand = "visa";
        google.PlacedAt.Nanos = 999_999_999;
        google.Handling.Seconds = 0;
        google.Shipments[3].Events[0].Code = "ARRIVED";

        byte[] bytes = MessageSerializer.ToByteArray(ours);
        Assert.Equal(Google.Protobuf.MessageExtensions.ToByteArray(google), bytes);
        Assert.Equal(bytes.Length, ours.CalculateSize());
        Assert.Equal(ours, PgBench.Order.Parser.ParseFrom(bytes));
    }

    [Fact]
    public void A_child_in_a_list_changed_after_its_parent_was_sized_is_written_right()
    {
        var ours = new PgBench.Customer { Id = "c" };
        ours.RecentPurchases.Add(new PgBench.Purchase { Sku = "s", At = new PgWkt.Timestamp { Seconds = 1 } });
        var google = GpBench.Customer.Parser.ParseFrom(MessageSerializer.ToByteArray(ours));
        Assert.True(ours.CalculateSize() > 0);

        ours.RecentPurchases[0].At!.Seconds = 1_700_000_000L;
        google.RecentPurchases[0].At.Seconds = 1_700_000_000L;

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        MessageSerializer.WriteTo(ours, buffer);
        Assert.Equal(Google.Protobuf.MessageExtensions.ToByteArray(google), buffer.WrittenSpan.ToArray());
    }

    /// <summary>Bytes one parse allocates, measured before sizes were remembered: the remembered size lives in a field
    /// the class already had, or in its padding, so instances did not grow. Blob's one ByteString is 8 bytes larger than
    /// then (152): it holds a ReadOnlyMemory&lt;byte&gt;, not an array, so that UnsafeByteOperations.UnsafeWrap copies nothing.</summary>
    [Theory]
    [InlineData("Scalars", 72)]
    [InlineData("Money", 80)]
    [InlineData("Card", 112)]
    [InlineData("ShipmentEvent", 80)]
    [InlineData("Timestamp", 40)]
    [InlineData("Duration", 40)]
    [InlineData("Defaults", 80)]
    [InlineData("Reminder", 80)]
    [InlineData("Optionals", 88)]
    [InlineData("Blob", 160)]
    public void Parsing_allocates_what_it_did_before_sizes_were_remembered(string message, long expected)
    {
        long allocated = message switch
        {
            "Scalars" => ParseAllocations(PgBench.Scalars.Parser, Shape("Scalars")),
            "Money" => ParseAllocations(PgBench.Money.Parser, Shape("Money")),
            "Card" => ParseAllocations(PgBench.Card.Parser, Shape("Card")),
            "ShipmentEvent" => ParseAllocations(PgBench.ShipmentEvent.Parser, Shape("ShipmentEvent")),
            "Timestamp" => ParseAllocations(PgWkt.Timestamp.Parser, Shape("Timestamp")),
            "Duration" => ParseAllocations(PgWkt.Duration.Parser, MessageSerializer.ToByteArray(new PgWkt.Duration { Seconds = 60, Nanos = 1 })),
            "Defaults" => ParseAllocations(PgPlain2.Defaults.Parser, Shape("proto2 Defaults")),
            "Reminder" => ParseAllocations(PgPlain2.Reminder.Parser, Shape("proto2 Reminder")),
            "Optionals" => ParseAllocations(PgPlain3.Optionals.Parser, Shape("proto3 Optionals")),
            "Blob" => ParseAllocations(PgPlain3.Blob.Parser, Shape("proto3 Blob")),
            _ => throw new ArgumentOutOfRangeException(nameof(message)),
        };
        Assert.Equal(expected, allocated);

        static byte[] Shape(string name) => Find(name).FilledBytes();
    }

    private static long ParseAllocations<T>(MessageParser<T> parser, byte[] bytes)
        where T : IMessage<T>
    {
        parser.ParseFrom(bytes);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) parser.ParseFrom(bytes);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    }

    private static IShape Find(string name) => Shapes.Single(s => s.Name == name);

    /// <summary>The remembered size field (size + 1, 0 while unknown), or null when the message has none.</summary>
    private static int? RememberedSize(object message) =>
        message.GetType().GetField(RememberedSizeField, BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(message) is { } value
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    private interface IShape
    {
        string Name { get; }

        IEnumerable<string> ChangeNames { get; }

        byte[] FilledBytes();

        void CheckChange(string change);

        void CheckClone();
    }

    /// <summary>A change made the same way to our message and to Google.Protobuf's.</summary>
    private sealed record Change<TPg, TGp>(string Name, Action<TPg> Ours, Action<TGp> Google);

    /// <summary>One plain-value message type: a filled instance, another one to merge in, and its own field changes;
    /// the changes every message has (merging, parsing into it, unknown fields, a parse that fails) are added here.</summary>
    private sealed class Shape<TPg, TGp> : IShape
        where TPg : IMessage<TPg>
        where TGp : Google.Protobuf.IMessage<TGp>
    {
        private readonly Func<TPg> _ours;
        private readonly Func<TGp> _google;
        private readonly List<Change<TPg, TGp>> _changes;

        public Shape(string name, Func<TPg> ours, Func<TGp> google, Func<TPg> oursOther, Func<TGp> googleOther, params Change<TPg, TGp>[] fieldChanges)
        {
            Name = name;
            _ours = ours;
            _google = google;
            byte[] other = Google.Protobuf.MessageExtensions.ToByteArray(googleOther());
            byte[] otherThenTruncated = [.. other, .. TruncatedField];
            _changes =
            [
                .. fieldChanges,
                new("MergeFrom(other)", m => m.MergeFrom(oursOther()), m => m.MergeFrom(googleOther())),
                new("MergeFrom(bytes)", m => MessageSerializer.MergeFrom(m, other), m => Google.Protobuf.MessageExtensions.MergeFrom(m, other)),
                new("MergeFrom(bytes with an unknown field)", m => MessageSerializer.MergeFrom(m, UnknownField), m => Google.Protobuf.MessageExtensions.MergeFrom(m, UnknownField)),
                new("MergeFrom(other with an unknown field)",
                    m => m.MergeFrom(WithUnknownField(oursOther())),
                    m => m.MergeFrom(WithUnknownField(googleOther()))),
                new("MergeFrom(bytes) that fails midway",
                    m => Assert.Throws<InvalidProtocolBufferException>(() => MessageSerializer.MergeFrom(m, otherThenTruncated)),
                    m => Google.Protobuf.MessageExtensions.MergeFrom(m, other)),
            ];
        }

        public string Name { get; }

        public IEnumerable<string> ChangeNames => _changes.Select(c => c.Name);

        public byte[] FilledBytes() => MessageSerializer.ToByteArray(_ours());

        public void CheckChange(string name)
        {
            var change = _changes.Single(c => c.Name == name);
            TPg ours = _ours();
            TGp google = _google();
            int before = ours.CalculateSize();
            Assert.True(RememberedSize(ours) is null or > 0, "CalculateSize remembers the size");

            change.Ours(ours);
            change.Google(google);

            Assert.True(RememberedSize(ours) is null or 0, "the change forgets the size");
            byte[] expected = Google.Protobuf.MessageExtensions.ToByteArray(google);
            Assert.Equal(expected.Length, ours.CalculateSize());
            Assert.Equal(expected, MessageSerializer.ToByteArray(ours));
            Assert.True(before != expected.Length, "the change alters the size, so a stale size would show");
        }

        public void CheckClone()
        {
            TPg original = _ours();
            int size = original.CalculateSize();
            TPg clone = original.Clone();
            Assert.Equal(RememberedSize(original), RememberedSize(clone));
            Assert.Equal(size, clone.CalculateSize());

            clone.MergeFrom(WithUnknownField(clone.Clone()));

            Assert.Equal(size + UnknownField.Length, clone.CalculateSize());
            Assert.Equal(size + UnknownField.Length, MessageSerializer.ToByteArray(clone).Length);
            Assert.Equal(size, original.CalculateSize());
            Assert.Equal(Google.Protobuf.MessageExtensions.ToByteArray(_google()), MessageSerializer.ToByteArray(original));
        }

        private static TPg WithUnknownField(TPg message)
        {
            MessageSerializer.MergeFrom(message, UnknownField);
            return message;
        }

        private static TGp WithUnknownField(TGp message)
        {
            Google.Protobuf.MessageExtensions.MergeFrom(message, UnknownField);
            return message;
        }
    }
}
