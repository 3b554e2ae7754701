using ProtoGen.Tests.Infrastructure;
using ProtoGen.TestSupport;

namespace ProtoGen.Tests.Plugin;

/// <summary>
/// buf (the npm package @bufbuild/buf, pinned below), installed into the repository's git-ignored <c>.tools/buf</c>:
/// <c>.ci/run</c> installs it before the tests; a plain <c>dotnet test</c> installs it on first use (npm must be on PATH).
/// </summary>
internal static class BufTool
{
    public const string Package = "@bufbuild/buf@1.75.0";

    private static readonly Lazy<string> Location = new(Install);

    public static string Executable => Location.Value;

    private static string Install()
    {
        var prefix = Path.Combine(RepositoryRoot.Path, ".tools", "buf");
        var exe = Path.Combine(prefix, "node_modules", ".bin", OperatingSystem.IsWindows() ? "buf.cmd" : "buf");
        if (File.Exists(exe)) return exe;
        Directory.CreateDirectory(prefix);
        var npm = Processes.Run(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", prefix, "install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", Package);
        Assert.True(npm.ExitCode == 0 && File.Exists(exe), $"npm could not install {Package}:\n{npm.Error}");
        return exe;
    }

    public static ProtocTool.Result Run(string workingDirectory, params string[] arguments) =>
        Processes.Run(Executable, workingDirectory, arguments);
}
