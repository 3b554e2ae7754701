// PLACEHOLDER: replaced by the emitter work.
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

public static class CSharpEmitter
{
    public static GeneratedFile Emit(FileModel file, EquatableArray<FileModel> dependencies, EmitOptions options) => throw new NotImplementedException();
}
