using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ProtoGen.Compiler.Breaking;

namespace ProtoGen.SourceGenerator;

/// <summary>
/// Finds the breaking-change baseline among the AdditionalFiles: the item that build/ProtoGen.props adds for the
/// <c>ProtoBaseline</c> property, a base64 copy of the descriptor set (generators receive additional files as text,
/// which cannot carry binary data), whose <c>ProtoBaseline</c> metadata names the file the project set.
/// </summary>
internal static class BaselineFileReader
{
    private const string BaselineKey = "build_metadata.AdditionalFiles.ProtoBaseline";

    /// <summary>What the build step writes instead of base64 when the file the project names does not exist.</summary>
    private const string MissingMarker = "!missing";

    /// <summary>The baseline read from this file, or null when the file is not the baseline.</summary>
    public static LoadedBaseline? Read(AdditionalText file, AnalyzerConfigOptionsProvider optionsProvider, CancellationToken cancellationToken)
    {
        if (!optionsProvider.GetOptions(file).TryGetValue(BaselineKey, out var baselinePath) || string.IsNullOrWhiteSpace(baselinePath))
        {
            return null;
        }
        var text = file.GetText(cancellationToken)?.ToString();
        if (text is null || text.Trim() == MissingMarker)
        {
            return BaselineLoader.Missing(baselinePath);
        }
        return BaselineLoader.FromBase64(baselinePath, text);
    }
}
