// PLACEHOLDER: replaced by the binding work.
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

public static class Binder
{
    public static BindResult Bind(string path, IReadOnlyDictionary<string, ParsedFile> files) => throw new NotImplementedException();
}
