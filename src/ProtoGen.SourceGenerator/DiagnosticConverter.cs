using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ProtoGen.Compiler.Diagnostics;
using RoslynSeverity = Microsoft.CodeAnalysis.DiagnosticSeverity;
using ProtoSeverity = ProtoGen.Compiler.Diagnostics.DiagnosticSeverity;

namespace ProtoGen.SourceGenerator;

/// <summary>A compiler diagnostic with the full path of the file it belongs to (the compiler only knows import paths).</summary>
internal sealed record LocatedDiagnostic(string FullPath, ProtoDiagnostic Diagnostic)
{
    public static LocatedDiagnostic Internal(string fullPath, string message) =>
        new(fullPath, DiagnosticCatalog.InternalError.Create(fullPath, SourceSpan.Empty, message));
}

internal static class DiagnosticConverter
{
    private const string Category = "ProtoGen";

    public static Diagnostic ToRoslyn(LocatedDiagnostic located)
    {
        var span = located.Diagnostic.Span;
        var location = Location.Create(
            located.FullPath,
            new TextSpan(span.Start, span.Length),
            new LinePositionSpan(
                new LinePosition(span.StartPosition.Line, span.StartPosition.Column),
                new LinePosition(span.EndPosition.Line, span.EndPosition.Column)));
        return ToRoslyn(located.Diagnostic, location);
    }

    /// <summary>A diagnostic about the project rather than a .proto file: reported without a location.</summary>
    public static Diagnostic ToRoslynWithoutLocation(ProtoDiagnostic diagnostic) => ToRoslyn(diagnostic, Location.None);

    private static Diagnostic ToRoslyn(ProtoDiagnostic diagnostic, Location location)
    {
        var descriptor = new Microsoft.CodeAnalysis.DiagnosticDescriptor(
            diagnostic.Code,
            title: diagnostic.Title,
            messageFormat: "{0}",
            Category,
            ToRoslyn(diagnostic.Severity),
            isEnabledByDefault: true);
        return Diagnostic.Create(descriptor, location, diagnostic.Message);
    }

    private static RoslynSeverity ToRoslyn(ProtoSeverity severity) => severity switch
    {
        ProtoSeverity.Error => RoslynSeverity.Error,
        ProtoSeverity.Warning => RoslynSeverity.Warning,
        _ => RoslynSeverity.Info,
    };
}
