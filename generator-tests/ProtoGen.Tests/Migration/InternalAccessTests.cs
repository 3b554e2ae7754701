using System.Reflection;
using Microsoft.CodeAnalysis;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Migration;

/// <summary>Access="Internal" item metadata, as on Grpc.Tools' Protobuf items: the file's messages, enums, extension
/// class and gRPC stubs are internal, a user's <c>internal partial class</c> completes them, and the runtime still
/// parses and writes them.</summary>
public sealed class InternalAccessTests
{
    private const string Proto = """
        syntax = "proto2";
        package secret;
        enum Level { LEVEL_UNSPECIFIED = 0; LEVEL_HIGH = 1; }
        message Note {
          optional string text = 1;
          optional Level level = 2;
          optional Inner inner = 3;
          message Inner { optional int32 id = 1; }
          extensions 100 to 200;
        }
        extend Note { optional string tag = 100; }
        message Ack { optional bool ok = 1; }
        service Notes { rpc Send (Note) returns (Ack); }
        """;

    private const string UserCode = """
        namespace Secret
        {
            internal sealed partial class Note
            {
                public string Shout() => Text.ToUpperInvariant();
            }
        }
        namespace User
        {
            internal sealed class NotesService : Secret.Notes.NotesBase { }
        }
        """;

    private static readonly Dictionary<string, string> Internal = new() { ["Access"] = "Internal" };

    [Fact]
    public void Access_Internal_makes_every_generated_top_level_type_internal_next_to_a_users_internal_partial_class()
    {
        var run = new GeneratorHarness(UserCode, withGrpc: true).SetProto("secret.proto", Proto, Internal).Run();

        Assert.Empty(run.Diagnostics);
        Assert.Empty(Compilations.Problems(run.OutputCompilation));
        foreach (var name in new[] { "Secret.Note", "Secret.Level", "Secret.Ack", "Secret.Notes", "Secret.SecretExtensions" })
        {
            var type = run.OutputCompilation.GetTypeByMetadataName(name);
            Assert.True(type is not null, name + " not found");
            Assert.Equal(Accessibility.Internal, type!.DeclaredAccessibility);
        }
    }

    [Fact]
    public void Without_Access_metadata_the_types_stay_public_and_the_users_internal_partial_is_CS0262()
    {
        var run = new GeneratorHarness(UserCode, withGrpc: true).SetProto("secret.proto", Proto).Run();

        Assert.Equal(Accessibility.Public, run.OutputCompilation.GetTypeByMetadataName("Secret.Ack")!.DeclaredAccessibility);
        Assert.Contains(run.OutputCompilation.GetDiagnostics(), d => d.Id == "CS0262");
    }

    [Fact]
    public void Internal_messages_round_trip_through_the_runtime()
    {
        var run = new GeneratorHarness(UserCode, withGrpc: true).SetProto("secret.proto", Proto, Internal).Run();
        var assembly = Compilations.Load(run.OutputCompilation);

        var noteType = assembly.GetType("Secret.Note", throwOnError: true)!;
        Assert.False(noteType.IsPublic);
        var note = (IMessage)Activator.CreateInstance(noteType)!;
        noteType.GetProperty("Text")!.SetValue(note, "psst");
        var bytes = MessageSerializer.ToByteArray(note);
        var parser = noteType.GetProperty("Parser", BindingFlags.Public | BindingFlags.Static)!.GetValue(null)!;
        var parsed = parser.GetType().GetMethod("ParseFrom", [typeof(byte[])])!.Invoke(parser, [bytes]);
        Assert.Equal(note, parsed);
        Assert.Equal("PSST", noteType.GetMethod("Shout")!.Invoke(parsed, null));
    }
}
