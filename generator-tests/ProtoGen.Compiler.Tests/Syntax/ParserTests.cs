using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Tests.Syntax;

public class ParserTests
{
    private static FileNode Parse(string text)
    {
        var parsed = ProtoCompiler.Parse("t.proto", text);
        Assert.True(parsed.Diagnostics.IsEmpty, string.Join("\n", parsed.Diagnostics));
        return parsed.Root;
    }

    [Fact]
    public void Parser_reads_syntax_package_imports_and_options()
    {
        var root = Parse("""
            syntax = "proto3";
            package a.b.c;
            import "x.proto";
            import public "y.proto";
            import weak "z.proto";
            option java_package = "com.example";
            option (my.opt).sub = -42;
            """);
        Assert.Equal(ProtoSyntax.Proto3, root.Syntax);
        Assert.Equal("a.b.c", root.Members.OfType<PackageNode>().Single().Name.Text);
        var imports = root.Members.OfType<ImportNode>().ToList();
        Assert.Equal(new[] { "x.proto", "y.proto", "z.proto" }, imports.Select(i => i.Path));
        Assert.Equal(new[] { false, true, false }, imports.Select(i => i.IsPublic));
        Assert.Equal(new[] { false, false, true }, imports.Select(i => i.IsWeak));

        var options = root.Members.OfType<OptionNode>().ToList();
        Assert.Equal("java_package", options[0].NameText);
        Assert.Equal(new OptionValueNode(OptionValueKind.String, "com.example", options[0].Value.Span), options[0].Value);
        Assert.Equal("(my.opt).sub", options[1].NameText);
        Assert.True(options[1].Name[0].IsExtension);
        Assert.Equal((OptionValueKind.Integer, "-42"), (options[1].Value.Kind, options[1].Value.Text));
    }

    [Fact]
    public void Parser_reads_edition_2024_visibility_and_option_imports()
    {
        var root = Parse("edition = \"2024\";\nimport option \"o.proto\";\nexport message M { local enum E { A = 0; } }\nlocal enum F { B = 0; }\n");
        Assert.True(root.Members.OfType<ImportNode>().Single().IsOption);
        Assert.Equal("M", root.Members.OfType<MessageNode>().Single().Name.Text);
        Assert.Equal("F", root.Members.OfType<EnumNode>().Single().Name.Text);
    }

    [Fact]
    public void Parser_rejects_option_imports_before_edition_2024()
    {
        var parsed = ProtoCompiler.Parse("t.proto", "syntax = \"proto3\";\nimport option \"o.proto\";\n");
        Assert.Equal("2:8: option import is not supported before edition 2024.", parsed.Diagnostics.Select(d => $"{d.Span.StartPosition}: {d.Message}").Single());
    }

    [Fact]
    public void Parser_reads_an_editions_file()
    {
        var root = Parse("edition = \"2023\";\nmessage M { int32 a = 1; reserved foo, bar; }");
        Assert.Equal(ProtoSyntax.Editions, root.Syntax);
        Assert.Equal("2023", root.Edition);
        var reserved = root.Members.OfType<MessageNode>().Single().Members.OfType<ReservedNode>().Single();
        Assert.Equal(new[] { "foo", "bar" }, reserved.Names.Select(n => n.Text));
    }

    [Fact]
    public void Parser_reads_fields_with_labels_maps_groups_and_oneofs_in_source_order()
    {
        var root = Parse("""
            syntax = "proto2";
            message M {
              required int32 a = 1;
              repeated .x.Y b = 2 [packed = true, deprecated = true];
              map<string, M> c = 3;
              optional group G = 4 { optional int32 d = 1; }
              oneof choice {
                option (o) = 1;
                string e = 5;
                int64 f = 6;
              }
              optional Type g = 7;
            }
            """);
        var members = root.Members.OfType<MessageNode>().Single().Members;
        var fields = members.OfType<FieldNode>().ToList();

        Assert.Equal(FieldLabel.Required, fields[0].Label);
        Assert.Equal(".x.Y", fields[1].Type!.Text);
        Assert.Equal(new[] { "packed", "deprecated" }, fields[1].Options.Select(o => o.NameText));
        Assert.True(fields[2].IsMap);
        Assert.Equal(("string", "M"), (fields[2].MapKey!.Text, fields[2].MapValue!.Text));
        Assert.True(fields[3].IsGroup);
        Assert.Equal("g", fields[3].Name.Text);
        Assert.Equal("G", fields[3].GroupBody!.Name.Text);

        var oneof = members.OfType<OneofNode>().Single();
        Assert.Equal("choice", oneof.Name.Text);
        Assert.Equal(new[] { "e", "f" }, oneof.Members.OfType<FieldNode>().Select(f => f.Name.Text));
        Assert.Single(oneof.Members.OfType<OptionNode>());
        Assert.IsType<OneofNode>(members[4]);
    }

    [Fact]
    public void Parser_computes_defaults_in_descriptor_text_form()
    {
        var root = Parse("""
            syntax = "proto2";
            message M {
              optional int32 a = 1 [default = -0x10];
              optional uint64 b = 2 [default = 18446744073709551615];
              optional double c = 3 [default = -inf];
              optional float d = 4 [default = 1e10];
              optional bool e = 5 [default = true];
              optional string f = 6 [default = "a" 'b' "\n"];
              optional bytes g = 7 [default = "\001\xff"];
              optional Kind h = 8 [default = KIND_X];
              optional double i = 9 [default = 5];
            }
            """);
        var defaults = root.Members.OfType<MessageNode>().Single().Members.OfType<FieldNode>().Select(f => f.DefaultValue!.Text);
        Assert.Equal(new[] { "-16", "18446744073709551615", "-inf", "1e+10", "true", "ab\n", "\\001\\377", "KIND_X", "5" }, defaults);
    }

    [Fact]
    public void Parser_keeps_aggregate_option_values_as_space_joined_tokens()
    {
        var root = Parse("""
            syntax = "proto2";
            message M {
              optional int32 a = 1 [(limits) = { min: 1 max: 10 nested { name: "x" } list: [1, 2] }];
            }
            """);
        var option = root.Members.OfType<MessageNode>().Single().Members.OfType<FieldNode>().Single().Options.Single();
        Assert.Equal(OptionValueKind.Aggregate, option.Value.Kind);
        Assert.Equal("min : 1 max : 10 nested { name : \"x\" } list : [ 1 , 2 ]", option.Value.Text);
    }

    [Fact]
    public void Parser_reads_enums_with_negative_values_options_and_reserved_ranges()
    {
        var root = Parse("""
            syntax = "proto2";
            enum E {
              option allow_alias = true;
              A = -1;
              B = 0 [deprecated = true];
              C = 0;
              reserved -5 to -3, 10 to max;
              reserved "OLD";
            }
            """);
        var members = root.Members.OfType<EnumNode>().Single().Members;
        Assert.Equal(new[] { -1, 0, 0 }, members.OfType<EnumValueNode>().Select(v => v.Number));
        var reserved = members.OfType<ReservedNode>().ToList();
        Assert.Equal((-5L, -3L, false), (reserved[0].Ranges[0].Start, reserved[0].Ranges[0].End, reserved[0].Ranges[0].EndIsMax));
        Assert.True(reserved[0].Ranges[1].EndIsMax);
        Assert.Equal("OLD", reserved[1].Names.Single().Text);
    }

    [Fact]
    public void Parser_reads_services_with_streaming_and_option_bodies()
    {
        var root = Parse("""
            syntax = "proto3";
            service S {
              option deprecated = true;
              rpc A(Req) returns (Res);
              rpc B(stream Req) returns (stream .p.Res) { option idempotency_level = NO_SIDE_EFFECTS; ; }
              rpc C(Req) returns (stream Res) {};
            }
            """);
        var service = root.Members.OfType<ServiceNode>().Single();
        var methods = service.Members.OfType<MethodNode>().ToList();
        Assert.Equal(new[] { (false, false), (true, true), (false, true) }, methods.Select(m => (m.ClientStreaming, m.ServerStreaming)));
        Assert.Equal(".p.Res", methods[1].OutputType.Text);
        Assert.Equal("idempotency_level", methods[1].Options.Single().NameText);
    }

    [Fact]
    public void Parser_reads_extensions_extend_blocks_and_empty_statements()
    {
        var root = Parse("""
            syntax = "proto2";
            ;
            message M {
              ;
              extensions 100 to 199, 300, 1000 to max [(decl) = 1];
              extend Other { optional int32 x = 100; }
            }
            extend M { optional int32 y = 101; repeated group Z = 102 { } }
            """);
        var message = root.Members.OfType<MessageNode>().Single();
        var ranges = message.Members.OfType<ExtensionsNode>().Single();
        Assert.Equal(3, ranges.Ranges.Count);
        Assert.True(ranges.Ranges[2].EndIsMax);
        Assert.Single(ranges.Options);
        Assert.Equal("Other", message.Members.OfType<ExtendNode>().Single().Extendee.Text);
        var extend = root.Members.OfType<ExtendNode>().Single();
        Assert.Equal(new[] { "y", "z" }, extend.Fields.Select(f => f.Name.Text));
    }

    [Fact]
    public void Parser_recovers_after_an_error_and_reports_the_next_one()
    {
        var parsed = ProtoCompiler.Parse("t.proto", """
            syntax = "proto2";
            message M {
              optional int32 = 1;
              optional int32 b 2;
              optional int32 c = 3;
            }
            message N {}
            """);
        Assert.Equal(new[] { "3:18: Expected field name.", "4:20: Missing field number." },
            parsed.Diagnostics.Select(d => $"{d.Span.StartPosition}: {d.Message}"));
        var messages = parsed.Root.Members.OfType<MessageNode>().ToList();
        Assert.Equal(new[] { "M", "N" }, messages.Select(m => m.Name.Text));
        Assert.Equal("c", messages[0].Members.OfType<FieldNode>().Single().Name.Text);
    }

    [Fact]
    public void Parser_gives_nodes_the_spans_of_their_text()
    {
        var text = "syntax = \"proto3\";\nmessage Outer {\n  int32 value = 7;\n}\n";
        var message = Parse(text).Members.OfType<MessageNode>().Single();
        Assert.Equal("message Outer {\n  int32 value = 7;\n}", text.Substring(message.Span.Start, message.Span.Length));
        var field = message.Members.OfType<FieldNode>().Single();
        Assert.Equal("int32 value = 7;", text.Substring(field.Span.Start, field.Span.Length));
        Assert.Equal((2, 8), (field.Name.Span.StartPosition.Line, field.Name.Span.StartPosition.Column));
        Assert.Equal((2, 16), (field.NumberSpan.StartPosition.Line, field.NumberSpan.StartPosition.Column));
    }

    [Fact]
    public void Parsed_files_compare_by_value()
    {
        const string text = "syntax = \"proto3\";\nmessage M { int32 a = 1; map<string, int32> m = 2; }\n";
        Assert.Equal(ProtoCompiler.Parse("t.proto", text), ProtoCompiler.Parse("t.proto", text));
        Assert.NotEqual(ProtoCompiler.Parse("t.proto", text), ProtoCompiler.Parse("t.proto", text.Replace("a = 1", "a = 2")));
    }

    [Fact]
    public void Parser_attaches_leading_trailing_and_detached_comments()
    {
        var root = Parse("""
            syntax = "proto3";

            // detached

            // leading
            message M { // trailing
              int32 a = 1; // a trailing
            }
            """);
        var message = root.Members.OfType<MessageNode>().Single();
        Assert.Equal(new Comments(" leading\n", " trailing\n", new[] { " detached\n" }.ToEquatableArray()), message.Comments);
        Assert.Equal(" a trailing\n", message.Members.OfType<FieldNode>().Single().Comments.Trailing);
    }
}
