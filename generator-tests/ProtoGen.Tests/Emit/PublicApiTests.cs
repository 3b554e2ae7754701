using System.Buffers;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

/// <summary>The Google.Protobuf-like surface every message has: the encoding conveniences are the runtime's extension
/// methods (<c>using ProtoGen;</c>, as <c>using Google.Protobuf;</c> brought Google.Protobuf's), the rest are members.</summary>
public sealed class PublicApiTests
{
    // Compiled with the generated code, as a user's code calls them: dynamic binds neither span arguments nor extension
    // methods.
    private const string SpanCalls = """
        using ProtoGen;

        internal static class SpanCalls
        {
            public static int WriteTo(global::Test.Api.Note note, byte[] destination) => note.WriteTo(new global::System.Span<byte>(destination));
            public static void WriteToBufferWriter(global::Test.Api.Note note, global::System.Buffers.IBufferWriter<byte> output) => note.WriteTo(output);
            public static void WriteToStream(global::Test.Api.Note note, global::System.IO.Stream output) => note.WriteTo(output);
            public static void MergeFrom(global::Test.Api.Note note, byte[] data) => note.MergeFrom(new global::System.ReadOnlySpan<byte>(data));
            public static void MergeFromArray(global::Test.Api.Note note, byte[] data) => note.MergeFrom(data);
            public static void MergeFromSequence(global::Test.Api.Note note, byte[] data) => note.MergeFrom(new global::System.Buffers.ReadOnlySequence<byte>(data));
            public static void MergeFromStream(global::Test.Api.Note note, byte[] data) => note.MergeFrom(new global::System.IO.MemoryStream(data));
            public static void MergeFromMessage(global::Test.Api.Note note, global::Test.Api.Note other) => note.MergeFrom(other);
        }
        """;

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.CompileWith(
        new[]
        {
            new FileBuilder("test/api.proto", "test.api")
                .Message("Note", m => m.Field("id", 1, FieldType.Int32).Field("text", 2, FieldType.String).Field("next", 3, FieldType.Message, ".test.api.Note"))
                .Build(),
        },
        extraSources: new[] { SpanCalls }));

    private static object? CallSpanApi(string method, object note, object argument) =>
        Assembly.Value.Type("SpanCalls").GetMethod(method)!.Invoke(null, new[] { note, argument });

    private static dynamic Sample()
    {
        var note = Assembly.Value.New("Test.Api.Note");
        note.Id = 7;
        note.Text = "seven";
        note.Next = Assembly.Value.New("Test.Api.Note");
        note.Next.Id = 8;
        return note;
    }

    [Fact]
    public void Every_write_entry_point_writes_the_same_bytes()
    {
        var note = Sample();
        byte[] bytes = GeneratedAssembly.Bytes(note);

        var span = new byte[bytes.Length + 3];
        Assert.Equal(bytes.Length, (int)CallSpanApi("WriteTo", note, span)!);
        Assert.Equal(bytes, span.Take(bytes.Length).ToArray());

        var bufferWriter = new ArrayBufferWriter<byte>();
        CallSpanApi("WriteToBufferWriter", note, bufferWriter);
        Assert.Equal(bytes, bufferWriter.WrittenSpan.ToArray());

        var stream = new MemoryStream();
        CallSpanApi("WriteToStream", note, stream);
        Assert.Equal(bytes, stream.ToArray());
    }

    [Fact]
    public void Every_read_entry_point_reads_the_same_message()
    {
        var note = Sample();
        byte[] bytes = GeneratedAssembly.Bytes(note);

        foreach (var entryPoint in new[] { "MergeFrom", "MergeFromArray", "MergeFromSequence", "MergeFromStream" })
        {
            var read = Assembly.Value.New("Test.Api.Note");
            CallSpanApi(entryPoint, read, bytes);
            Assert.True(note.Equals(read), entryPoint);
        }
        var merged = Assembly.Value.New("Test.Api.Note");
        CallSpanApi("MergeFromMessage", merged, note);
        Assert.True(note.Equals(merged));
    }

    [Fact]
    public void Messages_implement_the_runtime_interfaces_and_name_their_proto_type()
    {
        var note = (IMessage)Sample();
        Assert.Equal("test.api.Note", note.ProtoTypeName);
        int size = note.CalculateSize();
        Assert.Equal(MessageSerializer.ToByteArray(note).Length, size);

        // The size-table overload gives the same size and records one slot per sub-message (Note holds one Next).
        var sizes = ProtoGen.Wire.SizeTable.Rent();
        Assert.Equal(size, note.CalculateSize(sizes));
        Assert.Equal(1, sizes.Count);
        sizes.Return();
    }

    [Fact]
    public void Every_generated_member_is_marked_as_non_user_code_for_the_debugger()
    {
        // Accessors carry their property's attribute; the static constructor is the compiler's.
        var type = Assembly.Value.Type("Test.Api.Note");
        const System.Reflection.BindingFlags Declared = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic
            | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.DeclaredOnly;
        var members = type.GetMethods(Declared).Where(m => !m.IsSpecialName).Cast<System.Reflection.MemberInfo>()
            .Concat(type.GetProperties(Declared))
            .Concat(type.GetConstructors(Declared).Where(c => !c.IsStatic))
            .ToList();
        Assert.True(members.Count > 20, $"only {members.Count} members found");
        var unmarked = members.Where(m => !m.IsDefined(typeof(System.Diagnostics.DebuggerNonUserCodeAttribute), inherit: false)).Select(m => m.Name);
        Assert.Empty(unmarked);
        Assert.False(type.IsDefined(typeof(System.Diagnostics.DebuggerNonUserCodeAttribute), inherit: false));
    }

    [Fact]
    public void Equals_and_hash_code_have_value_semantics()
    {
        var a = Sample();
        var b = Sample();
        Assert.True(a.Equals((object)b));
        Assert.Equal((int)a.GetHashCode(), (int)b.GetHashCode());
        b.Next.Id = 9;
        Assert.False(a.Equals((object)b));
        Assert.False(a.Equals((object?)null));
    }
}
