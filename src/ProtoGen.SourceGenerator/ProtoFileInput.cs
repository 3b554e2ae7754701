using ProtoGen.Compiler;

namespace ProtoGen.SourceGenerator;

/// <summary>One .proto file as the generator sees it: where it is, the path other files import it by, its text and its
/// emit settings. Value-equatable, so unchanged files stay cached.</summary>
internal sealed record ProtoFileInput(string FullPath, string ImportPath, string Text, EmitOptions Options);

/// <summary>What the generator needs to know about the compilation, reduced to values so it caches.</summary>
/// <param name="IsRuntime">The compilation is ProtoGen.Runtime itself, the only place the well-known types are emitted.</param>
/// <param name="HasGrpc">Grpc.Core.Api is referenced, so service stubs can be emitted.</param>
/// <param name="ImplementWriteBound">The referenced runtime (its netstandard2.0 build) declares
/// IMessage.CalculateWriteBound without a default body, so every message must implement it.</param>
internal sealed record CompilationFacts(bool IsRuntime, bool HasGrpc, bool ImplementWriteBound);
