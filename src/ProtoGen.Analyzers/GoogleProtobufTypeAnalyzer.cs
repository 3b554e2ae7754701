using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ProtoGen.Analyzers;

/// <summary>
/// PG0701: a Google.Protobuf type (ByteString, Timestamp, RepeatedField...) named in a statement or declaration that
/// also involves ProtoGen's types, as code moved from Grpc.Tools does: <c>item.CreatedAt = Timestamp.FromDateTime(now)</c>
/// with <c>using Google.Protobuf.WellKnownTypes;</c> left in place. Google.Protobuf types used on their own (a
/// grpc-dotnet server's rich error details, say) are left alone: they are not ProtoGen's to replace.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class GoogleProtobufTypeAnalyzer : DiagnosticAnalyzer
{
    public const string DiagnosticId = "PG0701";

    /// <summary>Property of each diagnostic: the metadata name of ProtoGen's type to use instead.</summary>
    public const string CounterpartKey = "ProtoGenType";

    public static readonly DiagnosticDescriptor Rule = new(
        DiagnosticId,
        "Google.Protobuf type used with ProtoGen types",
        "'{0}' is Google.Protobuf's type; ProtoGen's messages use '{1}'",
        "Migration",
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Code moved from Grpc.Tools names Google.Protobuf's types where ProtoGen's messages expect ProtoGen's own, which live in the ProtoGen, ProtoGen.WellKnownTypes and ProtoGen.Collections namespaces.");

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Only projects that use ProtoGen, and only where Google.Protobuf is referenced too.
            var protoGenMessage = start.Compilation.GetTypeByMetadataName("ProtoGen.IMessage");
            if (protoGenMessage is null || start.Compilation.GetTypeByMetadataName("Google.Protobuf.IMessage") is null) return;
            start.RegisterSyntaxNodeAction(
                node => AnalyzeName(node, protoGenMessage),
                SyntaxKind.IdentifierName, SyntaxKind.GenericName, SyntaxKind.QualifiedName, SyntaxKind.AliasQualifiedName);
        });
    }

    private static void AnalyzeName(SyntaxNodeAnalysisContext context, INamedTypeSymbol protoGenMessage)
    {
        var name = (NameSyntax)context.Node;
        // One report per written name: the outermost part of a qualified name, never inside using directives.
        if (name.Parent is QualifiedNameSyntax or AliasQualifiedNameSyntax) return;
        if (name.FirstAncestorOrSelf<UsingDirectiveSyntax>() is not null) return;
        if (context.SemanticModel.GetSymbolInfo(name, context.CancellationToken).Symbol is not INamedTypeSymbol type) return;
        if (GoogleProtobufTypes.CounterpartMetadataName(type.OriginalDefinition) is not { } counterpart) return;
        if (context.Compilation.GetTypeByMetadataName(counterpart) is null) return;
        if (!UsedWithProtoGenTypes(name, context.SemanticModel, protoGenMessage, context.CancellationToken)) return;

        // In an expression, a qualified type name is a member access (Google.Protobuf.WellKnownTypes.Timestamp.Now...):
        // the report covers all of it, so that the fix replaces the namespace too.
        ExpressionSyntax written = name;
        while (written.Parent is MemberAccessExpressionSyntax access && access.Name == written) written = access;
        var properties = ImmutableDictionary<string, string?>.Empty.Add(CounterpartKey, counterpart);
        context.ReportDiagnostic(Diagnostic.Create(Rule, written.GetLocation(), properties,
            type.ToDisplayString(), counterpart.Replace('+', '.')));
    }

    /// <summary>Whether the statement, or else the member declaration, holding the name also handles a ProtoGen type.</summary>
    private static bool UsedWithProtoGenTypes(SyntaxNode name, SemanticModel model, INamedTypeSymbol protoGenMessage, CancellationToken cancellationToken)
    {
        SyntaxNode? scope = name.FirstAncestorOrSelf<StatementSyntax>()
            ?? (SyntaxNode?)name.FirstAncestorOrSelf<MemberDeclarationSyntax>();
        if (scope is null) return false;
        foreach (var node in scope.DescendantNodesAndSelf())
        {
            if (node is not ExpressionSyntax expression) continue;
            var info = model.GetTypeInfo(expression, cancellationToken);
            if (GoogleProtobufTypes.IsProtoGenType(info.Type, protoGenMessage)
                || GoogleProtobufTypes.IsProtoGenType(info.ConvertedType, protoGenMessage))
            {
                return true;
            }
        }
        return false;
    }
}
