namespace ProtoGen.TestSupport;

/// <summary>
/// buf (the npm package @bufbuild/buf, pinned below), installed into the repository's git-ignored <c>.tools/buf</c>:
/// <c>.ci/run</c> installs it before the tests; a plain <c>dotnet test</c> installs it on first use (npm must be on PATH).
/// Shared by the test projects as a linked source file.
/// </summary>
internal static class BufTool
{
    public const string Package = "@bufbuild/buf@1.75.0";

    private static readonly Lazy<string> Location = new(Install);

    public static string Executable => Location.Value;

    private static string Install()
    {
        var prefix = Path.Combine(RepositoryRootOf(), ".tools", "buf");
        var exe = Path.Combine(prefix, "node_modules", ".bin", OperatingSystem.IsWindows() ? "buf.cmd" : "buf");
        if (File.Exists(exe)) return exe;
        Directory.CreateDirectory(prefix);
        var npm = Processes.Run(OperatingSystem.IsWindows() ? "npm.cmd" : "npm", prefix, "install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", Package);
        Assert.True(npm.ExitCode == 0 && File.Exists(exe), $"npm could not install {Package}:\n{npm.Error}");
        return exe;
    }

    public static ProtocTool.Result Run(string workingDirectory, params string[] arguments) =>
        Processes.Run(Executable, workingDirectory, arguments);

    private static string RepositoryRootOf([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "")
    {
        var directory = Path.GetDirectoryName(thisFile);
        while (directory is not null && !File.Exists(Path.Combine(directory, "ProtoGen.sln")))
        {
            directory = Path.GetDirectoryName(directory);
        }
        return directory ?? throw new InvalidOperationException("ProtoGen.sln not found above " + thisFile);
    }
}
