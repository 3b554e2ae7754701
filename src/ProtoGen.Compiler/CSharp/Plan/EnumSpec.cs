using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>One value of an enum: its C# member and what ProtoJSON does with its name.</summary>
/// <param name="MemberName">The C# member: protoc's GetEnumValueName (the enum's name stripped as a prefix, SHOUTY_CASE
/// to PascalCase), with '_' appended while an earlier value of the enum took the same name.</param>
/// <param name="IsAlias">An earlier value has the same number (<c>allow_alias</c>): the C# enum declares both members
/// with one value, and ProtoJSON writes that number by the earlier name (it reads either).</param>
internal sealed record EnumValueSpec(EnumValueModel Value, string MemberName, bool IsAlias)
{
    /// <summary>The name ProtoJSON reads for the value, and writes unless the value is an alias: the .proto name.</summary>
    public string JsonName => Value.Name;
}

/// <summary>Every decision about one enum: the C# names of the type and of its values.</summary>
/// <param name="TypeName">The C# type name as declared (escaped if it is a keyword).</param>
/// <param name="Values">Its values in declaration order, aliases included.</param>
internal sealed record EnumSpec(EnumModel Enum, ProtoTypeInfo Info, string TypeName, IReadOnlyList<EnumValueSpec> Values)
{
    /// <summary><c>global::</c>-qualified name of the C# enum.</summary>
    public string CSharpName => Info.CSharpName;

    /// <summary>The C# member of the value named <paramref name="protoName"/> in the .proto, or null.</summary>
    public string? MemberOf(string protoName) => Values.FirstOrDefault(v => v.Value.Name == protoName)?.MemberName;

    /// <summary>The enum's default as a C# expression: its first value (zero in proto3, where the first value must be
    /// zero), or zero cast to the enum when it declares none.</summary>
    public string DefaultValue => Values.Count == 0 ? $"({CSharpName})0" : CSharpName + "." + Values[0].MemberName;

    /// <summary>The names ProtoJSON writes, one per number: each number's first declared value.</summary>
    public IEnumerable<EnumValueSpec> JsonWrittenValues => Values.Where(v => !v.IsAlias);
}
