using ProtoGen.Compiler.Breaking;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Tests.Binding;

namespace ProtoGen.Compiler.Tests.Breaking;

/// <summary>One test per PG06xx code: the code, its message naming the baseline's element, and the exact (one-based)
/// line and column in the current file. Which changes are breaking at all is compared with buf in
/// <see cref="BufBreakingComparisonTests"/>.</summary>
public class BreakingDiagnosticTests
{
    private const string P3 = "syntax = \"proto3\";\npackage acme.v1;\n";
    private const string P2 = "syntax = \"proto2\";\npackage acme.v1;\n";
    private const string E23 = "edition = \"2023\";\npackage acme.v1;\n";

    private static ProtoDiagnostic Single(string before, string after, string code)
    {
        var diagnostics = BreakingHarness.Check(before, after);
        var matches = diagnostics.Where(d => d.Code == code).ToList();
        Assert.True(matches.Count == 1, $"Expected one {code}, got:\n" + string.Join("\n", diagnostics));
        Assert.Equal(DiagnosticSeverity.Warning, matches[0].Severity);
        return matches[0];
    }

    [Fact]
    public void Reader_reports_PG0600_when_the_baseline_is_truncated()
    {
        var set = ProtocSet("a.proto", P3 + "message M {\n  int32 a = 1;\n}\n");
        var loaded = BaselineLoader.FromBytes("api.binpb", set.Take(set.Length - 3).ToArray());
        Assert.Null(loaded.Set);
        Assert.Equal("PG0600", loaded.Error!.Code);
        Assert.Equal(DiagnosticSeverity.Error, loaded.Error.Severity);
        Assert.StartsWith("The breaking-change baseline \"api.binpb\" cannot be read: ", loaded.Error.Message);
        Assert.Contains("runs past the end", loaded.Error.Message);
    }

    [Fact]
    public void Checker_reports_PG0601_when_a_field_is_deleted_without_reserving_its_number() =>
        Single(P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n}\n", P3 + "message M {\n  int32 a = 1;\n  reserved \"b\";\n}\n", "PG0601")
            .AssertAt(3, 9, "Field 2 \"b\" of message \"acme.v1.M\" in the baseline was deleted without reserving its number: add `reserved 2;`.");

    [Fact]
    public void Checker_reports_PG0602_when_a_field_is_deleted_without_reserving_its_name() =>
        Single(P3 + "message M {\n  int32 a = 1;\n  string b = 2;\n}\n", P3 + "message M {\n  int32 a = 1;\n  reserved 2;\n}\n", "PG0602")
            .AssertAt(3, 9, "Field 2 \"b\" of message \"acme.v1.M\" in the baseline was deleted without reserving its name: add `reserved \"b\";`.");

    [Fact]
    public void Checker_reports_PG0603_when_a_field_number_is_reused_by_another_field() =>
        Single(P3 + "message M {\n  string user_name = 1;\n}\n", P3 + "message M {\n  string login = 1;\n}\n", "PG0603")
            .AssertAt(4, 10, "Field 1 of message \"acme.v1.M\" was \"user_name\" in the baseline and is \"login\" now: a field number must keep its field.");

    [Fact]
    public void Checker_reports_PG0604_when_a_json_name_changes() =>
        Single(P3 + "message M {\n  string user_name = 1;\n}\n", P3 + "message M {\n  string user_name = 1 [json_name = \"user\"];\n}\n", "PG0604")
            .AssertAt(4, 25, "Field 1 \"user_name\" of message \"acme.v1.M\" had JSON name \"userName\" in the baseline and has \"user\" now.");

    [Fact]
    public void Checker_reports_PG0605_when_a_field_type_changes_incompatibly() =>
        Single(P3 + "message M {\n  int32 id = 1;\n}\n", P3 + "message M {\n  int64 id = 1;\n}\n", "PG0605")
            .AssertAt(4, 3, "Field 1 \"id\" of message \"acme.v1.M\" was int32 in the baseline and is int64 now, which the wire or JSON formats cannot carry.");

    [Fact]
    public void Checker_reports_PG0606_when_a_singular_field_becomes_repeated() =>
        Single(P3 + "message M {\n  int32 id = 1;\n}\n", P3 + "message M {\n  repeated int32 id = 1;\n}\n", "PG0606")
            .AssertAt(4, 3, "Field 1 \"id\" of message \"acme.v1.M\" was optional in the baseline and is repeated now.");

    [Fact]
    public void Checker_reports_PG0607_when_a_field_moves_into_a_oneof() =>
        Single(P3 + "message M {\n  int32 id = 1;\n}\n", P3 + "message M {\n  oneof key {\n    int32 id = 1;\n  }\n}\n", "PG0607")
            .AssertAt(5, 5, "Field 1 \"id\" of message \"acme.v1.M\" was outside any oneof in the baseline and is in oneof \"key\" now.");

    [Fact]
    public void Checker_reports_PG0608_when_a_default_changes() =>
        Single(P2 + "message M {\n  optional int32 a = 1 [default = 5];\n}\n", P2 + "message M {\n  optional int32 a = 1 [default = 6];\n}\n", "PG0608")
            .AssertAt(4, 35, "Field 1 \"a\" of message \"acme.v1.M\" had default 5 in the baseline and has 6 now.");

    [Fact]
    public void Checker_reports_PG0609_when_a_required_field_is_added() =>
        Single(P2 + "message M {\n  optional int32 a = 1;\n}\n", P2 + "message M {\n  optional int32 a = 1;\n  required int32 b = 2;\n}\n", "PG0609")
            .AssertAt(5, 3, "Message \"acme.v1.M\" has a new required field 2 \"b\" compared with the baseline.");

    [Fact]
    public void Checker_reports_PG0610_when_a_message_reservation_is_deleted() =>
        Single(P3 + "message M {\n  reserved 5 to 10;\n}\n", P3 + "message M {\n  reserved 5 to 8;\n}\n", "PG0610")
            .AssertAt(3, 9, "Message \"acme.v1.M\" reserved numbers 5 to 10 in the baseline and no longer does.");

    [Fact]
    public void Checker_reports_PG0611_when_an_enum_value_is_deleted_without_reserving_its_number() =>
        Single(P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  reserved \"E_A\";\n}\n", "PG0611")
            .AssertAt(3, 6, "Enum value 1 \"E_A\" of enum \"acme.v1.E\" in the baseline was deleted without reserving its number: add `reserved 1;`.");

    [Fact]
    public void Checker_reports_PG0612_when_an_enum_value_is_deleted_without_reserving_its_name() =>
        Single(P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  reserved 1;\n}\n", "PG0612")
            .AssertAt(3, 6, "Enum value 1 \"E_A\" of enum \"acme.v1.E\" in the baseline was deleted without reserving its name: add `reserved \"E_A\";`.");

    [Fact]
    public void Checker_reports_PG0613_when_an_enum_value_is_renamed() =>
        Single(P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_A = 1;\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  E_B = 1;\n}\n", "PG0613")
            .AssertAt(5, 3, "Enum value 1 of enum \"acme.v1.E\" was \"E_A\" in the baseline and is \"E_B\" now.");

    [Fact]
    public void Checker_reports_PG0614_when_an_enum_reservation_is_deleted() =>
        Single(P3 + "enum E {\n  E_UNSPECIFIED = 0;\n  reserved \"E_X\";\n}\n", P3 + "enum E {\n  E_UNSPECIFIED = 0;\n}\n", "PG0614")
            .AssertAt(3, 6, "Enum \"acme.v1.E\" reserved the name \"E_X\" in the baseline and no longer does.");

    [Fact]
    public void Checker_reports_PG0615_when_an_enum_becomes_closed() =>
        Single(E23 + "enum E {\n  E_UNSPECIFIED = 0;\n}\n", E23 + "enum E {\n  option features.enum_type = CLOSED;\n  E_UNSPECIFIED = 0;\n}\n", "PG0615")
            .AssertAt(4, 3, "Enum \"acme.v1.E\" was open in the baseline and is closed now.");

    [Fact]
    public void Checker_reports_PG0616_when_an_enum_json_format_changes() =>
        Single(E23 + "enum E {\n  E_UNSPECIFIED = 0;\n}\n", E23 + "enum E {\n  option features.json_format = LEGACY_BEST_EFFORT;\n  E_UNSPECIFIED = 0;\n}\n", "PG0616")
            .AssertAt(4, 3, "Enum \"acme.v1.E\" had JSON format ALLOW in the baseline and has LEGACY_BEST_EFFORT now.");

    [Fact]
    public void Checker_reports_PG0617_when_a_message_json_format_changes() =>
        Single(E23 + "message M {}\n", E23 + "message M {\n  option features.json_format = LEGACY_BEST_EFFORT;\n}\n", "PG0617")
            .AssertAt(4, 3, "Message \"acme.v1.M\" had JSON format ALLOW in the baseline and has LEGACY_BEST_EFFORT now.");

    [Fact]
    public void Checker_reports_PG0618_when_a_nested_message_is_deleted() =>
        Single(P3 + "message M {\n  message Inner {}\n}\n", P3 + "message M {}\n", "PG0618")
            .AssertAt(3, 9, "Message \"acme.v1.M.Inner\" of the baseline was deleted from \"test.proto\".");

    [Fact]
    public void Checker_reports_PG0619_when_an_enum_is_deleted() =>
        Single(P3 + "message M {}\nenum E {\n  E_UNSPECIFIED = 0;\n}\n", P3 + "message M {}\n", "PG0619")
            .AssertAt(1, 1, "Enum \"acme.v1.E\" of the baseline was deleted from \"test.proto\".");

    [Fact]
    public void Checker_reports_PG0620_when_a_service_is_deleted() =>
        Single(P3 + "message R {}\nservice S {\n  rpc Get(R) returns (R);\n}\n", P3 + "message R {}\n", "PG0620")
            .AssertAt(1, 1, "Service \"acme.v1.S\" of the baseline was deleted from \"test.proto\".");

    private const string Service = "message R {}\nmessage Q {}\nservice S {\n  rpc Get(R) returns (R);\n  rpc Put(R) returns (R);\n}\n";

    [Fact]
    public void Checker_reports_PG0621_when_an_rpc_is_deleted() =>
        Single(P3 + Service, P3 + "message R {}\nmessage Q {}\nservice S {\n  rpc Get(R) returns (R);\n}\n", "PG0621")
            .AssertAt(5, 9, "RPC \"Put\" of service \"acme.v1.S\" in the baseline was deleted.");

    [Fact]
    public void Checker_reports_PG0622_when_an_rpc_request_type_changes() =>
        Single(P3 + Service, P3 + Service.Replace("Get(R)", "Get(Q)"), "PG0622")
            .AssertAt(6, 11, "RPC \"Get\" of service \"acme.v1.S\" took \"acme.v1.R\" in the baseline and takes \"acme.v1.Q\" now.");

    [Fact]
    public void Checker_reports_PG0623_when_an_rpc_response_type_changes() =>
        Single(P3 + Service, P3 + Service.Replace("Get(R) returns (R)", "Get(R) returns (Q)"), "PG0623")
            .AssertAt(6, 23, "RPC \"Get\" of service \"acme.v1.S\" returned \"acme.v1.R\" in the baseline and returns \"acme.v1.Q\" now.");

    [Fact]
    public void Checker_reports_PG0624_when_an_rpc_becomes_client_streaming() =>
        Single(P3 + Service, P3 + Service.Replace("Get(R)", "Get(stream R)"), "PG0624")
            .AssertAt(6, 18, "RPC \"Get\" of service \"acme.v1.S\" was not client streaming in the baseline and is client streaming now.");

    [Fact]
    public void Checker_reports_PG0625_when_an_rpc_becomes_server_streaming() =>
        Single(P3 + Service, P3 + Service.Replace("Get(R) returns (R)", "Get(R) returns (stream R)"), "PG0625")
            .AssertAt(6, 30, "RPC \"Get\" of service \"acme.v1.S\" was not server streaming in the baseline and is server streaming now.");

    [Fact]
    public void Checker_reports_PG0626_when_an_rpc_idempotency_level_changes() =>
        Single(P3 + Service, P3 + Service.Replace("rpc Get(R) returns (R);", "rpc Get(R) returns (R) {\n    option idempotency_level = IDEMPOTENT;\n  }"), "PG0626")
            .AssertAt(7, 5, "RPC \"Get\" of service \"acme.v1.S\" had idempotency_level IDEMPOTENCY_UNKNOWN in the baseline and has IDEMPOTENT now.");

    [Fact]
    public void Checker_reports_PG0627_when_the_package_changes() =>
        Single(P3 + "message M {}\n", "syntax = \"proto3\";\npackage acme.v2;\nmessage M {}\n", "PG0627")
            .AssertAt(2, 1, "\"test.proto\" was in package \"acme.v1\" in the baseline and is in \"acme.v2\" now.");

    [Fact]
    public void Checker_reports_PG0628_against_the_baseline_when_a_file_is_deleted()
    {
        var baseline = BreakingHarness.FromSources(new Dictionary<string, string> { ["a.proto"] = P3 + "message M {}\n", ["b.proto"] = "syntax = \"proto3\";\npackage other;\nmessage N {}\n" });
        var diagnostics = BreakingHarness.Check(baseline, new Dictionary<string, string> { ["a.proto"] = P3 + "message M {}\n" });
        var deleted = Assert.Single(diagnostics);
        Assert.Equal("PG0628", deleted.Code);
        Assert.Equal(BreakingHarness.BaselinePath, deleted.FilePath);
        Assert.Equal("\"b.proto\" is in the baseline but no longer among the project's .proto files.", deleted.Message);
    }

    [Fact]
    public void Every_breaking_code_names_a_buf_rule_and_every_rule_is_one_code()
    {
        var codes = typeof(DiagnosticCatalog).GetFields().Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
            .Where(d => d.Code.StartsWith("PG06", StringComparison.Ordinal) && d.Code != "PG0600").Select(d => d.Code).OrderBy(c => c).ToList();
        Assert.Equal(codes, BreakingRules.All.Select(r => r.Descriptor.Code).OrderBy(c => c));
        Assert.Equal(BreakingRules.All.Count, BreakingRules.All.Select(r => r.BufRule).Distinct().Count());
    }

    /// <summary>protoc's descriptor set for one file.</summary>
    internal static byte[] ProtocSet(string path, string text) =>
        TestSupport.ProtocTool.CompileToDescriptorSet(path, new Dictionary<string, string> { [path] = text });
}
