using System.Buffers;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

/// <summary>The Google.Protobuf-like surface every message has, delegating to the runtime's MessageSerializer.</summary>
public sealed class PublicApiTests
{
    // Span arguments cannot go through dynamic: these calls are compiled with the generated code.
    private const string SpanCalls = """
        internal static class SpanCalls
        {
            public static int WriteTo(global::Test.Api.Note note, byte[] destination) => note.WriteTo(new global::System.Span<byte>(destination));
            public static void MergeFrom(global::Test.Api.Note note, byte[] data) => note.MergeFrom(new global::System.ReadOnlySpan<byte>(data));
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

    private static object CallSpanApi(string method, object note, byte[] buffer) =>
        Assembly.Value.Type("SpanCalls").GetMethod(method)!.Invoke(null, new[] { note, buffer })!;

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
        byte[] bytes = note.ToByteArray();

        var span = new byte[bytes.Length + 3];
        Assert.Equal(bytes.Length, (int)CallSpanApi("WriteTo", note, span));
        Assert.Equal(bytes, span.Take(bytes.Length).ToArray());

        var bufferWriter = new ArrayBufferWriter<byte>();
        note.WriteTo((IBufferWriter<byte>)bufferWriter);
        Assert.Equal(bytes, bufferWriter.WrittenSpan.ToArray());

        var stream = new MemoryStream();
        note.WriteTo((Stream)stream);
        Assert.Equal(bytes, stream.ToArray());
    }

    [Fact]
    public void Every_read_entry_point_reads_the_same_message()
    {
        var note = Sample();
        byte[] bytes = note.ToByteArray();

        var fromSpan = Assembly.Value.New("Test.Api.Note");
        CallSpanApi("MergeFrom", fromSpan, bytes);
        var fromSequence = Assembly.Value.New("Test.Api.Note");
        fromSequence.MergeFrom(new ReadOnlySequence<byte>(bytes));
        var fromStream = Assembly.Value.New("Test.Api.Note");
        fromStream.MergeFrom((Stream)new MemoryStream(bytes));

        Assert.True(note.Equals(fromSpan));
        Assert.True(note.Equals(fromSequence));
        Assert.True(note.Equals(fromStream));
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
