using System.Text;

namespace ProtoGen.Compiler.Binding;

/// <summary>The names protoc derives from declared names.</summary>
public static class NameRules
{
    /// <summary>protoc's ToJsonName: underscores removed, the letter after each one upper-cased.</summary>
    public static string ToJsonName(string name)
    {
        var builder = new StringBuilder(name.Length);
        bool capitalizeNext = false;
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

    /// <summary>protoc's MapEntryName: the field name in CamelCase followed by "Entry".</summary>
    public static string MapEntryName(string fieldName)
    {
        var builder = new StringBuilder(fieldName.Length + 5);
        bool capitalizeNext = true;
        foreach (char c in fieldName)
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
        return builder.Append("Entry").ToString();
    }

    /// <summary>Joins a scope and a name: <c>pkg.Outer</c> + <c>Inner</c>.</summary>
    public static string Qualify(string scope, string name) => scope.Length == 0 ? name : scope + "." + name;
}
