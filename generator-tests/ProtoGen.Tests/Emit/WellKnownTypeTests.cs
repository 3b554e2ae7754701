using ProtoGen.Compiler;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Tests.Emit;

/// <summary>The runtime generates the well-known types with this emitter, so each of their files must compile cleanly.</summary>
public sealed class WellKnownTypeTests
{
    private static readonly string[] WellKnownFiles =
    {
        "any", "api", "duration", "empty", "field_mask", "source_context", "struct", "timestamp", "type", "wrappers", "descriptor",
    };

    /// <summary>Compiles the well-known types again, beside the runtime's own copies: CS0436 (a source type hides the
    /// referenced one of the same name) is expected there and only there.</summary>
    private static GeneratedAssembly CompileWellKnownTypes(FileModel[] files) =>
        GeneratedAssembly.CompileWith(files, suppressed: new[] { "CS0436" });

    internal static FileModel[] BindWellKnownTypes()
    {
        string importer = "syntax = \"proto3\";\n" + string.Concat(WellKnownFiles.Select(f => $"import \"google/protobuf/{f}.proto\";\n"));
        var files = new Dictionary<string, ParsedFile> { ["importer.proto"] = ProtoCompiler.Parse("importer.proto", importer) };
        var bound = ProtoCompiler.Bind("importer.proto", files);
        Assert.False(bound.HasErrors, string.Join("\n", bound.Diagnostics));
        return bound.Dependencies.ToArray();
    }

    [Fact]
    public void Well_known_type_files_compile_without_warnings_in_the_ProtoGen_namespace()
    {
        var files = BindWellKnownTypes();
        Assert.Equal(WellKnownFiles.Length, files.Length);
        using var assembly = CompileWellKnownTypes(files);
        Assert.NotNull(assembly.Type("ProtoGen.WellKnownTypes.Timestamp"));
        Assert.NotNull(assembly.Type("ProtoGen.WellKnownTypes.FieldDescriptorProto+Types+Type"));
    }

    [Fact]
    public void Struct_values_round_trip_through_their_oneof_and_maps()
    {
        using var assembly = CompileWellKnownTypes(BindWellKnownTypes());
        var value = assembly.New("ProtoGen.WellKnownTypes.Value");
        var structValue = assembly.New("ProtoGen.WellKnownTypes.Struct");
        var inner = assembly.New("ProtoGen.WellKnownTypes.Value");
        inner.StringValue = "x";
        structValue.Fields["k"] = inner;
        value.StructValue = structValue;
        var parsed = assembly.Parse("ProtoGen.WellKnownTypes.Value", GeneratedAssembly.Bytes(value));
        Assert.True(value.Equals(parsed));
        Assert.Equal("x", (string)parsed.StructValue.Fields["k"].StringValue);
    }
}
