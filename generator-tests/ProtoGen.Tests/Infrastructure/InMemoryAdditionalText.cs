using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ProtoGen.Tests.Infrastructure;

/// <summary>An AdditionalFile held in memory, as MSBuild would hand a .proto to the generator.</summary>
public sealed class InMemoryAdditionalText(string path, string text) : AdditionalText
{
    private readonly SourceText _text = SourceText.From(text);

    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
