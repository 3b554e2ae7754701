using ProtoGen.Compiler.Breaking;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Tests.Breaking;

/// <summary>Checks a set of current files against a baseline, as the source generator does for each file.</summary>
internal static class BreakingHarness
{
    public const string BaselinePath = "baseline.binpb";

    /// <summary>The baseline as the binder models the files (the reader's own tests compare it with protoc's bytes).</summary>
    public static BaselineSet FromSources(IReadOnlyDictionary<string, string> files)
    {
        var parsed = files.ToDictionary(f => f.Key, f => ProtoCompiler.Parse(f.Key, f.Value));
        var models = files.Keys.Select(path =>
        {
            var result = ProtoCompiler.Bind(path, parsed);
            Assert.True(!result.HasErrors && result.File is not null, "baseline does not compile:\n" + string.Join("\n", result.Diagnostics));
            return result.File!;
        });
        return new BaselineSet(models.ToEquatableArray(), EquatableArray<string>.Empty);
    }

    public static List<ProtoDiagnostic> Check(BaselineSet baseline, IReadOnlyDictionary<string, string> files)
    {
        var parsed = files.ToDictionary(f => f.Key, f => ProtoCompiler.Parse(f.Key, f.Value));
        var diagnostics = new List<ProtoDiagnostic>();
        foreach (var path in files.Keys.OrderBy(p => p, StringComparer.Ordinal))
        {
            var result = ProtoCompiler.Bind(path, parsed);
            Assert.True(!result.HasErrors && result.File is not null, "current file does not compile:\n" + string.Join("\n", result.Diagnostics));
            diagnostics.AddRange(BreakingChecker.CheckFile(result.File!, result.Dependencies, parsed[path], baseline));
        }
        diagnostics.AddRange(BreakingChecker.CheckDeletedFiles(baseline, files.Keys, BaselinePath));
        return diagnostics;
    }

    public static List<ProtoDiagnostic> Check(string before, string after) =>
        Check(FromSources(new Dictionary<string, string> { ["test.proto"] = before }), new Dictionary<string, string> { ["test.proto"] = after });
}
