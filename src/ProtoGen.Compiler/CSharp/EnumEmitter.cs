using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>Writes a C# enum for a .proto enum. C# enums hold any int, so open-enum values unknown to this version
/// survive parsing and writing unchanged.</summary>
internal static class EnumEmitter
{
    /// <param name="access">The enum's accessibility: the file's top-level access, or public when nested.</param>
    public static void Emit(CodeWriter w, EnumModel enumModel, string access = "public")
    {
        var names = ValueNames(enumModel);
        DocComments.WriteDocsAndAttributes(w, enumModel.Comments, enumModel.Options);
        DocComments.WriteGeneratedCode(w);
        w.Open(access + " enum " + CSharpNames.Escape(enumModel.Name));
        foreach (var value in enumModel.Values)
        {
            DocComments.WriteDocsAndAttributes(w, value.Comments, value.Options);
            w.Line($"{names[value.Name]} = {value.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)},");
        }
        w.Close();
    }

    /// <summary>C# member name of each value, by .proto value name: protoc's GetEnumValueName, with '_' appended
    /// while a name repeats (prefix stripping can map two values to one name).</summary>
    public static Dictionary<string, string> ValueNames(EnumModel enumModel)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in enumModel.Values)
        {
            string name = CSharpNames.GetEnumValueName(enumModel.Name, value.Name);
            while (!used.Add(name)) name += "_";
            result[value.Name] = name;
        }
        return result;
    }
}
