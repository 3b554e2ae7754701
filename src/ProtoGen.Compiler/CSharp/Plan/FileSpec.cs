using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>Every decision about one generated file that is not about a message: where its types go and which
/// top-level classes besides its messages it declares. The file's messages are planned one by one
/// (<see cref="MessageSpec"/>).</summary>
/// <param name="Namespace">The C# namespace of its types ("" for the global namespace).</param>
/// <param name="ReflectionClassName">The class holding its descriptor (CSharpNames.GetReflectionClassName).</param>
/// <param name="ExtensionClassName">The class holding its extension identifiers, or null when it declares none that
/// generated code can hold.</param>
/// <param name="Enums">Its top-level enums.</param>
/// <param name="Services">Its services (their stubs are written only when <see cref="ServiceStubs"/> asks for them).</param>
/// <param name="ServiceStubs">Which gRPC stubs are written: none when the compilation does not reference Grpc.Core.Api.</param>
internal sealed record FileSpec(
    FileModel File,
    string Namespace,
    string ReflectionClassName,
    string? ExtensionClassName,
    IReadOnlyList<EnumSpec> Enums,
    IReadOnlyList<ServiceSpec> Services,
    GrpcServices ServiceStubs)
{
    /// <summary>Qualified name of the reflection class, in the file's own code (which declares the alias of its
    /// namespace).</summary>
    public string QualifiedReflectionClassName =>
        (Namespace.Length == 0 ? "global::" : CSharpNames.OwnNamespaceAlias + "::") + ReflectionClassName;
}
