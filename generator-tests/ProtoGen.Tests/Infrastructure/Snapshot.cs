using System.Runtime.CompilerServices;

namespace ProtoGen.Tests.Infrastructure;

/// <summary>
/// Snapshot assertions with Verify's file conventions: the expected text is committed as <c>NAME.verified.cs</c> next to
/// the test; a mismatch writes <c>NAME.received.cs</c> (git-ignored) and fails. Set PROTOGEN_ACCEPT_SNAPSHOTS=1 to
/// accept the received text instead (review the diff before committing).
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "PROTOGEN_ACCEPT_SNAPSHOTS";

    // Generated code names the generator's version in its GeneratedCode attributes; snapshots hold this token instead,
    // so that a version bump (src/Directory.Build.props) does not rewrite every snapshot.
    private const string VersionToken = "{ProtoGen version}";
    private static readonly string GeneratedCodeVersion =
        $"GeneratedCode(\"ProtoGen\", \"{typeof(ProtoGen.Compiler.ProtoCompiler).Assembly.GetName().Version}\")";

    public static void Match(string actual, string name, string extension = "cs", [CallerFilePath] string testFile = "")
    {
        var directory = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots");
        Directory.CreateDirectory(directory);
        var verified = Path.Combine(directory, $"{name}.verified.{extension}");
        var received = Path.Combine(directory, $"{name}.received.{extension}");
        var normalized = actual.Replace("\r\n", "\n").Replace(GeneratedCodeVersion, $"GeneratedCode(\"ProtoGen\", \"{VersionToken}\")");

        if (File.Exists(verified) && File.ReadAllText(verified).Replace("\r\n", "\n") == normalized)
        {
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verified, normalized);
            if (File.Exists(received)) File.Delete(received);
            return;
        }

        File.WriteAllText(received, normalized);
        Assert.Fail(File.Exists(verified)
            ? $"Snapshot {name} differs from {verified}. The new text is in {received}; run with {AcceptVariable}=1 to accept it."
            : $"No snapshot {verified} yet. The text is in {received}; run with {AcceptVariable}=1 to accept it.");
    }
}
