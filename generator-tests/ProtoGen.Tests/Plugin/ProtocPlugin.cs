using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Plugin;

/// <summary>Runs protoc with protoc-gen-protogen (built next to the tests, as the project reference copies it) and
/// collects what it wrote.</summary>
internal static class ProtocPlugin
{
    public sealed record Output(ProtocTool.Result Protoc, IReadOnlyDictionary<string, string> Files);

    public static string Executable =>
        Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "protoc-gen-protogen.exe" : "protoc-gen-protogen");

    /// <summary><c>protoc -I... --plugin=... --protogen_out=DIR [--protogen_opt=...] files</c>; generated files keyed by
    /// their path relative to DIR, with '/'.</summary>
    public static Output Run(IEnumerable<string> includes, IEnumerable<string> files, string? parameter = null)
    {
        using var output = new TempDirectory();
        var arguments = includes.Select(i => "-I" + i).ToList();
        arguments.Add("--plugin=protoc-gen-protogen=" + Executable);
        arguments.Add("--protogen_out=" + output.Path);
        if (parameter is not null) arguments.Add("--protogen_opt=" + parameter);
        arguments.AddRange(files);
        var result = ProtocTool.Run(arguments.ToArray());
        return new Output(result, ReadTree(output.Path));
    }

    /// <summary>Every file under a folder, keyed by its path relative to it, with '/'.</summary>
    public static IReadOnlyDictionary<string, string> ReadTree(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f).Replace('\\', '/'), File.ReadAllText);

    /// <summary>Same file names, identical text; except the source generator's assembly marks (ProtoGen.GeneratedFiles.g.cs),
    /// which record .proto source text that the plugin never sees (it gets descriptors).</summary>
    public static void AssertSameFiles(IReadOnlyDictionary<string, string> generator, IReadOnlyDictionary<string, string> plugin)
    {
        var generated = generator.Where(file => file.Key != "ProtoGen.GeneratedFiles.g.cs").ToDictionary(file => file.Key, file => file.Value);
        Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), plugin.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, text) in generated)
        {
            Assert.True(text == plugin[name], $"{name} differs between the source generator and the plugin.");
        }
    }

    /// <summary>Runs and asserts that protoc succeeded.</summary>
    public static IReadOnlyDictionary<string, string> Generate(IEnumerable<string> includes, IEnumerable<string> files, string? parameter = null)
    {
        var output = Run(includes, files, parameter);
        Assert.True(output.Protoc.ExitCode == 0, "protoc failed: " + output.Protoc.Error);
        return output.Files;
    }
}
