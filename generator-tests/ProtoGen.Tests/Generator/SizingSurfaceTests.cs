using System.Buffers;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Generator;

/// <summary>
/// The sizing machinery stays out of a generated class's public members: users see CalculateSize() only. A parent
/// calls the internal size body of a message compiled into its own assembly, and reaches a message of another assembly
/// (a shared contracts library, the runtime's well-known types) through IMessage, which must compile and write the
/// same bytes.
/// </summary>
public sealed class SizingSurfaceTests
{
    // Tag holds a list (no remembered size) and no messages; Priced holds a Tag, so its size body is generic.
    private const string Library = """
        syntax = "proto3";
        package acme.common;
        message Tag {
          repeated string names = 1;
        }
        message Priced {
          Tag tag = 1;
        }
        """;

    private const string Consumer = """
        syntax = "proto3";
        package greet;
        import "common.proto";
        import "google/protobuf/struct.proto";
        message HelloRequest {
          string name = 1;
          acme.common.Priced priced = 2;
          repeated acme.common.Priced history = 3;
          google.protobuf.Struct extra = 4;
          HelloRequest next = 5;
          repeated HelloRequest children = 6;
        }
        """;

    private const string ConsumerCode = """
        namespace User
        {
            public static class Writes
            {
                public static Greet.HelloRequest Sample() => new Greet.HelloRequest
                {
                    Name = "a",
                    Priced = new Acme.Common.Priced { Tag = new Acme.Common.Tag { Names = { "x", "yz" } } },
                };
            }
        }
        """;

    [Fact]
    public void CalculateSize_is_the_only_public_sizing_member_of_a_generated_class()
    {
        var run = new GeneratorHarness().SetProto("common.proto", Library).SetProto("greet.proto", Consumer).Run();
        Assert.Empty(run.Diagnostics);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));

        foreach (var name in new[] { "Acme.Common.Tag", "Acme.Common.Priced", "Greet.HelloRequest" })
        {
            var type = run.OutputCompilation.GetTypeByMetadataName(name)!;
            var sizing = type.GetMembers()
                .Where(m => m.DeclaredAccessibility == Accessibility.Public && (m.Name.Contains("Size", StringComparison.Ordinal) || m.Name.Contains("Bound", StringComparison.Ordinal)))
                .Select(m => m is IMethodSymbol method ? $"{method.Name}({string.Join(", ", method.Parameters.Select(p => p.Type.Name))})" : m.Name)
                .ToList();
            Assert.Equal(["CalculateSize()"], sizing);
        }
    }

    [Fact]
    public void A_message_of_a_library_is_sized_through_IMessage_and_written_as_the_library_writes_it()
    {
        var library = new GeneratorHarness(assemblyName: "Acme.Contracts").SetProto("common.proto", Library).Run();
        Assert.Empty(library.Diagnostics);
        byte[] libraryImage = Image(library.OutputCompilation);

        var run = new GeneratorHarness(ConsumerCode, references: [MetadataReference.CreateFromImage(libraryImage)])
            .SetProto("greet.proto", Consumer)
            .Run();
        Assert.Empty(run.Diagnostics);
        // Calling the library's internal size body from here would be CS0122.
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        Assert.Contains("WireSize.Message(priced_, sizes.Table)", run.Sources["greet.g.cs"], StringComparison.Ordinal);

        var context = new AssemblyLoadContext("shared-contracts", isCollectible: true);
        try
        {
            context.LoadFromStream(new MemoryStream(libraryImage));
            var consumer = context.LoadFromStream(new MemoryStream(Image(run.OutputCompilation)));
            var message = (IMessage)consumer.GetType("User.Writes")!.GetMethod("Sample")!.Invoke(null, null)!;

            // name "a"; priced { tag { names "x", "yz" } }
            byte[] expected = [0x0A, 0x01, 0x61, 0x12, 0x09, 0x0A, 0x07, 0x0A, 0x01, 0x78, 0x0A, 0x02, 0x79, 0x7A];
            Assert.Equal(expected.Length, message.CalculateSize());
            Assert.Equal(expected, MessageSerializer.ToByteArray(message));
            var buffer = new ArrayBufferWriter<byte>();
            MessageSerializer.WriteTo(message, buffer);
            Assert.Equal(expected, buffer.WrittenSpan.ToArray());
        }
        finally
        {
            context.Unload();
        }
    }

    private static byte[] Image(Compilation compilation)
    {
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
        return stream.ToArray();
    }
}
