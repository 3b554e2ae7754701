using System.Reflection;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

/// <summary>That writes take sub-messages' sizes from one size pass (a SizeTable) at any depth and fail on a message
/// changed in between, that no message keeps a size field for it, and which messages (of plain values) remember their
/// size between calls and in what. RememberedSizeTests checks that a remembered size is forgotten on every change.</summary>
public sealed class SizeCacheTests
{
    private static FileModel File() => new FileBuilder("test/sizes.proto", "test.sizes")
        .Enum("Level", "LEVEL_UNSPECIFIED", "LEVEL_HIGH")
        // Numbers only, 53 bytes of fields with _unknownFields: a 4-byte size would cross an 8-byte boundary, a 2-byte
        // one fits.
        .Message("Reading", m => m
            .Field("id", 1, FieldType.Int32)
            .Field("at_ms", 2, FieldType.Int64)
            .Field("flags", 3, FieldType.UInt32)
            .Field("ok", 4, FieldType.Bool)
            .Field("value", 5, FieldType.Double)
            .Field("ratio", 6, FieldType.Float)
            .Field("crc", 7, FieldType.Fixed32)
            .Field("delta", 8, FieldType.SInt64)
            .Field("level", 9, FieldType.Enum, ".test.sizes.Level"))
        // Numbers only, 20 bytes: a 4-byte size fits in the padding.
        .Message("Stamp", m => m
            .Field("seconds", 1, FieldType.Int64)
            .Field("nanos", 2, FieldType.Int32))
        // Strings and numbers, 32 bytes: no padding, so no size is kept.
        .Message("Card", m => m
            .Field("last4", 1, FieldType.String)
            .Field("exp_month", 2, FieldType.Int32)
            .Field("exp_year", 3, FieldType.Int32)
            .Field("brand", 4, FieldType.String))
        // A string and a number, 20 bytes: a 4-byte size fits.
        .Message("Labeled", m => m
            .Field("name", 1, FieldType.String)
            .Field("rank", 2, FieldType.Int32))
        // A list and _unknownFields, 16 bytes.
        .Message("Tags", m => m.Field("tags", 1, FieldType.String, repeated: true))
        // Five references, 40 bytes.
        .Message("Outer", m => m
            .Field("reading", 1, FieldType.Message, ".test.sizes.Reading")
            .Field("readings", 2, FieldType.Message, ".test.sizes.Reading", repeated: true)
            .Field("stamp", 3, FieldType.Message, ".test.sizes.Stamp")
            .Field("card", 4, FieldType.Message, ".test.sizes.Card"))
        // Holds the two above, so they are written nested.
        .Message("Parent", m => m
            .Field("outer", 1, FieldType.Message, ".test.sizes.Outer")
            .Field("tag_lists", 2, FieldType.Message, ".test.sizes.Tags", repeated: true))
        // Two references and a number, 20 bytes: 4 bytes of padding, which only plain-value messages use.
        .Message("Holder", m => m
            .Field("stamp", 1, FieldType.Message, ".test.sizes.Stamp")
            .Field("count", 2, FieldType.Int32))
        // Can hold itself (through Link): a deep chain of it is still sized once per write.
        .Message("Node", m => m
            .Field("name", 1, FieldType.String)
            .Field("link", 2, FieldType.Message, ".test.sizes.Link"))
        .Message("Link", m => m
            .Field("next", 1, FieldType.Message, ".test.sizes.Node")
            .Field("hops", 2, FieldType.Int32))
        // One oneof and nothing else, with a message among its members (an attribute value, google.protobuf.Value):
        // its size body is a switch that parents size once per element, so it is marked for inlining into them.
        .Message("Variant", m => m.Oneof("value", o => o
            .Field("text", 1, FieldType.String)
            .Field("number", 2, FieldType.Int64)
            .Field("stamp", 3, FieldType.Message, ".test.sizes.Stamp")
            .Field("nested", 4, FieldType.Message, ".test.sizes.Holder")))
        // The same oneof beside another field: sized by an ordinary body.
        .Message("Tagged", m => m
            .Field("label", 1, FieldType.String)
            .Oneof("value", o => o
                .Field("text", 2, FieldType.String)
                .Field("nested", 3, FieldType.Message, ".test.sizes.Holder")))
        .Message("Variants", m => m.Field("values", 1, FieldType.Message, ".test.sizes.Variant", repeated: true))
        .Build();

    private const string Probe = """
        /// <summary>Measures parse allocations inside the generated assembly, without dynamic dispatch.</summary>
        public static class Probe
        {
            /// <summary>Bytes allocated by one parse of <paramref name="bytes"/>.</summary>
            public static long ParseAllocations(byte[] bytes)
            {
                Test.Sizes.Reading.Parser.ParseFrom(bytes);
                long before = System.GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++) Test.Sizes.Reading.Parser.ParseFrom(bytes);
                return (System.GC.GetAllocatedBytesForCurrentThread() - before) / 100;
            }
        }
        """;

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.CompileWith(new[] { File() }, extraSources: new[] { Probe }));

    [Theory]
    [InlineData("Test.Sizes.Holder")]
    [InlineData("Test.Sizes.Parent")]
    [InlineData("Test.Sizes.Node")]
    [InlineData("Test.Sizes.Link")]
    [InlineData("Test.Sizes.Tags")]
    [InlineData("Test.Sizes.Outer")]
    public void Messages_beyond_plain_values_keep_no_size_in_the_instance(string type)
    {
        // Sub-messages' sizes for the write pass live in the serializer's SizeTable, not in the messages.
        Assert.Null(Field(type, "_cachedSize"));
        Assert.Null(Field(type, "_rememberedSize"));
    }

    [Theory]
    [InlineData("Test.Sizes.Variant", true)]
    [InlineData("Test.Sizes.Tagged", false)]
    [InlineData("Test.Sizes.Outer", false)]
    public void Only_messages_made_of_one_oneof_have_their_size_body_marked_for_inlining(string type, bool inlined)
    {
        // The size body generic over the pass is internal to the generated assembly.
        MethodInfo body = Assembly.Value.Type(type).GetMethods(BindingFlags.Instance | BindingFlags.NonPublic)
            .Single(method => method.Name == "CalculateSize" && method.IsGenericMethodDefinition);
        Assert.Equal(inlined, body.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveInlining));
    }

    [Fact]
    public void A_list_of_one_oneof_messages_holding_messages_writes_from_one_size_pass()
    {
        // Variants whose value is a string, a number, a Stamp (which remembers its size: no slot) and a Holder (one
        // slot, and one for the Holder's own Stamp), so the inlined bodies record the slots the write pass reads.
        dynamic variants = Assembly.Value.New("Test.Sizes.Variants");
        for (int i = 0; i < 8; i++)
        {
            dynamic variant = Assembly.Value.New("Test.Sizes.Variant");
            switch (i % 4)
            {
                case 0: variant.Text = "value " + i; break;
                case 1: variant.Number = -1L * i; break;
                case 2: variant.Stamp = NewStamp(i); break;
                default:
                    dynamic holder = Assembly.Value.New("Test.Sizes.Holder");
                    holder.Stamp = NewStamp(i);
                    holder.Count = i;
                    variant.Nested = holder;
                    break;
            }
            variants.Values.Add(variant);
        }

        var sizes = ProtoGen.Wire.SizeTable.Rent();
        int size = ((IMessage)variants).CalculateSize(sizes);
        Assert.Equal(8 + 2, sizes.Count); // every Variant, and the two Holders
        sizes.Return();

        byte[] bytes = GeneratedAssembly.Bytes(variants);
        Assert.Equal(size, bytes.Length);
        Assert.True(variants.Equals(Assembly.Value.Parse("Test.Sizes.Variants", bytes)));

        dynamic NewStamp(int seconds)
        {
            dynamic stamp = Assembly.Value.New("Test.Sizes.Stamp");
            stamp.Seconds = 1_700_000_000L + seconds;
            stamp.Nanos = seconds * 1000;
            return stamp;
        }
    }

    [Fact]
    public void Nested_messages_at_any_depth_write_the_same_bytes_from_one_size_pass()
    {
        // Parent holds Outer (with a Stamp and three Readings) and two Tags in a list; Node and Link make a chain 20
        // levels deep. The size pass records one slot per sub-message, in the order the write pass reads them, except
        // for messages that remember their size (Stamp, Reading): their parents ask them again. So Parent takes 3
        // slots (Outer, two Tags) and the chain 40.
        dynamic parent = NewParent();
        dynamic node = NewChain(20);
        foreach ((dynamic message, int subMessages) in new[] { (parent, 3), (node, 40) })
        {
            var sizes = ProtoGen.Wire.SizeTable.Rent();
            int size = ((IMessage)message).CalculateSize(sizes);
            Assert.Equal(subMessages, sizes.Count);
            sizes.Return();

            byte[] bytes = GeneratedAssembly.Bytes(message);
            Assert.Equal(size, bytes.Length);
            Assert.Equal((int)message.CalculateSize(), bytes.Length);
            Assert.True(message.Equals(Assembly.Value.Parse((string)message.GetType().FullName, bytes)));

            // A writer without a table sizes each sub-message itself when it meets it: the same bytes.
            var buffer = new byte[size];
            var writer = new ProtoGen.Wire.WireWriter(buffer);
            ((IMessage)message).WriteTo(ref writer);
            Assert.Equal(size, writer.Position);
            Assert.Equal(bytes, buffer);
        }
    }

    [Fact]
    public void A_message_changed_between_its_size_pass_and_its_write_fails_the_write()
    {
        dynamic parent = NewParent();
        var sizes = ProtoGen.Wire.SizeTable.Rent();
        int size = ((IMessage)parent).CalculateSize(sizes);
        // One sub-message fewer than the table holds: the write reads one slot too few.
        parent.TagLists.RemoveAt(0);
        Assert.False(WritesAllSizes(parent, sizes, size + 16));

        // One sub-message more: the write asks for a slot the size pass never recorded.
        parent = NewParent();
        size = ((IMessage)parent).CalculateSize(sizes = ProtoGen.Wire.SizeTable.Rent());
        parent.TagLists.Add(Assembly.Value.New("Test.Sizes.Tags"));
        Assert.Throws<InvalidOperationException>(() => WritesAllSizes(parent, sizes, size + 16));
    }

    private static bool WritesAllSizes(IMessage message, ProtoGen.Wire.SizeTable sizes, int room)
    {
        var writer = new ProtoGen.Wire.WireWriter(new byte[room], sizes);
        message.WriteTo(ref writer);
        return writer.UsedAllSizes;
    }

    private static dynamic NewParent()
    {
        dynamic parent = Assembly.Value.New("Test.Sizes.Parent");
        dynamic outer = Assembly.Value.New("Test.Sizes.Outer");
        parent.Outer = outer;
        for (int i = 0; i < 2; i++)
        {
            dynamic tags = Assembly.Value.New("Test.Sizes.Tags");
            tags.Tags_.Add("t" + i);
            tags.Tags_.Add(new string('x', 130 * i));
            parent.TagLists.Add(tags);
        }
        outer.Stamp = Assembly.Value.New("Test.Sizes.Stamp");
        outer.Stamp.Seconds = 42L;
        for (int i = 0; i < 3; i++)
        {
            dynamic reading = Assembly.Value.New("Test.Sizes.Reading");
            reading.Id = 100 * i;
            outer.Readings.Add(reading);
        }
        return parent;
    }

    private static dynamic NewChain(int depth)
    {
        dynamic node = Assembly.Value.New("Test.Sizes.Node");
        dynamic current = node;
        for (int i = 0; i < depth; i++)
        {
            current.Name = "n" + i;
            current.Link = Assembly.Value.New("Test.Sizes.Link");
            current.Link.Hops = i;
            current.Link.Next = Assembly.Value.New("Test.Sizes.Node");
            current = current.Link.Next;
        }
        return node;
    }

    [Theory]
    [InlineData("Test.Sizes.Reading", typeof(ushort))]
    [InlineData("Test.Sizes.Stamp", typeof(int))]
    [InlineData("Test.Sizes.Card", null)]
    [InlineData("Test.Sizes.Labeled", typeof(int))]
    public void Plain_value_messages_remember_their_size_in_what_fits_the_padding(string type, Type? storage)
    {
        Assert.Equal(storage, Field(type, "_rememberedSize")?.FieldType);
        Assert.Null(Field(type, "_cachedSize"));
    }

    private static FieldInfo? Field(string type, string name) =>
        Assembly.Value.Type(type).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic);

    [Fact]
    public void A_message_remembering_its_size_in_padding_allocates_only_its_fields_when_parsed()
    {
        dynamic reading = Filled(Assembly.Value.New("Test.Sizes.Reading"));
        byte[] bytes = GeneratedAssembly.Bytes(reading);
        // 16 bytes of object header and type pointer, then 53 bytes of fields and the 2-byte remembered size padded to
        // 56: what Google.Protobuf's class for the same message allocates (it caches no sizes).
        long allocated = (long)Assembly.Value.Type("Probe").GetMethod("ParseAllocations")!.Invoke(null, new object[] { bytes })!;
        Assert.Equal(72, allocated);
    }

    [Fact]
    public void Nested_plain_value_messages_write_their_own_length_prefixes()
    {
        dynamic outer = Assembly.Value.New("Test.Sizes.Outer");
        outer.Reading = Filled(Assembly.Value.New("Test.Sizes.Reading"));
        for (int i = 0; i < 3; i++)
        {
            dynamic item = Assembly.Value.New("Test.Sizes.Reading");
            item.Id = i + 1;
            outer.Readings.Add(item);
        }
        outer.Stamp = Assembly.Value.New("Test.Sizes.Stamp");
        outer.Stamp.Seconds = 1_700_000_000L;
        outer.Card = Assembly.Value.New("Test.Sizes.Card");
        outer.Card.Last4 = "4242";
        outer.Card.ExpYear = 2029;
        outer.Card.Brand = "visa";

        byte[] bytes = GeneratedAssembly.Bytes(outer);
        Assert.Equal((int)outer.CalculateSize(), bytes.Length);
        Assert.True(outer.Equals(Assembly.Value.Parse("Test.Sizes.Outer", bytes)));
        // Field 2, three entries of 2 bytes each (id = 1..3), and field 4, the card: the length prefixes come from
        // the size pass (the readings' remembered sizes, the card sized there).
        byte[] readings = [0x12, 0x02, 0x08, 0x01, 0x12, 0x02, 0x08, 0x02, 0x12, 0x02, 0x08, 0x03];
        Assert.True(bytes.AsSpan().IndexOf(readings) > 0);
        byte[] card = [0x22, 0x0F, 0x0A, 0x04, (byte)'4', (byte)'2', (byte)'4', (byte)'2', 0x18, 0xED, 0x0F, 0x22, 0x04, (byte)'v', (byte)'i', (byte)'s', (byte)'a'];
        Assert.True(bytes.AsSpan().EndsWith(card));
    }

    [Theory]
    [InlineData("Reading", false)]
    [InlineData("Card", false)]
    [InlineData("Tags", false)]
    [InlineData("Holder", false)]
    [InlineData("Outer", true)]
    [InlineData("Parent", true)]
    public void Messages_without_sub_messages_to_size_are_written_without_a_size_table(string name, bool usesTable)
    {
        // Holder's only sub-message remembers its size, so it records nothing either.
        dynamic message = Assembly.Value.New("Test.Sizes." + name);
        switch (name)
        {
            case "Reading": Filled(message); break;
            case "Card": message.Last4 = "4242"; message.ExpYear = 2030; message.Brand = "visa"; break;
            case "Tags": message.Tags_.Add("a"); message.Tags_.Add("bc"); break;
            case "Holder": message.Stamp = Assembly.Value.New("Test.Sizes.Stamp"); message.Stamp.Seconds = 5L; message.Count = 3; break;
            case "Outer": message.Reading = Filled(Assembly.Value.New("Test.Sizes.Reading")); message.Readings.Add(Filled(Assembly.Value.New("Test.Sizes.Reading"))); break;
            default: message.Outer = Assembly.Value.New("Test.Sizes.Outer"); message.Outer.Card = Assembly.Value.New("Test.Sizes.Card"); message.Outer.Card.Brand = "x"; break;
        }
        var m = (IMessage)message;
        Assert.Equal(usesTable, m.UsesSizeTable);

        byte[] expected = GeneratedAssembly.Bytes(message);
        Assert.Equal(m.CalculateSize(), expected.Length);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        MessageSerializer.WriteTo(m, buffer);
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        Assert.True(message.Equals(Assembly.Value.Parse("Test.Sizes." + name, expected)));

        // The serializer's one call into the type: a message without a table implements it (the no-table path inlined
        // on its class); the others take the interface's default, the shared path, which writes the same bytes.
        InterfaceMapping map = m.GetType().GetInterfaceMap(typeof(IMessage));
        MethodInfo writeToOutput = map.TargetMethods[Array.FindIndex(map.InterfaceMethods, method => method.Name == nameof(IMessage.WriteToOutput))];
        Assert.Equal(!usesTable, writeToOutput.DeclaringType == m.GetType());
        buffer.ResetWrittenCount();
        MessageSerializer.WriteThroughInterface(m, buffer);
        Assert.Equal(expected, buffer.WrittenSpan.ToArray());

        // With the thread's table in use, a write that rents one allocates a new table; one that rents none allocates
        // nothing.
        var held = ProtoGen.Wire.SizeTable.Rent();
        try
        {
            buffer.ResetWrittenCount();
            long before = GC.GetAllocatedBytesForCurrentThread();
            MessageSerializer.WriteTo(m, buffer);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(expected, buffer.WrittenSpan.ToArray());
            Assert.Equal(usesTable, allocated > 0);
        }
        finally
        {
            held.Return();
        }
    }

    [Fact]
    public void The_threads_size_table_is_reused_and_a_rented_one_is_never_handed_out_twice()
    {
        // The table stays the thread's while rented: a rent inside a rent, or after a table that was never returned (an
        // exception midway), gets a new one, which the thread then keeps.
        var outer = ProtoGen.Wire.SizeTable.Rent();
        outer.Record(outer.Reserve(), 5);
        var inner = ProtoGen.Wire.SizeTable.Rent();
        Assert.NotSame(outer, inner);
        Assert.Equal(0, inner.Count);
        inner.Return();
        Assert.Same(inner, ProtoGen.Wire.SizeTable.Rent());
        inner.Return();
        outer.Return();

        var forgotten = ProtoGen.Wire.SizeTable.Rent();
        forgotten.Reserve();
        var next = ProtoGen.Wire.SizeTable.Rent();
        Assert.NotSame(forgotten, next);
        Assert.Equal(0, next.Count);
        next.Return();

        int reused = 0;
        RentAndReturn(next, ref reused);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            RentAndReturn(next, ref reused);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(101, reused);
        Assert.Equal(0, allocated);

        static void RentAndReturn(ProtoGen.Wire.SizeTable expected, ref int reused)
        {
            var table = ProtoGen.Wire.SizeTable.Rent();
            if (ReferenceEquals(table, expected) && table.Count == 0) reused++;
            table.Record(table.Reserve(), reused);
            table.Return();
        }
    }

    private static dynamic Filled(dynamic reading)
    {
        reading.Id = 123_456;
        reading.AtMs = 1_763_717_400_123L;
        reading.Flags = 0x1Fu;
        reading.Ok = true;
        reading.Value = 98.625;
        reading.Ratio = 0.75f;
        reading.Crc = 0xDEADBEEFu;
        reading.Delta = -4_242L;
        reading.Level = (dynamic)Assembly.Value.Enum("Test.Sizes.Level", "High");
        return reading;
    }
}
