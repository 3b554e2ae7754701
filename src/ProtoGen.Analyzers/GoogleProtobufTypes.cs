using Microsoft.CodeAnalysis;

namespace ProtoGen.Analyzers;

/// <summary>The Google.Protobuf namespaces whose types ProtoGen has under its own names, and the mapping between them.</summary>
internal static class GoogleProtobufTypes
{
    private static readonly (string Google, string ProtoGen)[] Namespaces =
    {
        ("Google.Protobuf.WellKnownTypes", "ProtoGen.WellKnownTypes"),
        ("Google.Protobuf.Collections", "ProtoGen.Collections"),
        ("Google.Protobuf", "ProtoGen"),
    };

    /// <summary>The metadata name of ProtoGen's counterpart of a Google.Protobuf type (<c>ProtoGen.WellKnownTypes.Timestamp</c>,
    /// <c>ProtoGen.Collections.RepeatedField`1</c>), or null when the type is not in a mapped namespace.</summary>
    public static string? CounterpartMetadataName(INamedTypeSymbol type)
    {
        var outermost = type;
        var nesting = new List<string>();
        while (outermost.ContainingType is { } containing)
        {
            nesting.Insert(0, outermost.MetadataName);
            outermost = containing;
        }
        string ns = outermost.ContainingNamespace.ToDisplayString();
        foreach (var (google, protoGen) in Namespaces)
        {
            if (ns == google)
            {
                string name = protoGen + "." + outermost.MetadataName;
                return nesting.Count == 0 ? name : name + "+" + string.Join("+", nesting);
            }
        }
        return null;
    }

    /// <summary>Whether a type is one of ProtoGen's: its runtime's or a generated message (implements ProtoGen.IMessage).</summary>
    public static bool IsProtoGenType(ITypeSymbol? type, INamedTypeSymbol protoGenMessage)
    {
        if (type is null) return false;
        if (type.ContainingAssembly?.Name == "ProtoGen.Runtime") return true;
        foreach (var implemented in type.AllInterfaces)
        {
            if (SymbolEqualityComparer.Default.Equals(implemented, protoGenMessage)) return true;
        }
        return type is INamedTypeSymbol { IsGenericType: true } generic && generic.TypeArguments.Any(t => IsProtoGenType(t, protoGenMessage));
    }
}
