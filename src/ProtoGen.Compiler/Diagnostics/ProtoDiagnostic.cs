namespace ProtoGen.Compiler.Diagnostics;

public enum DiagnosticSeverity
{
    Info,
    Warning,
    Error,
}

/// <summary>A zero-based line and column (column counted in UTF-16 code units, as Roslyn's LinePosition).</summary>
public readonly record struct TextPosition(int Line, int Column)
{
    public override string ToString() => $"{Line + 1}:{Column + 1}";
}

/// <summary>A range of a .proto file's text: character offset and length, plus its start and end positions.</summary>
public readonly record struct SourceSpan(int Start, int Length, TextPosition StartPosition, TextPosition EndPosition)
{
    public static readonly SourceSpan Empty = default;
}

/// <summary>A problem found in a .proto file. <see cref="Code"/> is stable (<c>PG0001</c>...); see <see cref="DiagnosticCatalog"/>.</summary>
public sealed record ProtoDiagnostic(string Code, DiagnosticSeverity Severity, string Message, string FilePath, SourceSpan Span)
{
    /// <summary>The catalogue's short title of the code (what IDEs show beside it); the code itself when unknown.</summary>
    public string Title { get; init; } = Code;

    /// <summary>protoc's format: <c>path:line:column: message</c>, one-based.</summary>
    public override string ToString() => $"{FilePath}:{Span.StartPosition}: {Code}: {Message}";
}
