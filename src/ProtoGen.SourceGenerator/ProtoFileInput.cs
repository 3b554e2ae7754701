using ProtoGen.Compiler;

namespace ProtoGen.SourceGenerator;

/// <summary>One .proto file as the generator sees it: where it is, the path other files import it by, its text, its
/// emit settings and whether it is generated at all (false for import-only files: ProtoGenerate="false" metadata, or
/// found in an import directory). Value-equatable, so unchanged files stay cached.</summary>
internal sealed record ProtoFileInput(string FullPath, string ImportPath, string Text, EmitOptions Options, bool Generate = true);

/// <summary>What the generator needs to know about the compilation, reduced to values so it caches.</summary>
/// <param name="IsRuntime">The compilation is ProtoGen.Runtime itself, the only place the well-known types are emitted.</param>
/// <param name="HasGrpc">Grpc.Core.Api is referenced, so service stubs can be emitted.</param>
/// <param name="DownLevel">The compilation references the runtime's netstandard2.0 build (its IMessage.CalculateWriteBound
/// has no default body) or a BCL without BitConverter.SingleToInt32Bits: see <see cref="EmitOptions.DownLevel"/>.</param>
/// <param name="CanMark">The runtime defines GeneratedProtoFileAttribute, so the generated files can be marked.</param>
/// <param name="LanguageVersion">The project's C# version as a number (7.3 -> 703, 9 -> 900), which decides whether the
/// generated code compiles at all.</param>
/// <param name="HasGoogleProtobuf">The compilation references Google.Protobuf (every grpc-dotnet server does): generated
/// files then also expose Google.Protobuf descriptors, which grpc-dotnet's reflection service reads.</param>
internal sealed record CompilationFacts(bool IsRuntime, bool HasGrpc, bool DownLevel, bool CanMark, int LanguageVersion, bool HasGoogleProtobuf = false);
