namespace ProtoGen.Compiler.Diagnostics;

/// <summary>One kind of problem: a stable code, a severity and a message format (string.Format placeholders).</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string MessageFormat)
{
    public ProtoDiagnostic Create(string filePath, SourceSpan span, params object[] args) =>
        new(Code, Severity, args.Length == 0 ? MessageFormat : string.Format(MessageFormat, args), filePath, span);
}

/// <summary>
/// Every diagnostic ProtoGen reports. Codes are stable: never renumber or reuse one; add new ones at the end.
/// Wording follows protoc's where protoc has an equivalent message.
/// </summary>
public static class DiagnosticCatalog
{
    /// <summary>An exception escaped the compiler for one file; reported instead of crashing the generator.</summary>
    public static readonly DiagnosticDescriptor InternalError = new(
        "PG9999", DiagnosticSeverity.Error, "Internal error", "ProtoGen failed on this file: {0}");
}
