using ProtoGen.Compiler.Diagnostics;

namespace ProtoGen.Compiler.Breaking;

/// <summary>Each breaking-change diagnostic and the <c>buf breaking</c> rule it implements, for documentation and for
/// the tests that compare ProtoGen's findings with buf's.</summary>
public static class BreakingRules
{
    public static IReadOnlyList<(DiagnosticDescriptor Descriptor, string BufRule)> All { get; } = new[]
    {
        (DiagnosticCatalog.FieldDeletedNumberNotReserved, "FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED"),
        (DiagnosticCatalog.FieldDeletedNameNotReserved, "FIELD_NO_DELETE_UNLESS_NAME_RESERVED"),
        (DiagnosticCatalog.FieldNameChanged, "FIELD_SAME_NAME"),
        (DiagnosticCatalog.FieldJsonNameChanged, "FIELD_SAME_JSON_NAME"),
        (DiagnosticCatalog.FieldTypeIncompatible, "FIELD_WIRE_JSON_COMPATIBLE_TYPE"),
        (DiagnosticCatalog.FieldCardinalityIncompatible, "FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY"),
        (DiagnosticCatalog.FieldOneofChanged, "FIELD_SAME_ONEOF"),
        (DiagnosticCatalog.FieldDefaultChanged, "FIELD_SAME_DEFAULT"),
        (DiagnosticCatalog.RequiredFieldsChanged, "MESSAGE_SAME_REQUIRED_FIELDS"),
        (DiagnosticCatalog.MessageReservedDeleted, "RESERVED_MESSAGE_NO_DELETE"),
        (DiagnosticCatalog.EnumValueDeletedNumberNotReserved, "ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED"),
        (DiagnosticCatalog.EnumValueDeletedNameNotReserved, "ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED"),
        (DiagnosticCatalog.EnumValueNameChanged, "ENUM_VALUE_SAME_NAME"),
        (DiagnosticCatalog.EnumReservedDeleted, "RESERVED_ENUM_NO_DELETE"),
        (DiagnosticCatalog.EnumOpennessChanged, "ENUM_SAME_TYPE"),
        (DiagnosticCatalog.EnumJsonFormatChanged, "ENUM_SAME_JSON_FORMAT"),
        (DiagnosticCatalog.MessageJsonFormatChanged, "MESSAGE_SAME_JSON_FORMAT"),
        (DiagnosticCatalog.MessageDeleted, "MESSAGE_NO_DELETE"),
        (DiagnosticCatalog.EnumDeleted, "ENUM_NO_DELETE"),
        (DiagnosticCatalog.ServiceDeleted, "SERVICE_NO_DELETE"),
        (DiagnosticCatalog.RpcDeleted, "RPC_NO_DELETE"),
        (DiagnosticCatalog.RpcRequestTypeChanged, "RPC_SAME_REQUEST_TYPE"),
        (DiagnosticCatalog.RpcResponseTypeChanged, "RPC_SAME_RESPONSE_TYPE"),
        (DiagnosticCatalog.RpcClientStreamingChanged, "RPC_SAME_CLIENT_STREAMING"),
        (DiagnosticCatalog.RpcServerStreamingChanged, "RPC_SAME_SERVER_STREAMING"),
        (DiagnosticCatalog.RpcIdempotencyChanged, "RPC_SAME_IDEMPOTENCY_LEVEL"),
        (DiagnosticCatalog.PackageChanged, "FILE_SAME_PACKAGE"),
        (DiagnosticCatalog.FileDeleted, "FILE_NO_DELETE"),
    };

    /// <summary>The buf rule of a PG06xx code, or null.</summary>
    public static string? BufRuleOf(string code) => All.FirstOrDefault(r => r.Descriptor.Code == code).BufRule;
}
