using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using ProtoGen.Analyzers;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Migration;

/// <summary>PG0701 and its code fix: Google.Protobuf types left in code moved from Grpc.Tools, where they meet
/// ProtoGen's messages, are flagged and rewritten to ProtoGen's; Google.Protobuf used on its own is left alone.</summary>
public sealed class GoogleProtobufTypeAnalyzerTests
{
    private const string Proto = """
        syntax = "proto3";
        package shop;
        import "google/protobuf/timestamp.proto";
        message Item {
          google.protobuf.Timestamp created_at = 1;
          bytes data = 2;
        }
        """;

    private const string MigratedCode = """
        using Google.Protobuf;
        using Google.Protobuf.WellKnownTypes;

        namespace User
        {
            public static class Migrated
            {
                public static void Fill(Shop.Item item, System.DateTime now, byte[] raw)
                {
                    item.CreatedAt = Timestamp.FromDateTime(now);
                    item.Data = ByteString.CopyFrom(raw);
                    item.CreatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTime(now);
                }

                public static Any Unrelated() => Any.Pack(new Empty());
            }
        }
        """;

    [Fact]
    public void Flags_Google_types_where_they_meet_ProtoGen_messages_and_nowhere_else()
    {
        var compilation = UserCompilation();

        var diagnostics = Analyze(compilation);

        var flagged = diagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)).ToList();
        Assert.Equal(["Timestamp", "ByteString", "Google.Protobuf.WellKnownTypes.Timestamp"], flagged);
        Assert.All(diagnostics, d => Assert.Equal(GoogleProtobufTypeAnalyzer.DiagnosticId, d.Id));
        Assert.Contains("'ProtoGen.WellKnownTypes.Timestamp'", diagnostics[0].GetMessage());
    }

    [Fact]
    public void Reports_nothing_in_a_project_without_ProtoGen()
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Plain",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText("using Google.Protobuf; static class C { static ByteString B() => ByteString.Empty; }")],
            UserCompilation().References.Where(r => r.Display is { } path && !path.Contains("ProtoGen.Runtime", StringComparison.Ordinal)));

        Assert.Empty(Analyze(compilation));
    }

    [Fact]
    public async Task Code_fix_rewrites_every_flagged_name_and_the_project_compiles()
    {
        var compilation = UserCompilation();
        Assert.Contains(compilation.GetDiagnostics(), d => d.Id == "CS0029");

        using var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Create(), "User", "User",
            LanguageNames.CSharp, compilationOptions: compilation.Options, parseOptions: compilation.SyntaxTrees.First().Options,
            metadataReferences: compilation.References));
        DocumentId? userDocument = null;
        foreach (var tree in compilation.SyntaxTrees)
        {
            var document = workspace.AddDocument(project.Id, Path.GetFileName(tree.FilePath) is { Length: > 0 } name ? name : "User.cs", tree.GetText());
            userDocument ??= document.Id;
        }

        var fix = new GoogleProtobufTypeCodeFix();
        for (int round = 0; round < 10; round++)
        {
            var current = workspace.CurrentSolution.GetDocument(userDocument!)!;
            var diagnostics = Analyze((await current.Project.GetCompilationAsync())!);
            if (diagnostics.Count == 0) break;
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(current, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
            await fix.RegisterCodeFixesAsync(context);
            var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            Assert.True(workspace.TryApplyChanges(operations.OfType<ApplyChangesOperation>().Single().ChangedSolution));
        }

        var fixedDocument = workspace.CurrentSolution.GetDocument(userDocument!)!;
        var text = (await fixedDocument.GetTextAsync()).ToString();
        var fixedCompilation = (await fixedDocument.Project.GetCompilationAsync())!;
        Assert.Empty(Analyze(fixedCompilation));
        Assert.Empty(fixedCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Contains("item.CreatedAt = ProtoGen.WellKnownTypes.Timestamp.FromDateTime(now);", text);
        Assert.Contains("item.Data = ProtoGen.ByteString.CopyFrom(raw);", text);
        Assert.Contains("public static Any Unrelated() => Any.Pack(new Empty());", text);
    }

    /// <summary>The migrated user code with the generated messages, referencing Google.Protobuf as a grpc-dotnet server does.</summary>
    private static Compilation UserCompilation()
    {
        var run = new GeneratorHarness(MigratedCode).SetProto("shop.proto", Proto).Run();
        Assert.Empty(run.Diagnostics);
        return run.OutputCompilation.AddReferences(MetadataReference.CreateFromFile(typeof(global::Google.Protobuf.ByteString).Assembly.Location));
    }

    private static List<Diagnostic> Analyze(Compilation compilation) =>
        compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new GoogleProtobufTypeAnalyzer()))
            .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult()
            .OrderBy(d => d.Location.SourceSpan.Start)
            .ToList();
}
