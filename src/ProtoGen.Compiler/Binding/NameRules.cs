using System.Text;

namespace ProtoGen.Compiler.Binding;

/// <summary>The names protoc derives from declared names.</summary>
public static class NameRules
{
    /// <summary>protoc's ToJsonName: underscores removed, the letter after each one upper-cased.</summary>
    public static string ToJsonName(string name) => RemoveUnderscores(name, capitalizeFirst: false);

    /// <summary>protoc's MapEntryName: the field name in CamelCase followed by "Entry".</summary>
    public static string MapEntryName(string fieldName) => RemoveUnderscores(fieldName, capitalizeFirst: true) + "Entry";

    private static string RemoveUnderscores(string name, bool capitalizeFirst)
    {
        var builder = new StringBuilder(name.Length + 5);
        bool capitalizeNext = capitalizeFirst;
        foreach (char c in name)
        {
            if (c == '_')
            {
                capitalizeNext = true;
            }
            else if (capitalizeNext)
            {
                builder.Append(c >= 'a' && c <= 'z' ? (char)(c - 'a' + 'A') : c);
                capitalizeNext = false;
            }
            else
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    /// <summary>Joins a scope and a name: <c>pkg.Outer</c> + <c>Inner</c>.</summary>
    public static string Qualify(string scope, string name) => scope.Length == 0 ? name : scope + "." + name;
}
