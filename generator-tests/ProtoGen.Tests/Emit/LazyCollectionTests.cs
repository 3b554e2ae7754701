using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

/// <summary>List and map fields hold the shared empty collection until their property is first read: a message whose
/// collections stay empty allocates none, and no two messages ever share a collection they can change.</summary>
public sealed class LazyCollectionTests
{
    private static FileModel File() => new FileBuilder("test/lazy.proto", "test.lazy")
        .Message("Node", m => m
            .Field("name", 1, FieldType.String)
            .Field("children", 2, FieldType.Message, ".test.lazy.Node", repeated: true)
            .Field("weights", 3, FieldType.SInt32, repeated: true)
            .Field("tags", 4, FieldType.String, repeated: true)
            .Map("labels", 5, FieldType.String, FieldType.String)
            .Map("nodes", 6, FieldType.Int32, FieldType.Message, ".test.lazy.Node"))
        .Build();

    private const string Probe = """
        /// <summary>Measures allocations inside the generated assembly, without dynamic dispatch.</summary>
        public static class Probe
        {
            /// <summary>Bytes allocated by one parse of <paramref name="bytes"/>.</summary>
            public static long ParseAllocations(byte[] bytes)
            {
                Test.Lazy.Node.Parser.ParseFrom(bytes);
                long before = System.GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++) Test.Lazy.Node.Parser.ParseFrom(bytes);
                return (System.GC.GetAllocatedBytesForCurrentThread() - before) / 100;
            }

            /// <summary>Bytes allocated by a new list with room for exactly <paramref name="count"/> nodes.</summary>
            public static long ListAllocations(int count)
            {
                long before = System.GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 100; i++) new ProtoGen.Collections.RepeatedField<Test.Lazy.Node>().EnsureCapacity(count);
                return (System.GC.GetAllocatedBytesForCurrentThread() - before) / 100;
            }

            /// <summary>Bytes allocated by everything a write goes through, on <paramref name="node"/>.</summary>
            public static long ReadOnlyUseAllocations(Test.Lazy.Node node, Test.Lazy.Node other, byte[] buffer)
            {
                long before = System.GC.GetAllocatedBytesForCurrentThread();
                node.CalculateSize();
                ProtoGen.MessageExtensions.WriteTo(node, buffer);
                node.Equals(other);
                node.GetHashCode();
                node.IsInitialized();
                return System.GC.GetAllocatedBytesForCurrentThread() - before;
            }
        }
        """;

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.CompileWith(new[] { File() }, extraSources: new[] { Probe }));

    private static dynamic NewNode(string name = "")
    {
        dynamic node = Assembly.Value.New("Test.Lazy.Node");
        node.Name = name;
        return node;
    }

    private static long Invoke(string method, params object[] arguments) =>
        (long)Assembly.Value.Type("Probe").GetMethod(method)!.Invoke(null, arguments)!;

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(17)]
    public void Parsing_allocates_no_collection_for_an_absent_field_and_sizes_a_list_once(int children)
    {
        // One node alone costs the node object. A node holding such nodes costs one node object each, and one list
        // with an array of exactly their number, counted on the wire: no list per leaf, no array grown 4, 8, 16...
        long alone = Invoke("ParseAllocations", GeneratedAssembly.Bytes(NewNode()));
        dynamic root = NewNode();
        for (int i = 0; i < children; i++) root.Children.Add(NewNode());
        long withChildren = Invoke("ParseAllocations", GeneratedAssembly.Bytes(root));

        Assert.Equal((children + 1) * alone + Invoke("ListAllocations", children), withChildren);
    }

    [Fact]
    public void A_list_whose_elements_are_not_together_on_the_wire_still_gets_them_all()
    {
        // Field 4 (tags) in two runs around field 1 (name): the first run sizes the list, the second grows it.
        byte[] bytes = Oracle.Bytes(o =>
        {
            foreach (string tag in new[] { "a", "b" }) { o.WriteTag(4, Google.Protobuf.WireFormat.WireType.LengthDelimited); o.WriteString(tag); }
            o.WriteTag(1, Google.Protobuf.WireFormat.WireType.LengthDelimited);
            o.WriteString("n");
            foreach (string tag in new[] { "c", "d", "e" }) { o.WriteTag(4, Google.Protobuf.WireFormat.WireType.LengthDelimited); o.WriteString(tag); }
        });
        dynamic parsed = Assembly.Value.Parse("Test.Lazy.Node", bytes);
        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, (IEnumerable<string>)parsed.Tags);
        Assert.Equal("n", (string)parsed.Name);
    }

    [Fact]
    public void Sizing_writing_comparing_and_hashing_create_no_collection()
    {
        dynamic node = NewNode("leaf");
        dynamic other = NewNode("leaf");
        var buffer = new byte[64];
        Invoke("ReadOnlyUseAllocations", node, other, buffer); // JIT and first-use allocations out of the way
        Assert.Equal(0, Invoke("ReadOnlyUseAllocations", node, other, buffer));
        Assert.Equal("{ \"name\": \"leaf\" }", node.ToString());
        Assert.True(node.Equals(node.Clone()));
    }

    [Fact]
    public void A_property_returns_the_same_changeable_collection_every_time()
    {
        dynamic node = NewNode();
        var tags = node.Tags;
        Assert.False(tags.IsReadOnly);
        Assert.Same(tags, node.Tags);
        tags.Add("a");
        Assert.Equal(new[] { "a" }, (IEnumerable<string>)node.Tags);

        var labels = node.Labels;
        Assert.False(labels.IsReadOnly);
        Assert.Same(labels, node.Labels);
        labels["k"] = "v";
        Assert.Equal("v", (string)node.Labels["k"]);
    }

    [Fact]
    public void Messages_never_share_a_collection()
    {
        dynamic first = NewNode();
        dynamic second = NewNode();
        first.Weights.Add(1);
        first.Labels["k"] = "v";
        first.Nodes[1] = NewNode("n");
        first.Children.Add(NewNode("c"));
        Assert.Equal(0, (int)second.Weights.Count);
        Assert.Equal(0, (int)second.Labels.Count);
        Assert.Equal(0, (int)second.Nodes.Count);
        Assert.Equal(0, (int)second.Children.Count);
        Assert.Equal(0, (int)second.CalculateSize());

        // A clone of a message with empty collections gets its own when it adds, and so does the original.
        dynamic empty = NewNode();
        dynamic clone = empty.Clone();
        clone.Tags.Add("x");
        empty.Tags.Add("y");
        Assert.Equal(new[] { "x" }, (IEnumerable<string>)clone.Tags);
        Assert.Equal(new[] { "y" }, (IEnumerable<string>)empty.Tags);
    }

    [Fact]
    public void Parsing_merging_and_cloning_fill_collections_that_were_never_read()
    {
        dynamic source = NewNode("s");
        source.Children.Add(NewNode("c"));
        source.Weights.Add(-3);
        source.Weights.Add(7);
        source.Tags.Add("t");
        source.Labels["k"] = "v";
        source.Nodes[4] = NewNode("m");
        byte[] bytes = GeneratedAssembly.Bytes(source);

        dynamic parsed = Assembly.Value.Parse("Test.Lazy.Node", bytes);
        Assert.True(parsed.Equals(source));
        Assert.Equal(bytes, GeneratedAssembly.Bytes(parsed));

        dynamic merged = NewNode();
        merged.MergeFrom(source);
        Assert.True(merged.Equals(source));

        dynamic cloned = source.Clone();
        Assert.True(cloned.Equals(source));
        cloned.Weights.Add(1);
        cloned.Labels["k2"] = "v2";
        Assert.Equal(2, (int)source.Weights.Count);
        Assert.Equal(1, (int)source.Labels.Count);

        // Merging an empty message into one with entries adds nothing and keeps them.
        parsed.MergeFrom(NewNode());
        Assert.True(parsed.Equals(source));
    }

    [Fact]
    public void A_message_with_an_empty_collection_equals_one_whose_collection_was_read()
    {
        dynamic untouched = NewNode("n");
        dynamic read = NewNode("n");
        _ = read.Tags;
        _ = read.Labels;
        Assert.True(untouched.Equals(read));
        Assert.True(read.Equals(untouched));
        Assert.Equal((int)untouched.GetHashCode(), (int)read.GetHashCode());
        Assert.Equal(GeneratedAssembly.Bytes(untouched), GeneratedAssembly.Bytes(read));
    }
}
