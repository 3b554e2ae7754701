using System.Diagnostics;

namespace ProtoGen.TestSupport;

/// <summary>Runs the protoc of the Grpc.Tools package (restored by the projects that take the well-known types from it).
/// Shared by the test projects as a linked source file.</summary>
internal static class ProtocTool
{
    public sealed record Result(int ExitCode, string Output, string Error);

    private static readonly Lazy<(string Exe, string Include)> Location = new(Find);

    /// <summary>The package's include folder: google/protobuf/*.proto.</summary>
    public static string Include => Location.Value.Include;

    private static (string Exe, string Include) Find()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var toolDirectory = Directory.GetDirectories(Path.Combine(packages, "grpc.tools")).OrderByDescending(d => d, StringComparer.Ordinal).First();
        string platform = OperatingSystem.IsWindows() ? "windows_x64" : OperatingSystem.IsMacOS() ? "macosx_x64" : "linux_x64";
        var exe = Path.Combine(toolDirectory, "tools", platform, OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(exe, File.GetUnixFileMode(exe) | UnixFileMode.UserExecute);
        return (exe, Path.Combine(toolDirectory, "build", "native", "include"));
    }

    /// <summary>The bytes of <c>protoc --include_imports --include_source_info --retain_options --descriptor_set_out</c> for one
    /// file (source-retention options kept, as plugins get them in source_file_descriptors).</summary>
    public static byte[] CompileToDescriptorSet(string path, Dictionary<string, string> sources)
    {
        using var directory = TempDirectory.With(sources);
        var set = Path.Combine(directory.Path, "set.pb");
        var result = Run("-I" + directory.Path, "-I" + Include, "--include_imports", "--include_source_info", "--retain_options", "--descriptor_set_out=" + set, path);
        Assert.True(result.ExitCode == 0, "protoc failed: " + result.Error);
        return File.ReadAllBytes(set);
    }

    /// <summary>The serialized FileDescriptorProto of one file as <c>protoc --descriptor_set_out</c> writes it by default
    /// (no source info, source-retention options stripped): the bytes embedded descriptors must equal.</summary>
    public static byte[] CompileToFileDescriptor(string path, IReadOnlyDictionary<string, string> sources)
    {
        using var directory = TempDirectory.With(sources);
        var set = Path.Combine(directory.Path, "set.pb");
        var result = Run("-I" + directory.Path, "-I" + Include, "--descriptor_set_out=" + set, path);
        Assert.True(result.ExitCode == 0, "protoc failed: " + result.Error);
        // A FileDescriptorSet of one file: field 1, length-delimited, then the file's bytes.
        var bytes = File.ReadAllBytes(set);
        Assert.Equal(0x0A, bytes[0]);
        int position = 1, length = 0, shift = 0;
        while (true)
        {
            byte b = bytes[position++];
            length |= (b & 0x7F) << shift;
            shift += 7;
            if (b < 0x80) break;
        }
        Assert.Equal(bytes.Length, position + length);
        return bytes[position..];
    }

    public static Result Run(params string[] arguments) => Processes.Run(Location.Value.Exe, workingDirectory: null, arguments);
}

/// <summary>Runs a tool to its end, stdin closed, and returns its exit code and both outputs.</summary>
internal static class Processes
{
    public static ProtocTool.Result Run(string exe, string? workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(exe)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null) start.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return new ProtocTool.Result(process.ExitCode, output, error.Result);
    }
}

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "protogen-test-" + Guid.NewGuid().ToString("N"));

    public TempDirectory() => Directory.CreateDirectory(Path);

    /// <summary>A folder holding these files, by relative path.</summary>
    public static TempDirectory With(IReadOnlyDictionary<string, string> files)
    {
        var directory = new TempDirectory();
        foreach (var (name, text) in files)
        {
            var file = System.IO.Path.Combine(directory.Path, name);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
            File.WriteAllText(file, text);
        }
        return directory;
    }

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
