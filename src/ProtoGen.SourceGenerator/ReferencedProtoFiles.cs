using Microsoft.CodeAnalysis;
using ProtoGen.Compiler.Model;

namespace ProtoGen.SourceGenerator;

/// <summary>One .proto file whose types a referenced assembly holds, as its <c>GeneratedProtoFileAttribute</c> mark
/// records it. Value-equatable: the set of marks is cached, and only a change of references re-parses them.</summary>
internal sealed record ReferencedProtoFile(string ImportPath, string? NamespaceOverride, string Source, string AssemblyName);

/// <summary>Reads the ProtoGen marks of a compilation's references (assembly attributes, read as metadata).</summary>
internal static class ReferencedProtoFiles
{
    private const string AttributeName = "GeneratedProtoFileAttribute";
    private const string AttributeNamespace = "ProtoGen";

    /// <summary>The metadata name of the mark, which the runtime defines; a compilation without it is not marked.</summary>
    public const string AttributeMetadataName = AttributeNamespace + "." + AttributeName;

    /// <summary>Every file marked in a referenced assembly, ordered by import path and then assembly name, so that the
    /// result is the same whatever the order of the references.</summary>
    public static EquatableArray<ReferencedProtoFile> Read(Compilation compilation, CancellationToken cancellationToken)
    {
        List<ReferencedProtoFile>? found = null;
        foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Only assemblies compiled against ProtoGen.Runtime can hold marks: the others are skipped before their
            // attributes are decoded.
            if (!ReferencesRuntime(assembly))
            {
                continue;
            }
            foreach (var attribute in assembly.GetAttributes())
            {
                if (TryRead(attribute, assembly.Identity.Name) is { } file)
                {
                    (found ??= new List<ReferencedProtoFile>()).Add(file);
                }
            }
        }
        return found is null
            ? EquatableArray<ReferencedProtoFile>.Empty
            : found.OrderBy(f => f.ImportPath, StringComparer.Ordinal).ThenBy(f => f.AssemblyName, StringComparer.Ordinal).ToEquatableArray();
    }

    private static bool ReferencesRuntime(IAssemblySymbol assembly)
    {
        foreach (var module in assembly.Modules)
        {
            foreach (var referenced in module.ReferencedAssemblies)
            {
                if (referenced.Name == "ProtoGen.Runtime") return true;
            }
        }
        return false;
    }

    private static ReferencedProtoFile? TryRead(AttributeData attribute, string assemblyName)
    {
        if (attribute.AttributeClass is not { Name: AttributeName, ContainingNamespace: { Name: AttributeNamespace, ContainingNamespace.IsGlobalNamespace: true } }
            || attribute.ConstructorArguments.Length != 3
            || attribute.ConstructorArguments[0].Value is not string importPath
            || attribute.ConstructorArguments[1].Value is not string namespaceOverride
            || attribute.ConstructorArguments[2].Value is not string source
            || importPath.Length == 0)
        {
            return null;
        }
        return new ReferencedProtoFile(importPath, namespaceOverride.Length == 0 ? null : namespaceOverride, source, assemblyName);
    }
}
