using System.Globalization;

namespace ProtoGen.Compiler.CSharp;

/// <summary>Writes a C# enum for a .proto enum from its <see cref="EnumSpec"/>. C# enums hold any int, so open-enum
/// values unknown to this version survive parsing and writing unchanged.</summary>
internal static class EnumEmitter
{
    /// <param name="access">The enum's accessibility: the file's top-level access, or public when nested.</param>
    public static void Emit(CodeWriter w, EnumSpec spec, string access = "public")
    {
        DocComments.WriteDocsAndAttributes(w, spec.Enum.Comments, spec.Enum.Options);
        DocComments.WriteGeneratedCode(w);
        w.Open(access + " enum " + spec.TypeName);
        foreach (var value in spec.Values)
        {
            DocComments.WriteDocsAndAttributes(w, value.Value.Comments, value.Value.Options);
            w.Line($"{value.MemberName} = {value.Value.Number.ToString(CultureInfo.InvariantCulture)},");
        }
        w.Close();
    }
}
