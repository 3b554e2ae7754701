using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;
using ProtoGen.Compiler.WellKnownTypes;

namespace ProtoGen.Compiler.Binding;

/// <summary>
/// Builds the model of one file as protoc's DescriptorBuilder would: its imports first (depth first, each file once,
/// a file with errors left out of the pool as protoc leaves it out), then its own symbols, names and validation.
/// </summary>
public static class Binder
{
    public static BindResult Bind(string path, IReadOnlyDictionary<string, ParsedFile> files, bool checkCSharp = true)
    {
        try
        {
            return new BindSession(files, checkCSharp).BindRoot(path ?? string.Empty);
        }
        catch (Exception exception)
        {
            var diagnostic = DiagnosticCatalog.InternalError.Create(path ?? string.Empty, SourceSpan.Empty, exception.GetType().Name + ": " + exception.Message);
            return new BindResult(null, EquatableArray<FileModel>.Empty, new[] { diagnostic }.ToEquatableArray());
        }
    }
}

internal sealed class BindSession
{
    private readonly IReadOnlyDictionary<string, ParsedFile> _files;
    private readonly Dictionary<string, FileState> _states = new(StringComparer.Ordinal);
    private readonly List<string> _stack = new();

    public BindSession(IReadOnlyDictionary<string, ParsedFile> files, bool checkCSharp)
    {
        _files = files ?? new Dictionary<string, ParsedFile>();
        ChecksCSharp = checkCSharp;
    }

    /// <summary>Whether each file is also checked for what its C# needs (CSharpChecks): on when binding for code
    /// generation, off when only protoc's rules are wanted (tests that compare with protoc's descriptors).</summary>
    public bool ChecksCSharp { get; }

    public SymbolTable Table { get; } = new();

    public BindResult BindRoot(string path)
    {
        var root = Visit(path);
        if (root is null)
        {
            var missing = DiagnosticCatalog.ImportNotFound.Create(path, SourceSpan.Empty, path);
            return new BindResult(null, EquatableArray<FileModel>.Empty, new[] { missing }.ToEquatableArray());
        }

        // Every file reachable through imports, each once, in the order they were built (dependencies first).
        var reachable = new List<FileModel>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Collect(FileState state)
        {
            foreach (var import in state.Parsed.Root.Members.OfType<ImportNode>())
            {
                if (!_states.TryGetValue(import.Path, out var dependency) || !seen.Add(import.Path)) continue;
                Collect(dependency);
                if (dependency.Model is not null && dependency != root) reachable.Add(dependency.Model);
            }
        }
        seen.Add(root.Path);
        Collect(root);

        return new BindResult(root.Succeeded ? root.Model : null, reachable.ToEquatableArray(), root.Diagnostics.ToEquatableArray());
    }

    /// <summary>Whether <paramref name="path"/> is one of the files given to the binder (listed in the project or from
    /// a referenced assembly), rather than a well-known type resolved from the embedded sources.</summary>
    public bool IsListed(string path) => _files.ContainsKey(path);

    private ParsedFile? Load(string path)
    {
        if (_files.TryGetValue(path, out var parsed)) return parsed;
        return WellKnownTypeSources.GetParsed(path);
    }

    /// <summary>Builds a file after its imports; null when it does not exist.</summary>
    private FileState? Visit(string path)
    {
        if (_states.TryGetValue(path, out var done)) return done;
        var parsed = Load(path);
        if (parsed is null) return null;

        var state = new FileState(parsed);
        _states[path] = state;
        if (parsed.HasErrors)
        {
            // protoc does not build a file it could not parse.
            state.Diagnostics.AddRange(parsed.Diagnostics);
            return state;
        }
        state.Diagnostics.AddRange(parsed.Diagnostics);

        _stack.Add(path);
        var binder = new FileBinder(this, state);
        foreach (var import in parsed.Root.Members.OfType<ImportNode>())
        {
            int cycleStart = _stack.IndexOf(import.Path);
            if (cycleStart >= 0)
            {
                var cycle = string.Join(" -> ", _stack.Skip(cycleStart).Concat(new[] { import.Path }));
                binder.Report(DiagnosticCatalog.ImportCycle, import.PathSpan, cycle);
                continue;
            }
            var dependency = Visit(import.Path);
            if (dependency is null || !dependency.Succeeded)
            {
                binder.Report(DiagnosticCatalog.ImportNotFound, import.PathSpan, import.Path);
                continue;
            }
            if (import.IsOption)
            {
                state.OptionDependencies.Add(dependency);
                continue;
            }
            state.BuiltDependencies.Add(dependency);
            if (import.IsPublic) state.PublicDependencies.Add(dependency);
        }
        _stack.RemoveAt(_stack.Count - 1);

        binder.Build();
        return state;
    }
}
