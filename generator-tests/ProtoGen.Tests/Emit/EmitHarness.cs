using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using ProtoGen.Compiler;
using ProtoGen.Compiler.Model;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.Emit;

/// <summary>Emits C# for hand-built models, compiles it as a user project would (nullable on, every warning
/// level, zero warnings allowed) and loads it in a collectible context that shares ProtoGen.Runtime with the tests.</summary>
internal sealed class GeneratedAssembly : IDisposable
{
    private readonly Context _context;

    private GeneratedAssembly(Context context, Assembly assembly, IReadOnlyList<GeneratedFile> files)
    {
        _context = context;
        Assembly = assembly;
        Files = files;
    }

    public Assembly Assembly { get; }

    public IReadOnlyList<GeneratedFile> Files { get; }

    public string Source => string.Join("\n", Files.Select(f => f.Source));

    /// <summary>Emits every file (each with all the others as dependencies), compiles and loads them.</summary>
    public static GeneratedAssembly Compile(params FileModel[] files) => CompileWith(files);

    /// <summary>Emits <paramref name="files"/>; <paramref name="referenceOnly"/> (e.g. wrappers.proto) are dependencies
    /// whose types the runtime provides; <paramref name="extraSources"/> are compiled alongside (e.g. code that calls
    /// span-based APIs, which dynamic cannot); <paramref name="suppressed"/> diagnostics are tolerated.</summary>
    public static GeneratedAssembly CompileWith(FileModel[] files, FileModel[]? referenceOnly = null, EmitOptions? options = null,
        string[]? extraSources = null, string[]? suppressed = null)
    {
        var all = files.Concat(referenceOnly ?? Array.Empty<FileModel>()).ToArray();
        var generated = files.Select(f => ProtoCompiler.Emit(f, all.Where(d => d != f).ToEquatableArray(), options ?? EmitOptions.Default)).ToList();
        var compilation = Compilations.Create(generated.Select(g => g.Source).Concat(extraSources ?? Array.Empty<string>()), "Emitted" + Guid.NewGuid().ToString("N"));
        // As a project with GenerateDocumentationFile: doc comments are checked (malformed XML would warn).
        compilation = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(compilation.SyntaxTrees.Select(tree =>
            tree.WithRootAndOptions(tree.GetRoot(), ((Microsoft.CodeAnalysis.CSharp.CSharpParseOptions)tree.Options).WithDocumentationMode(DocumentationMode.Diagnose))));
        // Assembly-version unification notes (a user's project on a newer framework than a referenced build of the
        // runtime): the .NET SDK suppresses these by default, so these compilations do too.
        compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        }.Concat((suppressed ?? Array.Empty<string>()).Select(id => new KeyValuePair<string, ReportDiagnostic>(id, ReportDiagnostic.Suppress))).ToDictionary(p => p.Key, p => p.Value)));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        var problems = result.Diagnostics.Where(d => d.Severity > DiagnosticSeverity.Hidden).Select(d => d.ToString()).ToList();
        Assert.True(result.Success && problems.Count == 0,
            string.Join(Environment.NewLine, problems) + Environment.NewLine + Numbered(generated));
        stream.Position = 0;
        var context = new Context();
        return new GeneratedAssembly(context, context.LoadFromStream(stream), generated);
    }

    /// <summary>A new instance of a generated message, by C# full name (nested types with '+').</summary>
    public dynamic New(string typeName) => Activator.CreateInstance(Type(typeName))!;

    public Type Type(string typeName) =>
        Assembly.GetType(typeName) ?? throw new InvalidOperationException($"No type {typeName}; types: {string.Join(", ", Assembly.GetTypes().Select(t => t.FullName))}");

    /// <summary>Parses bytes with the message's static Parser.</summary>
    public dynamic Parse(string typeName, byte[] bytes)
    {
        dynamic parser = Type(typeName).GetProperty("Parser")!.GetValue(null)!;
        return parser.ParseFrom(bytes);
    }

    /// <summary>A message's encoding, for a receiver typed <c>dynamic</c> (which does not bind extension methods such as
    /// <c>ToByteArray()</c>).</summary>
    public static byte[] Bytes(object message) => ((IMessage)message).ToByteArray();

    /// <summary>Merges the rest of <paramref name="input"/> into a message typed <c>dynamic</c>.</summary>
    public static void MergeFrom(object message, Stream input) => ((IMessage)message).MergeFrom(input);

    /// <summary>The value of a generated enum member, by C# names.</summary>
    public object Enum(string typeName, string member) => System.Enum.Parse(Type(typeName), member);

    public void Dispose() => _context.Unload();

    private static string Numbered(IEnumerable<GeneratedFile> files) =>
        string.Join("\n", files.SelectMany(f => f.Source.Split('\n').Select((line, i) => $"{i + 1,4}: {line}")));

    private sealed class Context : AssemblyLoadContext
    {
        public Context() : base(isCollectible: true)
        {
        }

        // Everything else, ProtoGen.Runtime included, resolves to the test's own copy so types are shared.
        protected override Assembly? Load(AssemblyName assemblyName) => null;
    }
}

/// <summary>Expected bytes written field by field with Google.Protobuf's CodedOutputStream (version 3.25.1).</summary>
internal static class Oracle
{
    public static byte[] Bytes(Action<global::Google.Protobuf.CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        var output = new global::Google.Protobuf.CodedOutputStream(stream);
        write(output);
        output.Flush();
        return stream.ToArray();
    }

    /// <summary>A length-delimited sub-message: the tag, then the inner bytes with their length.</summary>
    public static void Message(this global::Google.Protobuf.CodedOutputStream output, int field, byte[] inner)
    {
        output.WriteTag(field, global::Google.Protobuf.WireFormat.WireType.LengthDelimited);
        output.WriteBytes(global::Google.Protobuf.ByteString.CopyFrom(inner));
    }

    public static void Tag(this global::Google.Protobuf.CodedOutputStream output, int field, global::Google.Protobuf.WireFormat.WireType type) =>
        output.WriteTag(field, type);
}
