using System.Reflection;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.Tests.Binding;

namespace ProtoGen.Compiler.Tests.Diagnostics;

/// <summary>One test per diagnostic code: the code, protoc's wording and the exact (one-based) line and column,
/// which are protoc's own wherever protoc reports the same problem at a token.</summary>
public class DiagnosticTests
{
    private static BindResult Proto(params string[] lines) => Compile.One(string.Join("\n", lines) + "\n");

    private static BindResult Files(params (string Path, string[] Lines)[] files) =>
        Compile.Files(files[0].Path, files.Select(f => (f.Path, string.Join("\n", f.Lines) + "\n")).ToArray());

    // ---- PG00xx: syntax

    [Fact]
    public void Parser_reports_PG0001_when_a_statement_misses_its_semicolon() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 1", "}")
            .Single("PG0001").AssertAt(4, 1, "Expected \";\".");

    [Fact]
    public void Lexer_reports_PG0002_when_a_string_has_an_invalid_escape() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional string s = 1 [default = \"a\\qb\"];", "}")
            .Single("PG0002").AssertAt(3, 39, "Invalid escape sequence in string literal.");

    [Fact]
    public void Parser_reports_PG0003_when_the_file_ends_inside_a_message() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 1;")
            .Single("PG0003").AssertAt(4, 1, "Reached end of input in message definition (missing '}').");

    [Fact]
    public void Parser_reports_PG0004_when_a_field_number_exceeds_int32() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 2147483648;", "}")
            .Single("PG0004").AssertAt(3, 22, "Integer out of range.");

    [Fact]
    public void Parser_reports_PG0005_when_the_syntax_is_unknown() =>
        Proto("syntax = \"proto4\";", "message M {}")
            .Single("PG0005").AssertAt(1, 10, "Unrecognized syntax identifier \"proto4\".  This parser only recognizes \"proto2\" and \"proto3\".");

    [Fact]
    public void Parser_reports_PG0006_when_a_proto2_field_has_no_label() =>
        Proto("syntax = \"proto2\";", "message M {", "  int32 a = 1;", "}")
            .Single("PG0006").AssertAt(3, 3, "Expected \"required\", \"optional\", or \"repeated\".");

    [Fact]
    public void Parser_reports_PG0007_when_a_brace_closes_nothing() =>
        Proto("syntax = \"proto2\";", "message M {}", "}")
            .Single("PG0007").AssertAt(3, 1, "Unmatched \"}\".");

    [Fact]
    public void Parser_reports_PG0008_when_a_map_field_has_a_label() =>
        Proto("syntax = \"proto3\";", "message M {", "  repeated map<string, int32> m = 1;", "}")
            .Single("PG0008").AssertAt(3, 15, "Field labels (required/optional/repeated) are not allowed on map fields.");

    [Fact]
    public void Parser_reports_PG0009_when_a_group_name_is_not_capitalized() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional group foo = 1 {}", "}")
            .Single("PG0009").AssertAt(3, 18, "Group names must start with a capital letter.");

    [Fact]
    public void Parser_reports_PG0010_when_default_is_set_twice() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 1 [default = 1, default = 2];", "}")
            .Single("PG0010").AssertAt(3, 38, "Already set option \"default\".");

    [Fact]
    public void Parser_reports_PG0011_when_the_package_is_declared_twice() =>
        Proto("syntax = \"proto2\";", "package a;", "package b;")
            .Single("PG0011").AssertAt(3, 1, "Multiple package definitions.");

    [Fact]
    public void Parser_reports_PG0012_when_a_bool_default_is_not_true_or_false() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional bool a = 1 [default = 1];", "}")
            .Single("PG0012").AssertAt(3, 34, "Expected \"true\" or \"false\".");

    [Fact]
    public void Parser_reports_PG0013_when_a_oneof_field_has_a_label() =>
        Proto("syntax = \"proto2\";", "message M {", "  oneof o {", "    optional int32 a = 1;", "  }", "}")
            .Single("PG0013").AssertAt(4, 5, "Fields in oneofs must not have labels (required / optional / repeated).");

    [Fact]
    public void Parser_reports_PG0014_when_a_reserved_name_is_an_identifier_before_editions() =>
        Proto("syntax = \"proto2\";", "message M {", "  reserved foo;", "}")
            .Single("PG0014").AssertAt(3, 12, "Reserved names must be string literals. (Only editions supports identifiers.)");

    [Fact]
    public void Parser_reports_PG0015_when_the_edition_is_unknown() =>
        Proto("edition = \"2099\";", "message M {}")
            .Single("PG0015").AssertAt(1, 11, "Unknown edition \"2099\".");

    [Fact]
    public void Parser_reports_PG0016_when_a_string_option_value_has_a_minus() =>
        Proto("syntax = \"proto2\";", "option java_package = -\"x\";")
            .Single("PG0016").AssertAt(2, 24, "Invalid '-' symbol before string.");

    // ---- PG01xx: names and imports

    [Fact]
    public void Binder_reports_PG0101_when_a_type_is_not_defined() =>
        Proto("syntax = \"proto2\";", "package p;", "message M {", "  optional Foo f = 1;", "}")
            .Single("PG0101").AssertAt(4, 12, "\"Foo\" is not defined.");

    [Fact]
    public void Binder_reports_PG0102_when_a_type_is_defined_in_a_file_not_imported() =>
        Files(
            ("a.proto", new[] { "syntax = \"proto2\";", "import \"b.proto\";", "message M {", "  optional c.C f = 1;", "}" }),
            ("b.proto", new[] { "syntax = \"proto2\";", "import \"c.proto\";" }),
            ("c.proto", new[] { "syntax = \"proto2\";", "package c;", "message C {}" }))
            .Single("PG0102").AssertAt(4, 12, "\"c.C\" seems to be defined in \"c.proto\", which is not imported by \"a.proto\".  To use it here, please add the necessary import.");

    [Fact]
    public void Binder_reports_PG0103_when_a_dotted_name_resolves_in_an_inner_scope_that_lacks_the_rest() =>
        Proto("syntax = \"proto2\";", "package p;", "message Bar { message Baz {} }", "message Foo {", "  message Bar {}", "  optional Bar.Baz baz = 1;", "}")
            .Single("PG0103").AssertAt(6, 12, "\"Bar.Baz\" is resolved to \"p.Foo.Bar.Baz\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \".Bar.Baz\") to start from the outermost scope.");

    [Fact]
    public void Binder_reports_PG0104_when_a_field_type_names_a_field() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 1;", "  optional M.a f = 2;", "}")
            .Single("PG0104").AssertAt(4, 12, "\"M.a\" is not a type.");

    [Fact]
    public void Binder_reports_PG0105_when_an_rpc_takes_an_enum() =>
        Proto("syntax = \"proto2\";", "enum E { Z = 0; }", "message R {}", "service S {", "  rpc A(E) returns (R);", "}")
            .Single("PG0105").AssertAt(5, 9, "\"E\" is not a message type.");

    [Fact]
    public void Binder_reports_PG0106_when_an_import_is_missing() =>
        Proto("syntax = \"proto2\";", "import \"nope.proto\";")
            .Single("PG0106").AssertAt(2, 8, "Import \"nope.proto\" was not found or had errors.");

    [Fact]
    public void Binder_reports_PG0107_when_a_file_imports_itself() =>
        Proto("syntax = \"proto2\";", "import \"test.proto\";")
            .Single("PG0107").AssertAt(2, 8, "File recursively imports itself: test.proto -> test.proto");

    [Fact]
    public void Binder_reports_PG0108_when_a_name_is_defined_twice_in_a_scope() =>
        Proto("syntax = \"proto2\";", "package p;", "message N {", "  optional int32 M = 1;", "  optional int32 M = 2;", "}")
            .Single("PG0108").AssertAt(5, 18, "\"M\" is already defined in \"p.N\".");

    [Fact]
    public void Binder_reports_PG0109_when_a_top_level_name_is_defined_twice_without_package() =>
        Proto("syntax = \"proto2\";", "message M {}", "enum M { Z = 0; }")
            .Single("PG0109").AssertAt(3, 6, "\"M\" is already defined.");

    [Fact]
    public void Binder_reports_PG0110_when_a_name_is_defined_in_an_imported_file() =>
        Files(
            ("a.proto", new[] { "syntax = \"proto2\";", "import \"b.proto\";", "message B {}" }),
            ("b.proto", new[] { "syntax = \"proto2\";", "message B {}" }))
            .Single("PG0110").AssertAt(3, 9, "\"B\" is already defined in file \"b.proto\".");

    [Fact]
    public void Binder_reports_PG0111_when_enum_values_of_sibling_enums_collide()
    {
        var result = Proto("syntax = \"proto2\";", "package p;", "enum E { X = 0; }", "enum F { X = 0; }");
        result.Single("PG0108").AssertAt(4, 10, "\"X\" is already defined in \"p\".");
        result.Single("PG0111").AssertAt(4, 10, "Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.  Therefore, \"X\" must be unique within \"p\", not just within \"F\".");
    }

    [Fact]
    public void Binder_reports_PG0112_when_a_custom_option_is_unknown() =>
        Proto("syntax = \"proto2\";", "package p;", "message M {", "  option (foo) = 1;", "}")
            .Single("PG0112").AssertAt(4, 10, "Option \"(foo)\" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024).");

    [Fact]
    public void Binder_reports_PG0113_when_an_import_is_listed_twice() =>
        Files(
            ("a.proto", new[] { "syntax = \"proto2\";", "import \"b.proto\";", "import \"b.proto\";" }),
            ("b.proto", new[] { "syntax = \"proto2\";" }))
            .Single("PG0113").AssertAt(3, 8, "Import \"b.proto\" was listed twice.");

    [Fact]
    public void Binder_reports_PG0114_when_a_package_name_is_already_a_message() =>
        Files(
            ("a.proto", new[] { "syntax = \"proto2\";", "package foo.bar;", "import \"b.proto\";" }),
            ("b.proto", new[] { "syntax = \"proto2\";", "message foo {}" }))
            .Single("PG0114").AssertAt(2, 9, "\"foo\" is already defined (as something other than a package) in file \"b.proto\".");

    [Fact]
    public void Binder_reports_PG0115_when_proto3_json_names_collide() =>
        Proto("syntax = \"proto3\";", "message M {", "  int32 foo_bar = 1;", "  int32 fooBar = 2;", "}")
            .Single("PG0115").AssertAt(4, 9, "The default JSON name of field \"fooBar\" (\"fooBar\") conflicts with the default JSON name of field \"foo_bar\".");

    [Fact]
    public void Binder_reports_PG0116_when_a_custom_option_extends_another_options_message() =>
        Proto("syntax = \"proto2\";", "package p;", "import \"google/protobuf/descriptor.proto\";",
                "extend google.protobuf.FieldOptions { optional int32 fo = 50000; }", "message M {", "  option (fo) = 1;", "}")
            .Single("PG0116").AssertAt(6, 10, "Option field \"(fo)\" is not a field or extension of message \"MessageOptions\".");

    [Fact]
    public void Binder_reports_PG0117_warning_when_proto2_json_names_collide()
    {
        var result = Proto("syntax = \"proto2\";", "message M {", "  optional int32 foo_bar = 1;", "  optional int32 fooBar = 2;", "}");
        var diagnostic = result.Single("PG0117");
        diagnostic.AssertAt(4, 18, "The default JSON name of field \"fooBar\" (\"fooBar\") conflicts with the default JSON name of field \"foo_bar\".");
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        // The JSON conflict alone is a warning, as in protoc; the file is still rejected, because both fields become the
        // C# property FooBar (PG0505), which C# cannot compile.
        Assert.Equal(new[] { "PG0505" }, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.Code));
    }

    // ---- PG02xx: numbers and reserved

    [Fact]
    public void Binder_reports_PG0201_when_field_number_is_duplicated() =>
        Proto("syntax = \"proto3\";", "package p;", "message M {", "  int32 a = 1;", "  int32 b = 1;", "}")
            .Single("PG0201").AssertAt(5, 13, "Field number 1 has already been used in \"p.M\" by field \"a\". Next available field number is 2.");

    [Fact]
    public void Binder_reports_PG0201_with_the_smallest_free_number_as_the_next_available() =>
        Proto("syntax = \"proto3\";", "package p;", "message M {", "  int32 a = 1;", "  int32 b = 3;", "  reserved 2;", "  int32 c = 1;", "}")
            .Single("PG0201").AssertAt(7, 13, "Field number 1 has already been used in \"p.M\" by field \"a\". Next available field number is 4.");

    [Fact]
    public void Binder_reports_PG0202_when_field_number_is_zero() =>
        Proto("syntax = \"proto3\";", "message M {", "  int32 a = 0;", "}")
            .Single("PG0202").AssertAt(3, 13, "Field numbers must be positive integers.");

    [Fact]
    public void Binder_reports_PG0203_when_field_number_is_above_the_maximum() =>
        Proto("syntax = \"proto3\";", "message M {", "  int32 a = 536870912;", "}")
            .Single("PG0203").AssertAt(3, 13, "Field numbers cannot be greater than 536870911.");

    [Fact]
    public void Binder_reports_PG0204_when_field_number_is_in_the_implementation_range() =>
        Proto("syntax = \"proto3\";", "message M {", "  int32 a = 19001;", "}")
            .Single("PG0204").AssertAt(3, 13, "Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation.");

    [Fact]
    public void Binder_reports_PG0205_when_a_field_uses_a_reserved_number() =>
        Proto("syntax = \"proto3\";", "message M {", "  reserved 2 to 5;", "  int32 a = 4;", "}")
            .Single("PG0205").AssertAt(4, 13, "Field \"a\" uses reserved number 4.");

    [Fact]
    public void Binder_reports_PG0206_when_a_field_uses_a_reserved_name() =>
        Proto("syntax = \"proto3\";", "message M {", "  reserved \"a\";", "  int32 a = 4;", "}")
            .Single("PG0206").AssertAt(4, 9, "Field name \"a\" is reserved.");

    [Fact]
    public void Binder_reports_PG0207_when_extension_ranges_overlap() =>
        Proto("syntax = \"proto2\";", "message M {", "  extensions 1 to 10;", "  extensions 5 to 20;", "}")
            .Single("PG0207").AssertAt(4, 14, "Extension range 5 to 20 overlaps with already-defined range 1 to 10.");

    [Fact]
    public void Binder_reports_PG0208_when_reserved_ranges_overlap() =>
        Proto("syntax = \"proto2\";", "message M {", "  reserved 1 to 5;", "  reserved 3;", "}")
            .Single("PG0208").AssertAt(4, 12, "Reserved range 3 to 3 overlaps with already-defined range 1 to 5.");

    [Fact]
    public void Binder_reports_PG0209_when_an_extension_range_includes_a_field() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 5;", "  extensions 1 to 10;", "}")
            .Single("PG0209").AssertAt(3, 22, "Extension range 1 to 10 includes field \"a\" (5).");

    [Fact]
    public void Binder_reports_PG0210_when_a_range_ends_before_it_starts() =>
        Proto("syntax = \"proto2\";", "message M {", "  extensions 10 to 5;", "}")
            .Single("PG0210").AssertAt(3, 14, "Extension range end number must be greater than start number.");

    [Fact]
    public void Binder_reports_PG0211_when_enum_numbers_repeat_without_allow_alias() =>
        Proto("syntax = \"proto3\";", "package p;", "enum G {", "  G0 = 0;", "  G1 = 5;", "  G2 = 5;", "}")
            .Single("PG0211").AssertAt(6, 8, "\"p.G2\" uses the same enum value as \"p.G1\". If this is intended, set 'option allow_alias = true;' to the enum definition. The next available enum value is 6.");

    [Fact]
    public void Binder_reports_PG0212_when_allow_alias_has_no_aliases() =>
        Proto("syntax = \"proto3\";", "enum F {", "  option allow_alias = true;", "  F0 = 0;", "}")
            .Single("PG0212").AssertAt(3, 3, "\"F\" declares support for enum aliases but no enum values share field numbers. Please remove the unnecessary 'option allow_alias = true;' declaration.");

    [Fact]
    public void Binder_reports_PG0213_when_an_enum_value_uses_a_reserved_number() =>
        Proto("syntax = \"proto2\";", "enum E {", "  A = 0;", "  reserved 5;", "  C = 5;", "}")
            .Single("PG0213").AssertAt(5, 7, "Enum value \"C\" uses reserved number 5.");

    [Fact]
    public void Binder_reports_PG0214_when_an_enum_value_uses_a_reserved_name() =>
        Proto("syntax = \"proto2\";", "enum E {", "  A = 0;", "  reserved \"C\";", "  C = 5;", "}")
            .Single("PG0214").AssertAt(5, 3, "Enum value \"C\" is reserved.");

    [Fact]
    public void Binder_reports_PG0215_when_an_extension_number_is_outside_the_extension_ranges() =>
        Proto("syntax = \"proto2\";", "package p;", "message M { extensions 10 to 20; }", "extend M {", "  optional int32 q = 100;", "}")
            .Single("PG0215").AssertAt(5, 22, "\"p.M\" does not declare 100 as an extension number.");

    [Fact]
    public void Binder_reports_PG0216_when_an_extension_number_is_used_twice() =>
        Proto("syntax = \"proto2\";", "package p;", "message M { extensions 10 to 20; }", "extend M {", "  optional int32 q = 10;", "  optional int32 r = 10;", "}")
            .Single("PG0216").AssertAt(6, 22, "Extension number 10 has already been used in \"p.M\" by extension \"p.q\".");

    [Fact]
    public void Binder_reports_PG0217_when_an_extension_range_overlaps_a_reserved_range() =>
        Proto("syntax = \"proto2\";", "message M {", "  reserved 1 to 10;", "  extensions 5 to 20;", "}")
            .Single("PG0217").AssertAt(4, 14, "Extension range 5 to 20 overlaps with reserved range 1 to 10.");

    [Fact]
    public void Binder_reports_PG0218_when_a_reserved_number_is_not_positive() =>
        Proto("syntax = \"proto2\";", "message M {", "  reserved 0;", "}")
            .Single("PG0218").AssertAt(3, 12, "Reserved numbers must be positive integers.");

    // ---- PG03xx: proto2, proto3 and editions rules

    [Fact]
    public void Binder_reports_PG0301_when_a_proto3_enum_does_not_start_at_zero() =>
        Proto("syntax = \"proto3\";", "enum E {", "  A = 1;", "}")
            .Single("PG0301").AssertAt(3, 7, "The first enum value must be zero for open enums.");

    [Fact]
    public void Binder_reports_PG0302_when_a_proto3_field_is_required() =>
        Proto("syntax = \"proto3\";", "message M {", "  required int32 a = 1;", "}")
            .Single("PG0302").AssertAt(3, 3, "Required fields are not allowed in proto3.");

    [Fact]
    public void Binder_reports_PG0303_when_a_proto3_field_has_a_default() =>
        Proto("syntax = \"proto3\";", "message M {", "  int32 a = 1 [default = 5];", "}")
            .Single("PG0303").AssertAt(3, 26, "Explicit default values are not allowed in proto3.");

    [Fact]
    public void Binder_reports_PG0304_when_a_proto3_message_has_a_group() =>
        Proto("syntax = \"proto3\";", "message M {", "  optional group G = 1 {}", "}")
            .Single("PG0304").AssertAt(3, 12, "Groups are not supported in proto3 syntax.");

    [Fact]
    public void Binder_reports_PG0305_when_a_proto3_message_has_extension_ranges() =>
        Proto("syntax = \"proto3\";", "message M {", "  extensions 10 to 20;", "}")
            .Single("PG0305").AssertAt(3, 14, "Extension ranges are not allowed in proto3.");

    [Fact]
    public void Binder_reports_PG0306_when_a_proto3_file_extends_a_message_other_than_options() =>
        Files(
            ("a.proto", new[] { "syntax = \"proto3\";", "import \"b.proto\";", "extend M {", "  int32 x = 10;", "}" }),
            ("b.proto", new[] { "syntax = \"proto2\";", "message M { extensions 10 to 20; }" }))
            .Single("PG0306").AssertAt(3, 8, "Extensions in proto3 are only allowed for defining options.");

    [Fact]
    public void Binder_reports_PG0307_when_a_proto3_message_uses_a_proto2_enum() =>
        Files(
            ("a.proto", new[] { "syntax = \"proto3\";", "import \"b.proto\";", "message M {", "  E e = 1;", "}" }),
            ("b.proto", new[] { "syntax = \"proto2\";", "enum E { A = 1; }" }))
            .Single("PG0307").AssertAt(4, 3, "Enum type \"E\" is not an open enum, but is used in \"M\" which is a proto3 message type.");

    [Fact]
    public void Binder_reports_PG0308_when_an_editions_field_is_labelled_optional() =>
        Proto("edition = \"2023\";", "message M {", "  optional int32 a = 1;", "}")
            .Single("PG0308").AssertAt(3, 3, "Label \"optional\" is not supported in editions. By default, all singular fields have presence unless features.field_presence is set.");

    [Fact]
    public void Parser_reports_PG0309_when_an_editions_file_uses_a_group() =>
        Proto("edition = \"2023\";", "message M {", "  group G = 1 {}", "}")
            .Single("PG0309").AssertAt(3, 3, "Group syntax is no longer supported in editions. To get group behavior you can specify features.message_encoding = DELIMITED on a message field.");

    // ---- PG04xx: types, maps and options

    [Fact]
    public void Binder_reports_PG0401_when_map_key_is_float() =>
        Proto("syntax = \"proto3\";", "message M {", "  map<float, int32> m = 1;", "}")
            .Single("PG0401").AssertAt(3, 7, "Key in map fields cannot be float/double, bytes or message types.");

    [Fact]
    public void Binder_reports_PG0402_when_map_key_is_an_enum() =>
        Proto("syntax = \"proto3\";", "enum E { Z = 0; }", "message M {", "  map<E, int32> m = 1;", "}")
            .Single("PG0402").AssertAt(4, 7, "Key in map fields cannot be enum types.");

    [Fact]
    public void Binder_reports_PG0403_when_an_enum_default_is_not_a_value() =>
        Proto("syntax = \"proto2\";", "package p;", "enum E { A = 0; }", "message N {", "  optional E e = 1 [default = Z];", "}")
            .Single("PG0403").AssertAt(5, 31, "Enum type \"p.E\" has no value named \"Z\".");

    [Fact]
    public void Binder_reports_PG0404_when_a_repeated_field_has_a_default() =>
        Proto("syntax = \"proto2\";", "message M {", "  repeated int32 r = 1 [default = 1];", "}")
            .Single("PG0404").AssertAt(3, 35, "Repeated fields can't have default values.");

    [Fact]
    public void Binder_reports_PG0405_when_an_extension_has_a_json_name() =>
        Proto("syntax = \"proto2\";", "message M { extensions 1 to 10; }", "extend M {", "  optional int32 x = 1 [json_name = \"y\"];", "}")
            .Single("PG0405").AssertAt(4, 25, "option json_name is not allowed on extension fields.");

    [Fact]
    public void Binder_reports_PG0406_when_a_message_field_has_a_default() =>
        Proto("syntax = \"proto2\";", "message M {}", "message N {", "  optional M m = 1 [default = x];", "}")
            .Single("PG0406").AssertAt(4, 31, "Messages can't have default values.");

    [Fact]
    public void Binder_reports_PG0407_when_a_map_entry_name_is_taken() =>
        Proto("syntax = \"proto2\";", "message M {", "  map<int32, int32> foo = 1;", "  message FooEntry {}", "}")
            .Single("PG0407").AssertAt(3, 21, "Expanded map entry type FooEntry conflicts with an existing nested message type.");

    [Fact]
    public void Binder_reports_PG0408_when_an_enum_has_no_values() =>
        Proto("syntax = \"proto2\";", "enum H {", "}")
            .Single("PG0408").AssertAt(2, 6, "Enums must contain at least one value.");

    [Fact]
    public void Binder_reports_PG0409_when_enum_value_names_collide_without_their_prefix() =>
        Proto("syntax = \"proto3\";", "enum E {", "  E_UNKNOWN = 0;", "  UNKNOWN = 1;", "}")
            .Single("PG0409").AssertAt(4, 3, "Enum name UNKNOWN has the same name as E_UNKNOWN if you ignore case and strip out the enum name prefix (if any). (If you are using allow_alias, please assign the same number to each enum value name.)");

    [Fact]
    public void Binder_reports_PG0410_when_packed_is_set_on_a_singular_field() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 1 [packed = true];", "}")
            .Single("PG0410").AssertAt(3, 25, "[packed = true] can only be specified for repeated primitive fields.");

    [Fact]
    public void Binder_reports_PG0411_when_map_entry_is_set_by_hand() =>
        Proto("syntax = \"proto2\";", "message M { option map_entry = true; }")
            .Single("PG0411").AssertAt(2, 20, "map_entry should not be set explicitly. Use map<KeyType, ValueType> instead.");

    [Fact]
    public void Binder_reports_PG0412_when_an_option_value_does_not_fit_its_type() =>
        Proto("syntax = \"proto2\";", "option java_package = 5;")
            .Single("PG0412").AssertAt(2, 23, "Value must be quoted string for string option \"google.protobuf.FileOptions.java_package\".");

    [Theory]
    [InlineData("{ min: 1 Unit: \"C\" }", "Message type \"p.Limits\" has no field named \"Unit\".")]
    [InlineData("{ min 1 }", "Expected \":\", found \"1\".")]
    [InlineData("{ min: \"x\" }", "Expected integer, got: \"x\"")]
    [InlineData("{ unit: 5 }", "Expected string, got: 5")]
    [InlineData("{ min: 1 min: 2 }", "Non-repeated field \"min\" is specified multiple times.")]
    [InlineData("{ min: 99999999999 }", "Integer out of range (99999999999)")]
    public void Binder_reports_PG0412_when_a_message_literal_does_not_fit_the_option(string literal, string error) =>
        Proto("syntax = \"proto2\";", "package p;", "import \"google/protobuf/descriptor.proto\";",
                "message Limits { optional int32 min = 1; optional string unit = 2; }",
                "extend google.protobuf.FieldOptions { optional Limits limits = 50000; }",
                "message M {", $"  optional int32 a = 1 [(limits) = {literal}];", "}")
            .Single("PG0412").AssertAt(7, 36, $"Error while parsing option value for \"limits\": {error}");

    [Fact]
    public void Binder_accepts_message_literals_that_fit_the_option() =>
        Assert.Empty(Proto("syntax = \"proto2\";", "package p;", "import \"google/protobuf/descriptor.proto\";",
                "message Limits { optional int32 min = 1; repeated string unit = 2; optional Limits inner = 3; optional group G = 4 { optional bool b = 1; } }",
                "extend google.protobuf.FieldOptions { optional Limits limits = 50000; }",
                "message M {", "  optional int32 a = 1 [(limits) = { min: -1, unit: [\"a\", \"b\"] unit: \"c\" inner < min: 2 > G { b: true } }];", "}")
            .Diagnostics.ToList());

    [Fact]
    public void Binder_reports_PG0413_when_features_are_set_outside_editions() =>
        Proto("syntax = \"proto3\";", "option features.field_presence = EXPLICIT;")
            .Single("PG0413").AssertAt(2, 8, "Features are only valid under editions.");

    [Fact]
    public void Binder_reports_PG0414_when_an_option_is_set_twice() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 a = 1 [deprecated = true, deprecated = false];", "}")
            .Single("PG0414").AssertAt(3, 44, "Option \"deprecated\" was already set.");

    [Fact]
    public void Binder_reports_PG0415_when_an_enum_default_is_a_number() =>
        Proto("syntax = \"proto2\";", "enum E { A = 0; }", "message N {", "  optional E e = 1 [default = 0];", "}")
            .Single("PG0415").AssertAt(4, 31, "Default value for an enum field must be an identifier.");

    [Fact]
    public void Parser_reports_PG0001_when_a_group_has_no_body() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional group G = 1;", "}")
            .Single("PG0001").AssertAt(3, 23, "Missing group body.");

    // ---- PG05xx: code generation

    [Fact]
    public void Compiler_reports_PG0501_once_for_a_file_with_services_when_Grpc_Core_Api_is_missing()
    {
        var file = Proto("syntax = \"proto3\";", "message M {}", "service A { rpc Call(M) returns (M); }", "service B {}").File!;
        var diagnostic = ProtoCompiler.ReportMissingGrpc(file)!;
        Assert.Equal("PG0501", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal(file.Name, diagnostic.FilePath);
        Assert.Contains("Grpc.Core.Api", diagnostic.Message);
        Assert.Contains("Grpc.AspNetCore", diagnostic.Message);
        Assert.Contains("Grpc.Net.Client", diagnostic.Message);
        Assert.Null(ProtoCompiler.ReportMissingGrpc(Proto("syntax = \"proto3\";", "message M {}").File!));
    }

    [Theory]
    [InlineData("Google.Cloud.Re optional tail.V2", "\"Re optional tail\" is not a C# identifier")]
    [InlineData(" 536870912 Google.Cloud.Iam.Admi public n.V1", "\" 536870912 Google\" is not a C# identifier")]
    [InlineData("a..b", "it has an empty part between dots")]
    [InlineData("Acme.", "it has an empty part between dots")]
    [InlineData("Acme.1st", "\"1st\" is not a C# identifier")]
    [InlineData("Foo-Bar", "\"Foo-Bar\" is not a C# identifier")]
    public void Binder_reports_PG0503_at_the_value_of_a_csharp_namespace_that_is_no_namespace(string ns, string reason) =>
        Proto("syntax = \"proto3\";", "package p;", $"option csharp_namespace = \"{ns}\";", "message M {}")
            .Single("PG0503").AssertAt(3, 27, $"csharp_namespace \"{ns}\" is not a valid C# namespace: {reason}.");

    [Theory]
    [InlineData("")]
    [InlineData("Acme.Store.V1")]
    [InlineData("Acme.@class.string")]
    [InlineData("Ünïcödé.日本")]
    [InlineData("_.__")]
    public void Binder_accepts_csharp_namespaces_that_are_dotted_identifiers_or_keywords_it_escapes(string ns) =>
        Assert.Empty(Proto("syntax = \"proto3\";", "package p;", $"option csharp_namespace = \"{ns}\";", "message M {}").Diagnostics.ToList());

    [Fact]
    public void Compiler_reports_PG0504_for_a_namespace_override_that_is_no_namespace_and_names_the_file()
    {
        var file = Proto("syntax = \"proto3\";", "message M {}").File!;
        var diagnostic = Assert.Single(ProtoCompiler.CheckEmitOptions(file, new EmitOptions(NamespaceOverride: "Acme Store")));
        Assert.Equal("PG0504", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal($"ProtoNamespace \"Acme Store\" of \"{file.Name}\" is not a valid C# namespace: \"Acme Store\" is not a C# identifier.", diagnostic.Message);
        var imported = Assert.Single(ProtoCompiler.CheckEmitOptions(file, new EmitOptions(
            ImportedNamespaces: new[] { new FileNamespace("dep.proto", "Dep.") }.ToEquatableArray())));
        Assert.Equal("PG0504", imported.Code);
        Assert.Contains("\"dep.proto\"", imported.Message);
        Assert.Empty(ProtoCompiler.CheckEmitOptions(file, new EmitOptions(NamespaceOverride: "Acme.Store")));
    }

    [Fact]
    public void Binder_reports_PG0505_when_two_fields_become_the_same_property() =>
        Proto("syntax = \"proto2\";", "message M {", "  optional int32 foo_bar = 1;", "  optional int32 fooBar = 2;", "}")
            .Single("PG0505").AssertAt(4, 18, "The C# name of field \"fooBar\" (\"FooBar\") conflicts with field \"foo_bar\" in message M.");

    [Fact]
    public void Binder_reports_PG0505_when_a_field_takes_the_name_of_another_fields_number_constant() =>
        Proto("syntax = \"proto3\";", "message M {", "  float foo = 1;", "  float foo_field_number = 2;", "}")
            .Single("PG0505").AssertAt(4, 9, "The C# name of field \"foo_field_number\" (\"FooFieldNumber\") conflicts with field \"foo\" in message M.");

    [Theory]
    [InlineData("message M {\n  optional int32 foo = 1;\n  optional int32 has_foo = 2;\n}", 4, 18, "field \"has_foo\"", "HasFoo", "field \"foo\"", "message M")]
    [InlineData("message M {\n  oneof foo { int32 a = 1; }\n  optional int32 clear_foo = 2;\n}", 3, 9, "oneof \"foo\"", "ClearFoo", "field \"clear_foo\"", "message M")]
    [InlineData("message M {\n  optional int32 to_json = 1;\n}", 3, 18, "field \"to_json\"", "ToJson", "a member every message has", "message M")]
    [InlineData("message MCase {\n  oneof m { int32 a = 1; }\n}", 3, 9, "oneof \"m\"", "MCase", "the type itself", "message MCase")]
    [InlineData("message M {\n  oneof kind { int32 a = 1; }\n  optional int32 kind_case = 2;\n}", 3, 9, "oneof \"kind\"", "KindCase", "field \"kind_case\"", "message M")]
    [InlineData("message M {\n  extensions 10 to 20;\n  optional int32 get_extension = 1;\n}", 4, 18, "field \"get_extension\"", "GetExtension", "a member of messages with extension ranges", "message M")]
    [InlineData("message M {\n  optional int32 extensions = 1;\n  extend M { optional int32 e = 10; }\n  extensions 10 to 20;\n}", 3, 18, "field \"extensions\"", "Extensions", "the class of its extensions", "message M")]
    [InlineData("message MFieldNumber {\n  optional int32 m = 1;\n}", 3, 18, "field \"m\"", "MFieldNumber", "the type itself", "message MFieldNumber")]
    [InlineData("message M {}\nservice S {\n  rpc Get(M) returns (M);\n  rpc GetAsync(M) returns (M);\n}", 5, 7, "rpc \"GetAsync\"", "GetAsync", "rpc \"Get\"", "class S.SClient")]
    [InlineData("message M {}\nservice S {\n  rpc SBase(M) returns (M);\n}", 4, 7, "rpc \"SBase\"", "SBase", "the type itself", "class S.SBase")]
    [InlineData("message M {}\nservice S {\n  rpc NewInstance(M) returns (M);\n}", 4, 7, "rpc \"NewInstance\"", "NewInstance", "a member of every client", "class S.SClient")]
    [InlineData("message TestExtensions { extensions 10 to 20; }\nextend TestExtensions { optional int32 e = 10; }", 3, 40, "the class of the file's extensions", "TestExtensions", "message TestExtensions", "namespace of test.proto")]
    public void Binder_reports_PG0505_when_protocs_csharp_names_collide(string body, int line, int column, string what, string name, string other, string container) =>
        Proto("syntax = \"proto2\";", body)
            .Single("PG0505").AssertAt(line, column, $"The C# name of {what} (\"{name}\") conflicts with {other} in {container}.");

    [Fact]
    public void A_oneof_named_like_its_message_or_a_common_member_is_accepted_as_protoc_names_it() =>
        // protoc's C# declares no member named after a oneof, only SourceCase, SourceOneofCase and ClearSource()
        // (googleapis: cloudbuild's, kms's and others' "message Source { oneof source {...} }").
        Assert.Empty(Proto("syntax = \"proto3\";", "message Source {", "  oneof source { string a = 1; int32 b = 2; }", "}",
            "message M {", "  oneof to_string { int32 c = 1; }", "  oneof descriptor { int32 d = 2; }", "}").Diagnostics.ToList());

    [Fact]
    public void A_custom_option_from_a_file_with_a_oneof_named_like_its_message_resolves() =>
        // bigtable's shape: types.proto's "message Encoding { oneof encoding }" once failed PG0505, which left it (and
        // session.proto, which imports it and declares rpc_session_type) out of the pool, so bigtable.proto got PG0112.
        Assert.Empty(Files(
            ("b.proto", new[] { "syntax = \"proto3\";", "package p;", "import \"a.proto\";", "message M {}",
                "service S {", "  rpc Open(stream M) returns (stream M) {", "    option (p.session_type) =", "      TABLE;", "  }", "}" }),
            ("a.proto", new[] { "syntax = \"proto3\";", "package p;", "import \"google/protobuf/descriptor.proto\";",
                "extend google.protobuf.MethodOptions {", "  p.SessionType session_type = 50000;", "}",
                "enum SessionType {", "  UNSET = 0;", "  TABLE = 1;", "}",
                "message Type {", "  message Encoding {", "    oneof encoding { string raw = 1; }", "  }", "}" })).Diagnostics.ToList());

    [Fact]
    public void Enum_values_that_protocs_csharp_names_make_equal_are_accepted_as_protoc_names_them() =>
        // E_FOO_BAR and FOO_BAR both become FooBar; the emitter appends '_' to the second, as protoc's C# generator does
        // (conformance's test_messages_proto3.proto has MOO and moo), so no C# name collides.
        Assert.DoesNotContain(Proto("syntax = \"proto2\";", "enum E {", "  option allow_alias = true;", "  E_FOO_BAR = 0;", "  FOO_BAR = 0;", "  moo = 1;", "  MOO = 1;", "}").Diagnostics,
            d => d.Code == "PG0505");

    [Fact]
    public void Binder_reports_PG0506_at_a_type_name_csharp_reserves() =>
        Proto("syntax = \"proto3\";", "message M {", "  message scoped {}", "}")
            .Single("PG0506").AssertAt(3, 11, "\"scoped\" cannot name a C# type: C# reserves it, or generated code uses it as a type name.");

    [Fact]
    public void Binder_reports_PG0506_at_a_field_of_underscores_only() =>
        Proto("syntax = \"proto3\";", "message M {", "  int32 __ = 1;", "}")
            .Single("PG0506").AssertAt(3, 9, "\"__\" cannot name a C# property: the property name protoc's C# rules derive from it is empty.");

    [Fact]
    public void Binder_reports_PG0507_at_a_field_of_a_descriptor_proto_type_that_nothing_generates() =>
        // bigquery/storage's shape: descriptor.proto resolves from the embedded copy, whose types no assembly holds.
        Proto("syntax = \"proto3\";", "import \"google/protobuf/descriptor.proto\";", "message M {", "  google.protobuf.DescriptorProto schema = 1;", "}")
            .Single("PG0507").AssertAt(4, 35, "Field \"schema\" has type google.protobuf.DescriptorProto from google/protobuf/descriptor.proto, " +
                "whose C# types ProtoGen.Runtime does not hold: list google/protobuf/descriptor.proto as a Protobuf item of the project " +
                "(ideally with a ProtoNamespace of its own) so that the project generates them, or reference an assembly generated from it.");

    [Fact]
    public void Binder_accepts_a_descriptor_proto_type_when_the_project_lists_descriptor_proto_and_custom_options_always()
    {
        // Listed, the file is generated with the project (its types exist); extending an options message needs no C# type.
        var descriptor = ProtoGen.Compiler.WellKnownTypes.WellKnownTypeSources.GetParsed("google/protobuf/descriptor.proto")!;
        var text = string.Join("\n", "syntax = \"proto2\";", "import \"google/protobuf/descriptor.proto\";",
            "message M {", "  optional google.protobuf.FieldDescriptorProto.Type kind = 1;", "  repeated google.protobuf.DescriptorProto schema = 2;", "}") + "\n";
        var listed = ProtoCompiler.Bind("test.proto", new Dictionary<string, ParsedFile>
        {
            ["test.proto"] = ProtoCompiler.Parse("test.proto", text),
            ["google/protobuf/descriptor.proto"] = descriptor,
        });
        Assert.Empty(listed.Diagnostics.ToList());
        Assert.Empty(Proto("syntax = \"proto3\";", "import \"google/protobuf/descriptor.proto\";", "extend google.protobuf.MethodOptions {",
            "  int32 level = 50000;", "}").Diagnostics.ToList());
        Assert.Equal(2, Compile.One(text).Diagnostics.Count(d => d.Code == "PG0507"));
    }

    [Fact]
    public void Binder_accepts_names_that_only_look_alike_in_csharp_when_no_member_is_generated_for_them() =>
        // proto3 implicit presence: no HasFoo, so a field has_foo is fine; nested types live in Types, so a field may
        // share a nested message's name.
        Assert.Empty(Proto("syntax = \"proto3\";", "message M {", "  int32 foo = 1;", "  int32 has_foo = 2;", "  message Inner {}", "  Inner inner = 3;", "}")
            .Diagnostics.ToList());

    [Fact]
    public void Catalog_words_PG0502_as_a_warning_that_names_the_props_file_and_both_fixes()
    {
        // The generator reports it (tested in ProtoGen.Tests' MissingSettingsTests); here: what it tells the user.
        var diagnostic = DiagnosticCatalog.SettingsNotImported.Create("", SourceSpan.Empty);
        Assert.Equal("PG0502", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Contains("build/ProtoGen.props", diagnostic.Message);
        Assert.Contains("ProtoRoot", diagnostic.Message);
        Assert.Contains("<PackageReference Include=\"ProtoGen\" />", diagnostic.Message);
        Assert.Contains("<Import Project=\"path/to/src/ProtoGen.SourceGenerator/build/ProtoGen.props\" />", diagnostic.Message);
    }

    // PG0801-PG0804 are reported by the source generator; SharedContractsTests (ProtoGen.Tests) covers when. Here: wording.

    [Fact]
    public void Catalog_words_PG0801_as_an_error_that_names_both_versions_and_the_LangVersion_fix()
    {
        var diagnostic = DiagnosticCatalog.LanguageVersionTooOld.Create("", SourceSpan.Empty, "10", "7.3");
        Assert.Equal("PG0801", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("needs C# 10 or newer, but this project compiles C# 7.3", diagnostic.Message);
        Assert.Contains("<LangVersion>latest</LangVersion>", diagnostic.Message);
    }

    [Fact]
    public void Catalog_words_PG0802_as_information_naming_the_file_and_the_assembly_that_holds_its_types()
    {
        var diagnostic = DiagnosticCatalog.FileGeneratedInReference.Create("common.proto", SourceSpan.Empty, "common.proto", "Acme.Contracts");
        Assert.Equal("PG0802", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Info, diagnostic.Severity);
        Assert.Equal("\"common.proto\" is generated in the referenced assembly Acme.Contracts: its types are used from there and are not generated again.", diagnostic.Message);
    }

    [Fact]
    public void Catalog_words_PG0803_as_a_warning_that_the_copies_differ()
    {
        var diagnostic = DiagnosticCatalog.FileDiffersFromReference.Create("common.proto", SourceSpan.Empty, "common.proto", "Acme.Contracts");
        Assert.Equal("PG0803", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.StartsWith("\"common.proto\" differs from the file the referenced assembly Acme.Contracts was generated from.", diagnostic.Message);
    }

    [Fact]
    public void Catalog_words_PG0804_as_a_warning_naming_both_assemblies_and_the_one_used()
    {
        var diagnostic = DiagnosticCatalog.FileInSeveralReferences.Create("", SourceSpan.Empty, "common.proto", "Acme.A", "Acme.B");
        Assert.Equal("PG0804", diagnostic.Code);
        Assert.Equal(DiagnosticSeverity.Warning, diagnostic.Severity);
        Assert.Equal("\"common.proto\" is generated in both Acme.A and Acme.B; imports of it use the types of Acme.A.", diagnostic.Message);
    }

    [Fact]
    public void Compiler_reports_PG9999_as_an_internal_error_with_the_reason()
    {
        var diagnostic = DiagnosticCatalog.InternalError.Create("a.proto", SourceSpan.Empty, "boom");
        Assert.Equal("PG9999", diagnostic.Code);
        Assert.Equal("ProtoGen failed on this file: boom", diagnostic.Message);
        Assert.Equal("a.proto:1:1: PG9999: ProtoGen failed on this file: boom", diagnostic.ToString());
    }

    // ---- the catalogue itself

    [Fact]
    public void Every_code_is_unique_and_has_a_test_here()
    {
        var codes = typeof(DiagnosticCatalog).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => ((DiagnosticDescriptor)f.GetValue(null)!).Code)
            .ToList();
        Assert.Equal(codes.Count, codes.Distinct().Count());
        // The breaking-change codes (PG06xx) have their tests in their own class.
        var tested = typeof(DiagnosticTests).GetMethods().Concat(typeof(Breaking.BreakingDiagnosticTests).GetMethods()).Select(m => m.Name).ToList();
        foreach (var code in codes)
        {
            Assert.True(tested.Any(name => name.Contains("_" + code + "_", StringComparison.Ordinal)), "No test for " + code);
        }
    }
}
