using ProtoGen.Compiler.Breaking;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.TestSupport;

namespace ProtoGen.Compiler.Tests.Breaking;

/// <summary>
/// The reference: each case is a before/after pair of .proto files; <c>buf build</c> writes the before files as a binary
/// image, ProtoGen reads that image with its own descriptor reader, and both ProtoGen and <c>buf breaking --against</c>
/// check the after files against it. The findings must be the same, rule for rule, file for file and line for line
/// (findings about a file as a whole, such as a deleted top-level message, are at line 1 on both sides).
/// Every rule has a case that must find it, and the compatible changes have cases that must find nothing.
/// </summary>
public class BufBreakingComparisonTests
{
    private const string P3 = "syntax = \"proto3\";\npackage acme.v1;\n";
    private const string P2 = "syntax = \"proto2\";\npackage acme.v1;\n";
    private const string E23 = "edition = \"2023\";\npackage acme.v1;\n";

    public sealed record Case(string Name, string[] Expected, Dictionary<string, string> Before, Dictionary<string, string> After)
    {
        public override string ToString() => Name;
    }

    private static Case One(string name, string before, string after, params string[] expected) =>
        new(name, expected, new() { ["acme/v1/a.proto"] = before }, new() { ["acme/v1/a.proto"] = after });

    public static TheoryData<Case> Cases() => new()
    {
        // Fields
        One("field deleted", P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n}\n", P3 + "message M {\n  int32 a = 1;\n}\n",
            "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
        One("field deleted, number reserved", P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n}\n", P3 + "message M {\n  int32 a = 1;\n  reserved 2;\n}\n",
            "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
        One("field deleted, name reserved", P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n}\n", P3 + "message M {\n  int32 a = 1;\n  reserved \"b\";\n}\n",
            "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"),
        One("field deleted, number and name reserved (compatible)", P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n}\n",
            P3 + "message M {\n  int32 a = 1;\n  reserved 2;\n  reserved \"b\";\n}\n"),
        One("field number reused by another field", P3 + "message M {\n  string user_name = 1;\n}\n", P3 + "message M {\n  string login = 1;\n}\n",
            "FIELD_SAME_NAME", "FIELD_SAME_JSON_NAME"),
        One("field renamed keeping its JSON name", P3 + "message M {\n  string user_name = 1;\n}\n", P3 + "message M {\n  string login = 1 [json_name = \"userName\"];\n}\n",
            "FIELD_SAME_NAME"),
        One("json_name changed", P3 + "message M {\n  string user_name = 1;\n}\n", P3 + "message M {\n  string user_name = 1 [json_name = \"user\"];\n}\n",
            "FIELD_SAME_JSON_NAME"),
        One("field renumbered", P3 + "message M {\n  string a = 1;\n  string b = 2;\n}\n", P3 + "message M {\n  string a = 1;\n  string b = 3;\n}\n",
            "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED", "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
        One("int32 to int64", P3 + "message M {\n  int32 a = 1;\n}\n", P3 + "message M {\n  int64 a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("int32 to bool", P3 + "message M {\n  int32 a = 1;\n}\n", P3 + "message M {\n  bool a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("sint32 to int32", P3 + "message M {\n  sint32 a = 1;\n}\n", P3 + "message M {\n  int32 a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("string to bytes", P3 + "message M {\n  string a = 1;\n}\n", P3 + "message M {\n  bytes a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("message to bytes", P3 + "message N {}\nmessage M {\n  N a = 1;\n}\n", P3 + "message N {}\nmessage M {\n  bytes a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("message to another message", P3 + "message N {}\nmessage O {}\nmessage M {\n  N a = 1;\n}\n", P3 + "message N {}\nmessage O {}\nmessage M {\n  O a = 1;\n}\n",
            "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("double to float", P3 + "message M {\n  double a = 1;\n}\n", P3 + "message M {\n  float a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("compatible types: int32/uint32, int64/uint64, fixed32/sfixed32, fixed64/sfixed64",
            P3 + "message M {\n  int32 a = 1;\n  int64 b = 2;\n  fixed32 c = 3;\n  fixed64 d = 4;\n}\n",
            P3 + "message M {\n  uint32 a = 1;\n  uint64 b = 2;\n  sfixed32 c = 3;\n  sfixed64 d = 4;\n}\n"),
        One("map value type changed", P3 + "message M {\n  map<string, int32> a = 1;\n}\n", P3 + "message M {\n  map<string, string> a = 1;\n}\n",
            "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("singular to repeated", P3 + "message M {\n  int32 a = 1;\n}\n", P3 + "message M {\n  repeated int32 a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"),
        One("repeated to map", P3 + "message E {\n  string key = 1;\n  int32 value = 2;\n}\nmessage M {\n  repeated E a = 1;\n}\n",
            P3 + "message E {\n  string key = 1;\n  int32 value = 2;\n}\nmessage M {\n  map<string, int32> a = 1;\n}\n",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("optional to required (proto2)", P2 + "message M {\n  optional int32 a = 1;\n}\n", P2 + "message M {\n  required int32 a = 1;\n}\n",
            "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY", "MESSAGE_SAME_REQUIRED_FIELDS"),
        One("required field added (proto2)", P2 + "message M {\n  optional int32 a = 1;\n}\n", P2 + "message M {\n  optional int32 a = 1;\n  required int32 b = 2;\n}\n",
            "MESSAGE_SAME_REQUIRED_FIELDS"),
        One("implicit to explicit presence (compatible)", P3 + "message M {\n  int32 a = 1;\n}\n", P3 + "message M {\n  optional int32 a = 1;\n}\n"),
        One("packed to expanded (compatible)", P3 + "message M {\n  repeated int32 a = 1;\n}\n", P3 + "message M {\n  repeated int32 a = 1 [packed = false];\n}\n"),
        One("field moved into a oneof", P3 + "message M {\n  int32 a = 1;\n}\n", P3 + "message M {\n  oneof choice {\n    int32 a = 1;\n  }\n}\n", "FIELD_SAME_ONEOF"),
        One("field moved out of a oneof", P3 + "message M {\n  oneof choice {\n    int32 a = 1;\n    string b = 2;\n  }\n}\n",
            P3 + "message M {\n  int32 a = 1;\n  oneof choice {\n    string b = 2;\n  }\n}\n", "FIELD_SAME_ONEOF"),
        One("default changed (proto2)", P2 + "message M {\n  optional int32 a = 1 [default = 5];\n}\n", P2 + "message M {\n  optional int32 a = 1 [default = 6];\n}\n",
            "FIELD_SAME_DEFAULT"),
        One("implicit enum default changed by reordering (proto2)", P2 + "enum E {\n  E_A = 1;\n  E_B = 2;\n}\nmessage M {\n  optional E e = 1;\n}\n",
            P2 + "enum E {\n  E_B = 2;\n  E_A = 1;\n}\nmessage M {\n  optional E e = 1;\n}\n", "FIELD_SAME_DEFAULT"),
        One("float default kept as double (default compatible, type not)", P2 + "message M {\n  optional float a = 1 [default = 0.1];\n}\n",
            P2 + "message M {\n  optional double a = 1 [default = 0.1];\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        One("default written differently, same value (compatible)", P2 + "message M {\n  optional int32 a = 1 [default = 16];\n  optional double b = 2 [default = 1];\n}\n",
            P2 + "message M {\n  optional int32 a = 1 [default = 0x10];\n  optional double b = 2 [default = 1.0];\n}\n"),
        One("message reserved range deleted", P3 + "message M {\n  reserved 5 to 10;\n  reserved \"x\";\n}\n", P3 + "message M {\n  reserved 5 to 8;\n}\n",
            "RESERVED_MESSAGE_NO_DELETE", "RESERVED_MESSAGE_NO_DELETE"),
        One("message reserved range widened (compatible)", P3 + "message M {\n  reserved 5 to 10;\n}\n", P3 + "message M {\n  reserved 3 to 12;\n}\n"),

        // Enums
        One("enum value deleted", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n}\n",
            "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"),
        One("enum value deleted, reserved (compatible)", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n",
            P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  reserved 1;\n  reserved \"E_A\";\n}\n"),
        One("enum value renamed", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_B = 1;\n}\n",
            "ENUM_VALUE_SAME_NAME"),
        One("enum value renumbered", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 2;\n}\n",
            "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED", "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"),
        One("enum alias added (compatible)", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n",
            P3 + "enum E {\n  option allow_alias = true;\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n  E_ALIAS = 1;\n}\n"),
        One("enum reserved deleted", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  reserved 3;\n  reserved \"E_X\";\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n}\n",
            "RESERVED_ENUM_NO_DELETE", "RESERVED_ENUM_NO_DELETE"),
        One("enum open to closed", E23 + "enum E {\n  E_UNSPECIFIED = 0;\n}\n", E23 + "enum E {\n  option features.enum_type = CLOSED;\n  E_UNSPECIFIED = 0;\n}\n",
            "ENUM_SAME_TYPE"),
        One("enum JSON format changed", E23 + "enum E {\n  E_UNSPECIFIED = 0;\n}\n", E23 + "enum E {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  E_UNSPECIFIED = 0;\n}\n",
            "ENUM_SAME_JSON_FORMAT"),
        One("enum field to another enum", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n}\nenum F {\n  F_UNSPECIFIED = 0;\n}\nmessage M {\n  E a = 1;\n}\n",
            P3 + "enum E {\n  E_UNSPECIFIED = 0;\n}\nenum F {\n  F_UNSPECIFIED = 0;\n}\nmessage M {\n  F a = 1;\n}\n", "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),

        // Messages, enums, services, files
        One("message JSON format changed", E23 + "message M {\n  int32 a = 1;\n}\n", E23 + "message M {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  int32 a = 1;\n}\n",
            "MESSAGE_SAME_JSON_FORMAT"),
        One("message JSON format regained (compatible)", E23 + "message M {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  int32 a = 1;\n}\n",
            E23 + "message M {\n  int32 a = 1;\n}\n"),
        One("top-level message deleted", P3 + "message M {}\nmessage N {}\n", P3 + "message M {}\n", "MESSAGE_NO_DELETE"),
        One("nested message deleted", P3 + "message M {\n  message Inner {}\n}\n", P3 + "message M {}\n", "MESSAGE_NO_DELETE"),
        One("enum deleted", P3 + "message M {}\nenum E {\n  E_UNSPECIFIED = 0;\n}\n", P3 + "message M {}\n", "ENUM_NO_DELETE"),
        One("service deleted", P3 + "message Req {}\nservice S {\n  rpc Get(Req) returns (Req);\n}\n", P3 + "message Req {}\n", "SERVICE_NO_DELETE"),
        One("rpc deleted", P3 + "message Req {}\nservice S {\n  rpc Get(Req) returns (Req);\n  rpc Put(Req) returns (Req);\n}\n",
            P3 + "message Req {}\nservice S {\n  rpc Get(Req) returns (Req);\n}\n", "RPC_NO_DELETE"),
        One("rpc request and response types changed", P3 + "message Req {}\nmessage Res {}\nservice S {\n  rpc Get(Req) returns (Res);\n}\n",
            P3 + "message Req {}\nmessage Res {}\nservice S {\n  rpc Get(Res) returns (Req);\n}\n", "RPC_SAME_REQUEST_TYPE", "RPC_SAME_RESPONSE_TYPE"),
        One("rpc streaming changed", P3 + "message Req {}\nservice S {\n  rpc Get(Req) returns (Req);\n}\n",
            P3 + "message Req {}\nservice S {\n  rpc Get(stream Req) returns (stream Req);\n}\n", "RPC_SAME_CLIENT_STREAMING", "RPC_SAME_SERVER_STREAMING"),
        One("rpc idempotency changed", P3 + "message Req {}\nservice S {\n  rpc Get(Req) returns (Req);\n}\n",
            P3 + "message Req {}\nservice S {\n  rpc Get(Req) returns (Req) {\n    option idempotency_level = NO_SIDE_EFFECTS;\n  }\n}\n", "RPC_SAME_IDEMPOTENCY_LEVEL"),
        One("package changed", P3 + "message M {}\n", "syntax = \"proto3\";\npackage acme.v2;\nmessage M {}\n", "FILE_SAME_PACKAGE"),
        new("file deleted", ["FILE_NO_DELETE"],
            new() { ["acme/v1/a.proto"] = P3 + "message M {}\n", ["acme/v1/b.proto"] = P3 + "message N {}\n" },
            new() { ["acme/v1/a.proto"] = P3 + "message M {}\n" }),

        // Compatible evolution: nothing to report.
        One("fields, messages, enum values and rpcs added; comments and order changed (compatible)",
            P3 + "message Req {\n  int32 a = 1;\n  string b = 2;\n}\nenum E {\n  E_UNSPECIFIED = 0;\n}\nservice S {\n  rpc Get(Req) returns (Req);\n}\n",
            P3 + "// Requests.\nmessage Req {\n  string b = 2; // moved up\n  int32 a = 1;\n  repeated int64 c = 3;\n  message Inner {}\n}\nenum E {\n  E_UNSPECIFIED = 0;\n  E_NEW = 1;\n}\nmessage Added {}\nservice S {\n  rpc Get(Req) returns (Req);\n  rpc Put(Req) returns (Req);\n}\n"),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ProtoGen_finds_what_buf_breaking_finds(Case change)
    {
        using var folder = new TempDirectory();
        var before = BufBreaking.WriteModule(folder.Path, "before", change.Before);
        var after = BufBreaking.WriteModule(folder.Path, "after", change.After);
        var image = Path.Combine(folder.Path, "before.binpb");
        var build = BufTool.Run(before, "build", "-o", image);
        Assert.True(build.ExitCode == 0, "buf build failed: " + build.Error);
        var buf = BufTool.Run(after, "breaking", "--against", image, "--error-format", "json");
        Assert.True(buf.ExitCode is 0 or 100, $"buf breaking failed ({buf.ExitCode}): {buf.Error}{buf.Output}");
        var bufFindings = BufBreaking.ParseFindings(buf.Output);

        var baseline = DescriptorSetReader.Read(File.ReadAllBytes(image));
        var ours = BreakingHarness.Check(baseline, change.After).Select(BufBreaking.ToFinding).ToList();

        // The case must exercise the rules it names, on both sides.
        Assert.Equal(change.Expected.OrderBy(r => r), bufFindings.Select(f => f.Rule).OrderBy(r => r));
        BufBreaking.AssertSameFindings(bufFindings, ours);
    }
}
