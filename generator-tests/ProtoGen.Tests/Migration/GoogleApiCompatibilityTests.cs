using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ProtoGen.Collections;
using ProtoGen.Samples.Types;
using ProtoGen.Tests.Infrastructure;
using ProtoGen.WellKnownTypes;

namespace ProtoGen.Tests.Migration;

/// <summary>The members of Google.Protobuf's API that migrated applications call, on ProtoGen's types (the audit table
/// is docs/migration.md).</summary>
public sealed class GoogleApiCompatibilityTests
{
    [Fact]
    public void UnsafeWrap_shares_the_callers_memory_without_copying()
    {
        byte[] chunk = [0, 1, 2, 3, 4, 5, 6, 7];
        var bytes = UnsafeByteOperations.UnsafeWrap(chunk.AsMemory(2, 4));

        Assert.True(MemoryMarshal.TryGetArray(bytes.Memory, out var segment));
        Assert.Same(chunk, segment.Array);
        Assert.Equal(2, segment.Offset);
        chunk[2] = 42;
        Assert.Equal(42, bytes[0]);
        Assert.Equal(new byte[] { 42, 3, 4, 5 }, bytes.ToByteArray());
        Assert.Same(ByteString.Empty, UnsafeByteOperations.UnsafeWrap(ReadOnlyMemory<byte>.Empty));
    }

    [Fact]
    public void A_wrapped_slice_behaves_as_a_copy_of_the_same_bytes()
    {
        byte[] chunk = [9, 1, 2, 3, 9];
        var wrapped = UnsafeByteOperations.UnsafeWrap(chunk.AsMemory(1, 3));
        var copied = ByteString.CopyFrom(1, 2, 3);

        Assert.Equal(copied, wrapped);
        Assert.Equal(copied.GetHashCode(), wrapped.GetHashCode());
        Assert.Equal(new byte[] { 1, 2, 3 }, wrapped.ToArray());
        Assert.Equal(copied.ToBase64(), wrapped.ToBase64());
        using var stream = wrapped.ToStream();
        Assert.Equal(3, stream.Length);
        Assert.Equal(1, stream.ReadByte());

        var message = new AllTypes { FBytes = wrapped };
        var parsed = AllTypes.Parser.ParseFrom(message.ToByteArray());
        Assert.Equal(copied, parsed.FBytes);
        Assert.Equal(new AllTypes { FBytes = copied }.ToByteArray(), message.ToByteArray());
    }

    [Fact]
    public void ByteString_text_copy_and_stream_members()
    {
        var text = ByteString.CopyFromUtf8("grüße");
        Assert.Equal("grüße", text.ToStringUtf8());
        Assert.Equal(7, text.Length);

        var target = new byte[9];
        text.CopyTo(target, 2);
        Assert.Equal(text.ToByteArray(), target.AsSpan(2).ToArray());
        Span<byte> span = stackalloc byte[7];
        text.CopyTo(span);
        Assert.True(span.SequenceEqual(text.Span));

        using var output = new MemoryStream();
        text.WriteTo(output);
        Assert.Equal(text.ToByteArray(), output.ToArray());

        Assert.Equal(text, ByteString.FromStream(new MemoryStream(output.ToArray())));
        Assert.Same(ByteString.Empty, ByteString.FromStream(new MemoryStream()));
    }

    [Fact]
    public async Task ByteString_FromStreamAsync_reads_to_the_end()
    {
        var source = Enumerable.Range(0, 100_000).Select(i => (byte)i).ToArray();
        var bytes = await ByteString.FromStreamAsync(new MemoryStream(source));
        Assert.Equal(source, bytes.ToByteArray());
    }

    [Fact]
    public void RepeatedField_AddRange_of_an_array_is_not_ambiguous()
    {
        // Compiled by this project's own compiler (the SDK's latest C#) ...
        var list = new RepeatedField<int>();
        list.AddRange(new[] { 1, 2 });
        list.AddRange(new List<int> { 3 });
        list.AddRange(stackalloc int[] { 4 });
        Assert.Equal(new[] { 1, 2, 3, 4 }, list);
        Assert.Throws<ArgumentNullException>(() => list.AddRange((int[])null!));
    }

    [Fact]
    public void RepeatedField_AddRange_of_an_array_compiles_in_CSharp_12()
    {
        // ... and by Roslyn in C# 12, where IEnumerable<T> and ReadOnlySpan<T> rank equal for an array (CS0121). C# 13
        // ranks them the same way; first-class spans (C# 14) changed it.
        const string code = """
            using ProtoGen.Collections;
            public static class UserCode
            {
                public static int Fill(string[] names, RepeatedField<string> into, int[] numbers, RepeatedField<int> numbersInto)
                {
                    into.AddRange(names);
                    numbersInto.AddRange(numbers);
                    numbersInto.AddRange(new[] { 1, 2 });
                    into.Add(names);
                    return into.Count;
                }
            }
            """;
        var compilation = Compilations.Create([code]);
        compilation = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(),
            CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.CSharp12)));
        Assert.Empty(Compilations.Problems(compilation));
    }

    [Fact]
    public void RepeatedField_Capacity_grows_and_refuses_to_drop_elements()
    {
        var list = new RepeatedField<int> { 1, 2, 3 };
        list.Capacity = 10;
        Assert.Equal(10, list.Capacity);
        Assert.Equal(new[] { 1, 2, 3 }, list);
        Assert.Throws<ArgumentOutOfRangeException>(() => list.Capacity = 2);
    }

    [Fact]
    public void MapField_MergeFrom_a_dictionary_replaces_existing_keys()
    {
        var map = new MapField<string, int> { ["a"] = 1, ["b"] = 2 };
        map.MergeFrom(new Dictionary<string, int> { ["b"] = 20, ["c"] = 30 });
        Assert.Equal(3, map.Count);
        Assert.Equal(20, map["b"]);
        Assert.Equal(30, map["c"]);
    }

    [Fact]
    public void Message_extension_methods_work_through_the_interface()
    {
        IMessage message = new AllTypes { FInt32 = 7, FString = "x" };
        ByteString encoded = message.ToByteString();
        Assert.Equal(message.ToByteArray(), encoded.ToByteArray());

        IMessage fromByteString = AllTypes.Parser.CreateTemplate();
        fromByteString.MergeFrom(encoded);
        Assert.Equal(message, fromByteString);

        var padded = new byte[encoded.Length + 4];
        encoded.CopyTo(padded, 2);
        IMessage fromSlice = new AllTypes();
        fromSlice.MergeFrom(padded, 2, encoded.Length);
        Assert.Equal(message, fromSlice);

        using var stream = new MemoryStream();
        message.WriteDelimitedTo(stream);
        message.WriteDelimitedTo(stream);
        stream.Position = 0;
        IMessage first = new AllTypes(), second = new AllTypes();
        first.MergeDelimitedFrom(stream);
        second.MergeDelimitedFrom(stream);
        Assert.Equal(message, first);
        Assert.Equal(message, second);
    }

    [Fact]
    public void Time_extension_methods_convert_like_Google_Protobufs()
    {
        var instant = new DateTime(2026, 12, 7, 9, 50, 22, 500, DateTimeKind.Utc);
        Assert.Equal(instant, instant.ToTimestamp().ToDateTime());
        Assert.Equal(instant, new DateTimeOffset(instant).ToOffset(TimeSpan.FromHours(2)).ToTimestamp().ToDateTime());
        Assert.Equal(TimeSpan.FromMilliseconds(-1500), TimeSpan.FromMilliseconds(-1500).ToDuration().ToTimeSpan());
        Assert.Throws<ArgumentException>(() => DateTime.Now.ToTimestamp());
        Assert.Equal("2026-12-07T09:50:22.5Z", instant.ToTimestamp().ToDiagnosticString());
        Assert.Equal("-1.5s", TimeSpan.FromMilliseconds(-1500).ToDuration().ToDiagnosticString());
    }

    [Fact]
    public void Timestamp_and_Duration_arithmetic_normalizes()
    {
        var earlier = new Timestamp { Seconds = 10, Nanos = 900_000_000 };
        var later = new Timestamp { Seconds = 12, Nanos = 100_000_000 };

        Duration difference = later - earlier;
        Assert.Equal((1L, 200_000_000), (difference.Seconds, difference.Nanos));
        Duration back = earlier - later;
        Assert.Equal((-1L, -200_000_000), (back.Seconds, back.Nanos));
        Assert.Equal(later, earlier + difference);
        Assert.Equal(earlier, later - difference);
        Assert.True(earlier < later && later > earlier && earlier <= new Timestamp { Seconds = 10, Nanos = 900_000_000 } && later >= earlier);
        Assert.True(earlier == new Timestamp { Seconds = 10, Nanos = 900_000_000 });
        Assert.True(earlier != later);

        var sum = new Duration { Seconds = 1, Nanos = 600_000_000 } + new Duration { Seconds = 0, Nanos = 700_000_000 };
        Assert.Equal((2L, 300_000_000), (sum.Seconds, sum.Nanos));
        var mixed = new Duration { Seconds = 1 } - new Duration { Seconds = 1, Nanos = 500_000_000 };
        Assert.Equal((0L, -500_000_000), (mixed.Seconds, mixed.Nanos));
        var negated = -new Duration { Seconds = 3, Nanos = 1 };
        Assert.Equal((-3L, -1), (negated.Seconds, negated.Nanos));
        Assert.Throws<InvalidOperationException>(() => new Duration { Seconds = 1, Nanos = -1 } + new Duration());
    }
}
