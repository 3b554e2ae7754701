using ProtoGen.Compiler.Diagnostics;

namespace ProtoGen.Compiler.Breaking;

/// <summary>The baseline as the build hands it to the generator, read once: its files, or the one diagnostic that says
/// why it cannot be read. Value-equatable, so the source generator re-checks nothing while the baseline is unchanged.</summary>
public sealed record LoadedBaseline(string Path, BaselineSet? Set, ProtoDiagnostic? Error);

public static class BaselineLoader
{
    /// <summary>Reads the baseline from the text the build step writes: the descriptor set's bytes in base64 (Roslyn
    /// hands additional files to generators as text, which cannot carry binary data). <paramref name="path"/> is the
    /// baseline file the project names, used in messages.</summary>
    public static LoadedBaseline FromBase64(string path, string text)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return Failed(path, "the build step's base64 copy of it is corrupt; rebuild to write it again");
        }
        return FromBytes(path, bytes);
    }

    /// <summary>Reads the baseline from its bytes (a binary FileDescriptorSet or buf image).</summary>
    public static LoadedBaseline FromBytes(string path, byte[] bytes)
    {
        try
        {
            return new LoadedBaseline(path, DescriptorSetReader.Read(bytes), null);
        }
        catch (BaselineFormatException exception)
        {
            return Failed(path, exception.Message);
        }
    }

    /// <summary>The project names a baseline file that does not exist.</summary>
    public static LoadedBaseline Missing(string path) => Failed(path, "the file does not exist (set ProtoBaseline to a descriptor set, or make one as docs/breaking-changes.md shows)");

    private static LoadedBaseline Failed(string path, string problem) =>
        new(path, null, DiagnosticCatalog.BaselineUnreadable.Create(path, SourceSpan.Empty, path, problem));
}
