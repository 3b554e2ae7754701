using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Tests.Syntax;
using ProtoGen.Compiler.WellKnownTypes;

namespace ProtoGen.Compiler.Tests.Binding;

public class BinderTests
{
    // ---- name resolution

    [Fact]
    public void Binder_resolves_names_from_the_innermost_scope_outwards()
    {
        var file = Compile.Clean("""
            syntax = "proto3";
            package p;
            message Item {}
            message Outer {
              message Item {}
              message Inner {
                Item inner_sees_outer_item = 1;
                .p.Item rooted = 2;
                p.Item package_qualified = 3;
                Outer.Item outer_qualified = 4;
              }
              Item sees_nested = 1;
            }
            message Other { Item top = 1; }
            """);
        var outer = file.Message("Outer");
        var inner = outer.Nested("Inner");
        Assert.Equal(".p.Outer.Item", inner.Field("inner_sees_outer_item").TypeName);
        Assert.Equal(".p.Item", inner.Field("rooted").TypeName);
        Assert.Equal(".p.Item", inner.Field("package_qualified").TypeName);
        Assert.Equal(".p.Outer.Item", inner.Field("outer_qualified").TypeName);
        Assert.Equal(".p.Outer.Item", outer.Field("sees_nested").TypeName);
        Assert.Equal(".p.Item", file.Message("Other").Field("top").TypeName);
    }

    [Fact]
    public void Binder_resolves_through_package_prefixes_across_files()
    {
        var file = Compile.Clean("""
            syntax = "proto3";
            package acme.store.v1;
            import "common.proto";
            import "shared.proto";
            message Order {
              Money by_scope = 1;
              v1.Money by_partial_package = 2;
              acme.store.v1.Money by_full_package = 3;
              shared.Tag from_parent_package = 4;
            }
            """,
            ("common.proto", "syntax = \"proto3\";\npackage acme.store.v1;\nmessage Money {}\n"),
            ("shared.proto", "syntax = \"proto3\";\npackage acme.shared;\nmessage Tag {}\n"));
        var order = file.Message("Order");
        Assert.All(new[] { "by_scope", "by_partial_package", "by_full_package" }, name => Assert.Equal(".acme.store.v1.Money", order.Field(name).TypeName));
        Assert.Equal(".acme.shared.Tag", order.Field("from_parent_package").TypeName);
    }

    [Fact]
    public void Binder_sees_types_reexported_by_import_public_transitively()
    {
        var result = Compile.Files("a.proto",
            ("a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\nmessage A { C c = 1; D d = 2; }\n"),
            ("b.proto", "syntax = \"proto3\";\nimport public \"c.proto\";\n"),
            ("c.proto", "syntax = \"proto3\";\nimport public \"d.proto\";\nmessage C {}\n"),
            ("d.proto", "syntax = \"proto3\";\nmessage D {}\n"));
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        Assert.Equal(".D", result.File!.Message("A").Field("d").TypeName);
        Assert.Equal(new[] { "d.proto", "c.proto", "b.proto" }, result.Dependencies.Select(d => d.Name));
    }

    [Fact]
    public void Binder_does_not_see_types_of_a_dependency_s_private_imports()
    {
        var result = Compile.Files("a.proto",
            ("a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\nmessage A { C c = 1; }\n"),
            ("b.proto", "syntax = \"proto3\";\nimport \"c.proto\";\n"),
            ("c.proto", "syntax = \"proto3\";\nmessage C {}\n"));
        Assert.Equal("PG0102", Assert.Single(result.Diagnostics).Code);
        Assert.Null(result.File);
    }

    [Fact]
    public void Binder_stops_at_the_first_matching_component_as_protoc_does()
    {
        var result = Compile.One("""
            syntax = "proto3";
            package p;
            message Bar { message Baz {} }
            message Foo {
              message Bar {}
              Bar.Baz wrong = 1;
              .p.Bar.Baz right = 2;
            }
            """);
        Assert.Equal("PG0103", Assert.Single(result.Diagnostics).Code);
    }

    [Fact]
    public void Binder_skips_non_types_when_resolving_a_field_type()
    {
        var file = Compile.Clean("""
            syntax = "proto3";
            package p;
            message Value {}
            message M {
              int32 Value = 1;
              Value other = 2;
            }
            """);
        Assert.Equal(".p.Value", file.Message("M").Field("other").TypeName);
    }

    [Fact]
    public void Binder_tells_messages_from_enums_and_resolves_methods_and_extendees()
    {
        var file = Compile.Clean("""
            syntax = "proto2";
            package p;
            enum Color { RED = 1; }
            message M { optional Color color = 1; optional M self = 2; extensions 10 to 20; }
            extend M { optional Color ext_color = 10; }
            service S { rpc Get(M) returns (stream M); }
            """);
        var m = file.Message("M");
        Assert.Equal((FieldType.Enum, ".p.Color"), (m.Field("color").Type, m.Field("color").TypeName));
        Assert.Equal((FieldType.Message, ".p.M"), (m.Field("self").Type, m.Field("self").TypeName));
        var extension = file.Extensions.Single();
        Assert.Equal((".p.M", FieldType.Enum), (extension.Extendee, extension.Type));
        var method = file.Services.Single().Methods.Single();
        Assert.Equal((".p.M", ".p.M", false, true), (method.InputType, method.OutputType, method.ClientStreaming, method.ServerStreaming));
    }

    // ---- what protoc synthesizes

    [Fact]
    public void Binder_synthesizes_map_entries_as_protoc_does()
    {
        var file = Compile.Clean("""
            syntax = "proto3";
            package p;
            message M { map<string, M> child_by_name = 1; map<int32, string> _x_y = 2; }
            """);
        var m = file.Message("M");
        var field = m.Field("child_by_name");
        Assert.Equal((FieldLabel.Repeated, FieldType.Message, ".p.M.ChildByNameEntry"), (field.Label, field.Type, field.TypeName));
        var entry = m.Nested("ChildByNameEntry");
        Assert.True(entry.IsMapEntry);
        Assert.Equal(OptionsModel.None, entry.Options);
        Assert.Equal(new[] { ("key", 1, FieldType.String, "key"), ("value", 2, FieldType.Message, "value") },
            entry.Fields.Select(f => (f.Name, f.Number, f.Type, f.JsonName)));
        Assert.All(entry.Fields, f => Assert.Equal(FieldLabel.Optional, f.Label));
        Assert.Equal("XYEntry", m.NestedTypes[1].Name);
    }

    [Fact]
    public void Binder_appends_synthetic_oneofs_for_proto3_optional_after_real_oneofs()
    {
        var file = Compile.CleanForProtoc("""
            syntax = "proto3";
            message M {
              optional int32 a = 1;
              oneof real { string b = 2; }
              optional string c = 3;
              int32 _c = 4;
            }
            """);
        var m = file.Message("M");
        Assert.Equal(new[] { "real", "_a", "X_c" }, m.Oneofs.Select(o => o.Name));
        Assert.Equal((true, 1), (m.Field("a").Proto3Optional, m.Field("a").OneofIndex!.Value));
        Assert.Equal(0, m.Field("b").OneofIndex);
        Assert.Equal((true, 2), (m.Field("c").Proto3Optional, m.Field("c").OneofIndex!.Value));
        Assert.Null(m.Field("_c").OneofIndex);
    }

    [Fact]
    public void Binder_models_groups_as_a_nested_message_and_a_lower_cased_field()
    {
        var file = Compile.Clean("""
            syntax = "proto2";
            package p;
            message M { repeated group Result = 1 { required string url = 2; } }
            """);
        var m = file.Message("M");
        var field = m.Field("result");
        Assert.Equal((FieldType.Group, ".p.M.Result", FieldLabel.Repeated), (field.Type, field.TypeName, field.Label));
        Assert.Equal("url", m.Nested("Result").Fields.Single().Name);
    }

    [Theory]
    [InlineData("foo_bar", "fooBar")]
    [InlineData("foo__bar", "fooBar")]
    [InlineData("_foo", "Foo")]
    [InlineData("foo_", "foo")]
    [InlineData("foo_1bar", "foo1bar")]
    [InlineData("FooBar", "FooBar")]
    public void Binder_derives_json_names_as_protoc_does(string name, string jsonName)
    {
        var file = Compile.Clean($"syntax = \"proto3\";\nmessage M {{ int32 {name} = 1; }}\n");
        Assert.Equal(jsonName, file.Message("M").Fields.Single().JsonName);
    }

    [Fact]
    public void Binder_keeps_an_explicit_json_name()
    {
        var file = Compile.Clean("syntax = \"proto3\";\nmessage M { int32 a = 1 [json_name = \"Custom\"]; }\n");
        Assert.Equal("Custom", file.Message("M").Fields.Single().JsonName);
        Assert.True(file.Message("M").Fields.Single().Options.Items.IsEmpty);
    }

    [Fact]
    public void Binder_fills_default_values_and_checks_enum_defaults()
    {
        var file = Compile.Clean("""
            syntax = "proto2";
            enum Kind { A = 1; B = 2; }
            message M {
              optional Kind kind = 1 [default = B];
              optional bytes data = 2 [default = "\0a"];
              optional float ratio = 3 [default = .5];
            }
            """);
        var m = file.Message("M");
        Assert.Equal(new[] { "B", "\\000a", "0.5" }, m.Fields.Select(f => f.DefaultValue));
    }

    [Fact]
    public void Binder_resolves_option_names_and_keeps_values_as_written()
    {
        var file = Compile.Clean("""
            syntax = "proto2";
            package acme.v1;
            import "google/protobuf/descriptor.proto";
            extend google.protobuf.FieldOptions { optional Rule rule = 50000; }
            extend google.protobuf.FileOptions { repeated string label = 50001; }
            message Rule { optional int32 min = 1; }
            option (label) = "x";
            option (.acme.v1.label) = "y";
            option optimize_for = CODE_SIZE;
            message M {
              optional int32 a = 1 [(rule).min = -5, deprecated = true, (acme.v1.rule) = { min: 3 }];
            }
            """);
        Assert.Equal(new[]
        {
            new OptionModel("(acme.v1.label)", OptionValueKind.String, "x"),
            new OptionModel("(acme.v1.label)", OptionValueKind.String, "y"),
            new OptionModel("optimize_for", OptionValueKind.Identifier, "CODE_SIZE"),
        }, file.Options.Items);
        Assert.Equal(new[]
        {
            new OptionModel("(acme.v1.rule).min", OptionValueKind.Integer, "-5"),
            new OptionModel("deprecated", OptionValueKind.Identifier, "true"),
            new OptionModel("(acme.v1.rule)", OptionValueKind.Aggregate, "min : 3"),
        }, file.Message("M").Fields.Single().Options.Items);
    }

    [Fact]
    public void Binder_reports_reserved_ranges_as_descriptor_proto_does()
    {
        var file = Compile.Clean("""
            syntax = "proto2";
            message M { reserved 2, 5 to 9, 100 to 199; extensions 1000 to 2000, 3000 to max; }
            message N { reserved 100 to max; }
            enum E { A = 0; reserved 3, 10 to max; }
            """);
        var m = file.Message("M");
        Assert.Equal(new[] { new ReservedRange(2, 3), new ReservedRange(5, 10), new ReservedRange(100, 200) }, m.ReservedRanges);
        Assert.Equal(new[] { new ReservedRange(100, 536870912) }, file.Message("N").ReservedRanges);
        Assert.Equal(new[] { (1000, 2001), (3000, 536870912) }, m.ExtensionRanges.Select(r => (r.Start, r.End)));
        Assert.Equal(new[] { new ReservedRange(3, 3), new ReservedRange(10, int.MaxValue) }, file.EnumTypes.Single().ReservedRanges);
    }

    [Fact]
    public void Binder_records_dependencies_public_and_weak_indices()
    {
        var file = Compile.Clean("""
            syntax = "proto3";
            import "google/protobuf/empty.proto";
            import public "google/protobuf/timestamp.proto";
            import weak "google/protobuf/duration.proto";
            """);
        Assert.Equal(new[] { "google/protobuf/empty.proto", "google/protobuf/timestamp.proto", "google/protobuf/duration.proto" }, file.Dependencies);
        Assert.Equal(new[] { 1 }, file.PublicDependencies);
        Assert.Equal(new[] { 2 }, file.WeakDependencies);
    }

    [Fact]
    public void Binder_lists_every_reachable_file_once_as_dependencies()
    {
        var result = Compile.Files("a.proto",
            ("a.proto", "syntax = \"proto3\";\nimport \"b.proto\";\nimport \"c.proto\";\n"),
            ("b.proto", "syntax = \"proto3\";\nimport \"d.proto\";\n"),
            ("c.proto", "syntax = \"proto3\";\nimport \"d.proto\";\nimport \"google/protobuf/any.proto\";\n"),
            ("d.proto", "syntax = \"proto3\";\n"));
        Assert.True(result.Diagnostics.IsEmpty);
        Assert.Equal(new[] { "d.proto", "b.proto", "google/protobuf/any.proto", "c.proto" }, result.Dependencies.Select(d => d.Name));
    }

    [Fact]
    public void Binder_gives_no_model_for_a_file_with_errors_but_keeps_its_warnings_otherwise()
    {
        Assert.Null(Compile.One("syntax = \"proto3\";\nmessage M { Missing m = 1; }\n").File);
        Assert.Null(Compile.One("syntax = \"proto3\";\nmessage M {\n").File);
    }

    [Fact]
    public void Binder_results_compare_by_value()
    {
        var first = Compile.Files("a.proto", ("a.proto", SampleSources.Proto3Store));
        var second = Compile.Files("a.proto", ("a.proto", SampleSources.Proto3Store + "\n// only a comment moved\n"));
        Assert.Equal(first.File, second.File);
        Assert.Equal(first.Dependencies, second.Dependencies);
    }

    [Fact]
    public void Binder_models_editions_files()
    {
        var file = Compile.Clean("edition = \"2023\";\npackage p;\nmessage M { int32 a = 1; reserved b; }\n");
        Assert.Equal((ProtoSyntax.Editions, "2023"), (file.Syntax, file.Edition));
        Assert.Equal(FieldLabel.Optional, file.Message("M").Field("a").Label);
        Assert.Equal(new[] { "b" }, file.Message("M").ReservedNames);
    }

    [Fact]
    public void Binder_inherits_the_editions_enum_type_feature_from_file_and_messages()
    {
        var result = Compile.One("""
            edition = "2023";
            option features.enum_type = CLOSED;
            enum E { A = 1; }
            enum F { option features.enum_type = OPEN; B = 1; }
            message M { option features.enum_type = CLOSED; enum G { C = 1; } }
            """);
        var diagnostic = Assert.Single(result.Diagnostics);
        diagnostic.AssertAt(4, 48, "The first enum value must be zero for open enums.");
    }

    [Fact]
    public void Binder_lets_option_imports_serve_option_names_only()
    {
        const string options = "edition = \"2023\";\npackage q;\nimport \"google/protobuf/descriptor.proto\";\nextend google.protobuf.MessageOptions { int32 o = 50000; }\nmessage T {}\n";
        var result = Compile.Files("a.proto",
            ("a.proto", "edition = \"2024\";\nimport option \"q.proto\";\nmessage M { option (q.o) = 1; q.T t = 1; }\n"),
            ("q.proto", options));
        Assert.Equal("PG0102", Assert.Single(result.Diagnostics).Code);
        var clean = Compile.Files("a.proto",
            ("a.proto", "edition = \"2024\";\nimport option \"q.proto\";\nmessage M { option (q.o) = 1; }\n"),
            ("q.proto", options));
        Assert.True(clean.Diagnostics.IsEmpty, string.Join("\n", clean.Diagnostics));
        Assert.Empty(clean.File!.Dependencies);
        Assert.Equal("(q.o)", clean.File.Message("M").Options.Items.Single().Name);
    }

    public static TheoryData<string> WellKnownTypes() => new(WellKnownTypeSources.Paths);

    [Theory]
    [MemberData(nameof(WellKnownTypes))]
    public void Every_embedded_well_known_type_binds_without_diagnostics(string path)
    {
        var result = ProtoCompiler.Bind(path, new Dictionary<string, ProtoGen.Compiler.Syntax.ParsedFile>());
        Assert.True(result.Diagnostics.IsEmpty, string.Join("\n", result.Diagnostics));
        Assert.Equal(path, result.File!.Name);
        Assert.Equal("google.protobuf", result.File.Package);
    }

    [Fact]
    public void All_eleven_well_known_type_files_are_embedded()
    {
        Assert.Equal(
            new[] { "any", "api", "descriptor", "duration", "empty", "field_mask", "source_context", "struct", "timestamp", "type", "wrappers" }
                .Select(n => $"google/protobuf/{n}.proto"),
            WellKnownTypeSources.Paths);
    }
}
