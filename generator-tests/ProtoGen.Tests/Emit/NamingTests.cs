using System.Reflection;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

/// <summary>Names follow protoc's C# generator, so that users of Google.Protobuf find the members they know.</summary>
public sealed class NamingTests
{
    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.Compile(
        new FileBuilder("test/naming.proto", "test.naming_rules")
            .Enum("Color", "COLOR_UNSPECIFIED", "COLOR_DARK_RED", "color_light_blue", "GREEN", "COLOR_2D")
            .Enum("Dup", "DUP_A", "A", "DupB")
            .Message("Names", m => m
                .Field("foo_bar_baz", 1, FieldType.Int32)
                .Field("field2d", 2, FieldType.Int32)
                .Field("_leading", 3, FieldType.Int32)
                .Field("_2d", 4, FieldType.Int32)
                .Field("names", 5, FieldType.Int32)
                .Field("parser", 6, FieldType.Int32)
                .Field("clone", 7, FieldType.Int32)
                .Field("equals", 8, FieldType.Int32)
                .Field("to_string", 9, FieldType.Int32)
                .Field("get_hash_code", 10, FieldType.Int32)
                .Field("write_to", 11, FieldType.Int32)
                .Field("merge_from", 12, FieldType.Int32)
                .Field("calculate_size", 13, FieldType.Int32)
                .Field("types", 14, FieldType.Int32)
                .Field("to_byte_array", 15, FieldType.Int32)
                .Field("get_type", 16, FieldType.Int32)
                .Field("class", 17, FieldType.String)
                .Field("cached_size", 18, FieldType.Int32)
                .Field("proto_type_name", 19, FieldType.String)
                .Field("format_to", 20, FieldType.Int32)
                .Field("unknown_fields", 21, FieldType.Int32)
                .Field("HTTPServer", 22, FieldType.Int32)
                .Oneof("my_choice", o => o.Field("none", 23, FieldType.Int32).Field("some_thing", 24, FieldType.Int32))
                // The private members of a message that holds a list of its own type (its leaf size path).
                .Field("is_size_leaf", 25, FieldType.Bool)
                .Field("calculate_leaf_size", 26, FieldType.Int32)
                .Field("children", 27, FieldType.Message, ".test.naming_rules.Names", repeated: true)
                .Field("is_initialized", 28, FieldType.Bool)) // every message has IsInitialized()
            .Message("Locals", m =>
            {
                // Names of the locals and parameters generated methods use: the message must still compile and work.
                int number = 1;
                foreach (var name in new[] { "other", "size", "hash", "tag", "reader", "writer", "formatter", "entry", "item", "key", "value", "old_limit" })
                {
                    m.Field(name, number++, FieldType.Int32);
                }
                m.Map("map", number++, FieldType.String, FieldType.Message, ".test.naming_rules.Locals");
                m.Field("list", number, FieldType.Message, ".test.naming_rules.Locals", repeated: true);
            })
            // A oneof named like its message, and one named like a member every message has: protoc's C# declares
            // no member of the oneof's own name, so neither clashes (googleapis' "message Source { oneof source }").
            .Message("Source", m => m
                .Oneof("source", o => o.Field("a", 1, FieldType.String).Field("b", 2, FieldType.Int32))
                .Oneof("to_string", o => o.Field("c", 3, FieldType.Int32)))
            .Message("string", m => m.Field("value", 1, FieldType.String).Field("string", 2, FieldType.Message, ".test.naming_rules.string"))
            .Build()));

    private static Type Names => Assembly.Value.Type("Test.NamingRules.Names");

    [Theory]
    [InlineData("FooBarBaz")]
    [InlineData("Field2D")]
    [InlineData("Leading")]
    [InlineData("_2D")]
    [InlineData("Names_")]
    [InlineData("Parser_")]
    [InlineData("Clone_")]
    [InlineData("Equals_")]
    [InlineData("ToString_")]
    [InlineData("GetHashCode_")]
    [InlineData("WriteTo_")]
    [InlineData("MergeFrom_")]
    [InlineData("CalculateSize_")]
    [InlineData("Types_")]
    [InlineData("ToByteArray_")]
    [InlineData("GetType_")]
    [InlineData("IsInitialized_")]
    [InlineData("IsSizeLeaf_")]
    [InlineData("CalculateLeafSize_")]
    [InlineData("Class")]
    [InlineData("CachedSize")]
    [InlineData("ProtoTypeName")]
    [InlineData("FormatTo")]
    [InlineData("UnknownFields")]
    [InlineData("HTTPServer")]
    [InlineData("None")]
    [InlineData("SomeThing")]
    [InlineData("MyChoiceCase")]
    public void Property_names_follow_protoc(string property) =>
        Assert.NotNull(Names.GetProperty(property, BindingFlags.Public | BindingFlags.Instance));

    [Fact]
    public void Field_number_constants_and_oneof_members_follow_protoc()
    {
        Assert.Equal(1, Names.GetField("FooBarBazFieldNumber")!.GetValue(null));
        Assert.Equal(6, Names.GetField("Parser_FieldNumber")!.GetValue(null));
        var caseEnum = Assembly.Value.Type("Test.NamingRules.Names+MyChoiceOneofCase");
        Assert.Equal(new[] { "None", "None_", "SomeThing" }, Enum.GetNames(caseEnum));
        Assert.NotNull(Names.GetMethod("ClearMyChoice"));
    }

    [Fact]
    public void A_oneof_named_like_its_message_has_protocs_members_and_works()
    {
        var source = Assembly.Value.Type("Test.NamingRules.Source");
        var caseEnum = Assembly.Value.Type("Test.NamingRules.Source+SourceOneofCase");
        Assert.Equal(new[] { "None", "A", "B" }, Enum.GetNames(caseEnum));
        Assert.NotNull(Assembly.Value.Type("Test.NamingRules.Source+ToStringOneofCase"));
        object message = Activator.CreateInstance(source)!;
        source.GetProperty("B")!.SetValue(message, 7);
        Assert.Equal("B", source.GetProperty("SourceCase")!.GetValue(message)!.ToString());
        source.GetMethod("ClearSource")!.Invoke(message, null);
        Assert.Equal("None", source.GetProperty("SourceCase")!.GetValue(message)!.ToString());
        Assert.NotNull(source.GetProperty("ToStringCase"));
        Assert.NotNull(source.GetMethod("ClearToString"));
    }

    [Fact]
    public void Enum_values_lose_the_enum_name_prefix_and_become_PascalCase()
    {
        Assert.Equal(new[] { "Unspecified", "DarkRed", "LightBlue", "Green", "_2D" }, Enum.GetNames(Assembly.Value.Type("Test.NamingRules.Color")));
        Assert.Equal(new[] { "A", "A_", "B" }, Enum.GetNames(Assembly.Value.Type("Test.NamingRules.Dup")));
    }

    [Fact]
    public void Fields_named_like_generated_locals_work()
    {
        var m = Assembly.Value.New("Test.NamingRules.Locals");
        m.Other = 1;
        m.Value = 2;
        m.Map["k"] = Assembly.Value.New("Test.NamingRules.Locals");
        var parsed = Assembly.Value.Parse("Test.NamingRules.Locals", GeneratedAssembly.Bytes(m));
        Assert.True(m.Equals(parsed));
        Assert.Equal(2, (int)parsed.Value);
    }

    [Fact]
    public void Keywords_are_escaped()
    {
        var type = Assembly.Value.Type("Test.NamingRules.string");
        Assert.NotNull(type.GetProperty("String"));
        Assert.Contains("public sealed partial class @string", Assembly.Value.Source);
    }

    [Theory]
    [InlineData("acme/store/v1/store.proto", "acme.store.v1.store.g.cs")]
    [InlineData("top.proto", "top.g.cs")]
    [InlineData("a/b.c.proto", "a.b.c.g.cs")]
    public void Hint_name_is_the_path_with_dots(string path, string hintName) =>
        Assert.Equal(hintName, ProtoCompiler.Emit(new FileBuilder(path, "p").Build(), EquatableArray<FileModel>.Empty, EmitOptions.Default).HintName);

    [Theory]
    [InlineData("foo_bar.baz_qux", null, null, "namespace FooBar.BazQux;")]
    [InlineData("acme.v1", "Acme.Custom.Ns", null, "namespace Acme.Custom.Ns;")]
    [InlineData("acme.v1", "Acme.Custom.Ns", "Override.Ns", "namespace Override.Ns;")]
    [InlineData("google.protobuf", "Google.Protobuf.WellKnownTypes", null, "namespace ProtoGen.WellKnownTypes;")]
    public void Namespace_follows_csharp_namespace_then_package_with_well_known_types_in_ProtoGen(
        string package, string? csharpNamespace, string? namespaceOverride, string expected)
    {
        var file = new FileBuilder("x.proto", package);
        if (csharpNamespace is not null) file.Option("csharp_namespace", csharpNamespace);
        string source = ProtoCompiler.Emit(file.Build(), EquatableArray<FileModel>.Empty, new EmitOptions(namespaceOverride)).Source;
        Assert.Contains(expected + "\n", source);
    }

    [Fact]
    public void A_file_without_package_has_no_namespace_and_still_compiles()
    {
        using var assembly = GeneratedAssembly.Compile(new FileBuilder("nopackage.proto", "").Message("Loose", m => m.Field("x", 1, FieldType.Int32)).Build());
        Assert.NotNull(assembly.Type("Loose"));
        Assert.DoesNotContain("namespace", assembly.Source);
    }
}
