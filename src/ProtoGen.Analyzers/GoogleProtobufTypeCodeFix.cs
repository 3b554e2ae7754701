using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace ProtoGen.Analyzers;

/// <summary>Rewrites a name flagged by PG0701 to ProtoGen's type of the same name (type arguments kept), simplified
/// as far as the file's usings allow.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(GoogleProtobufTypeCodeFix)), Shared]
public sealed class GoogleProtobufTypeCodeFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(GoogleProtobufTypeAnalyzer.DiagnosticId);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null) return;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!diagnostic.Properties.TryGetValue(GoogleProtobufTypeAnalyzer.CounterpartKey, out var counterpart) || counterpart is null) continue;
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax name
                || name is not (NameSyntax or MemberAccessExpressionSyntax)) continue;
            string title = "Use " + counterpart.Replace('+', '.').Split('`')[0];
            context.RegisterCodeFix(
                CodeAction.Create(title, token => ReplaceAsync(context.Document, name, counterpart, token), equivalenceKey: nameof(GoogleProtobufTypeCodeFix)),
                diagnostic);
        }
    }

    private static async Task<Document> ReplaceAsync(Document document, ExpressionSyntax name, string counterpartMetadataName, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null) return document;
        // "ProtoGen.Collections.RepeatedField`1" -> global::ProtoGen.Collections.RepeatedField, then the written type arguments.
        string qualified = "global::" + System.Text.RegularExpressions.Regex.Replace(counterpartMetadataName.Replace('+', '.'), "`[0-9]+", "");
        var replacement = SyntaxFactory.ParseName(qualified);
        if (Rightmost(name) is GenericNameSyntax generic && Rightmost(replacement) is IdentifierNameSyntax last)
        {
            var withArguments = SyntaxFactory.GenericName(last.Identifier, generic.TypeArgumentList);
            replacement = replacement.ReplaceNode(last, withArguments);
        }
        replacement = replacement.WithTriviaFrom(name).WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(name, replacement));
    }

    private static SimpleNameSyntax Rightmost(ExpressionSyntax name) => name switch
    {
        QualifiedNameSyntax qualified => qualified.Right,
        AliasQualifiedNameSyntax alias => alias.Name,
        MemberAccessExpressionSyntax access => access.Name,
        _ => (SimpleNameSyntax)name,
    };
}
