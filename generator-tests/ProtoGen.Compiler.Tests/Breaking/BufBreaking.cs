using System.Text.Json;
using ProtoGen.Compiler.Breaking;
using ProtoGen.Compiler.Diagnostics;

namespace ProtoGen.Compiler.Tests.Breaking;

/// <summary>Running <c>buf breaking</c> and comparing its findings with ProtoGen's.</summary>
internal static class BufBreaking
{
    /// <summary>buf's configuration: the rules ProtoGen implements (WIRE_JSON plus the FILE deletions and enum openness).</summary>
    public const string BufYaml = """
        version: v2
        breaking:
          use:
            - WIRE_JSON
            - ENUM_SAME_TYPE
            - MESSAGE_NO_DELETE
            - ENUM_NO_DELETE
            - SERVICE_NO_DELETE
            - RPC_NO_DELETE
            - FILE_NO_DELETE
        """;

    public sealed record Finding(string Rule, string Path, int? Line, string Message)
    {
        public override string ToString() => $"{Rule} {Path}:{Line?.ToString() ?? "-"} {Message}";
    }

    public static Finding ToFinding(ProtoDiagnostic diagnostic)
    {
        var rule = BreakingRules.BufRuleOf(diagnostic.Code) ?? diagnostic.Code;
        // FILE_NO_DELETE is reported against the baseline; its message names the deleted file, which buf reports as the path.
        var path = diagnostic.Code == DiagnosticCatalog.FileDeleted.Code ? diagnostic.Message.Split('"')[1] : diagnostic.FilePath;
        return new Finding(rule, path, diagnostic.Span.StartPosition.Line + 1, diagnostic.Message);
    }

    public static List<Finding> ParseFindings(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line =>
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                int? lineNumber = root.TryGetProperty("start_line", out var start) && start.GetInt32() > 0 ? start.GetInt32() : null;
                var message = root.GetProperty("message").GetString()!;
                // FILE_NO_DELETE has no path (the file is gone); its message names it.
                var path = root.TryGetProperty("path", out var value) ? value.GetString()! : message.Split('"')[1];
                return new Finding(root.GetProperty("type").GetString()!, path, lineNumber, message);
            })
            .ToList();

    /// <summary>Each of buf's findings matches one of ours by rule, file and (when buf gives one) line; none is left over.</summary>
    public static void AssertSameFindings(List<Finding> buf, List<Finding> ours)
    {
        var unmatched = new List<Finding>(ours);
        var missing = new List<Finding>();
        foreach (var finding in buf.OrderBy(f => f.Line is null))
        {
            var match = unmatched.FirstOrDefault(o => o.Rule == finding.Rule && o.Path == finding.Path && (finding.Line is null || o.Line == finding.Line));
            if (match is null) missing.Add(finding);
            else unmatched.Remove(match);
        }
        Assert.True(missing.Count == 0 && unmatched.Count == 0,
            "buf found, ProtoGen did not:\n  " + string.Join("\n  ", missing) + "\nProtoGen found, buf did not:\n  " + string.Join("\n  ", unmatched));
    }

    public static string WriteModule(string root, string name, Dictionary<string, string> files)
    {
        var directory = Path.Combine(root, name);
        foreach (var (path, text) in files.Append(new("buf.yaml", BufYaml)))
        {
            var file = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
        return directory;
    }
}
