using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Extensions: a typed identifier per <c>extend</c> field (in <c>{File}Extensions</c> for file-level ones, in the
/// declaring message's nested <c>Extensions</c> class otherwise), and the members a message with extension ranges gets
/// to hold their values (GetExtension/SetExtension/HasExtension/ClearExtension over a runtime ExtensionSet).
/// </summary>
internal static class ExtensionEmitter
{
    private const string ExtensionSet = "pg::ExtensionSet";
    private const string WireReader = "pgw::WireReader";
    private const string WireWriter = "pgw::WireWriter";

    /// <summary>The backing field of a message's extension values.</summary>
    public const string FieldName = "_extensions";

    /// <summary>Extensions this emitter can declare: not those whose target is a descriptor.proto options message
    /// (custom options; those types are generated only where descriptor.proto itself is), not wrapper-typed ones.</summary>
    public static IEnumerable<FieldModel> Declarable(IEnumerable<FieldModel> extensions, TypeIndex types, FileModel file) =>
        extensions.Where(e =>
            (file.Name == DescriptorProto || types.Get(e.Extendee!).Scope.File.Name != DescriptorProto) &&
            !(e.Type == FieldType.Message && ValueKind.For(e, types).IsWrapper));

    private const string DescriptorProto = "google/protobuf/descriptor.proto";

    /// <summary>Writes <c>{File}Extensions</c>: the file-level identifiers and <c>All</c>, every extension the file declares
    /// (nested ones too), ready for an ExtensionRegistry.</summary>
    public static void WriteFileClass(CodeWriter w, FileModel file, TypeIndex types)
    {
        var nested = new List<string>();
        foreach (var message in file.MessageTypes) CollectNested(message, types, file, nested);
        var topLevel = Declarable(file.Extensions, types, file).ToList();

        w.Line($"/// <summary>Extensions declared in {file.Name.Replace("&", "&amp;").Replace("<", "&lt;")}.</summary>");
        DocComments.WriteGeneratedCode(w);
        w.Open($"{types.TopLevelAccess} static partial class {CSharpNames.GetExtensionClassName(file)}");
        foreach (var extension in topLevel)
        {
            WriteIdentifier(w, extension, types, FeatureScope.Of(file), file.Package);
            w.Line();
        }
        w.Line("/// <summary>Every extension the file declares, to add to an ExtensionRegistry.</summary>");
        w.Line("public static global::System.Collections.Generic.IReadOnlyList<pg::Extension> All { get; } = new pg::Extension[]");
        w.Open();
        foreach (var extension in topLevel) w.Line(Name(extension) + ",");
        foreach (var name in nested) w.Line(name + ",");
        w.Close(";");
        w.Close();
    }

    /// <summary>Whether the file declares extensions this emitter writes (so it gets a <c>{File}Extensions</c> class).</summary>
    public static bool HasFileClass(FileModel file, TypeIndex types)
    {
        var nested = new List<string>();
        foreach (var message in file.MessageTypes) CollectNested(message, types, file, nested);
        return nested.Count != 0 || Declarable(file.Extensions, types, file).Any();
    }

    private static void CollectNested(MessageModel message, TypeIndex types, FileModel file, List<string> names)
    {
        string container = types.Get(message.FullName).CSharpName + ".Extensions.";
        foreach (var extension in Declarable(message.Extensions, types, file)) names.Add(container + Name(extension));
        foreach (var nested in message.NestedTypes) CollectNested(nested, types, file, names);
    }

    /// <summary>Writes a message's nested <c>Extensions</c> class, when it declares extensions.</summary>
    public static void WriteMessageClass(CodeWriter w, MessageContext message)
    {
        var extensions = Declarable(message.Message.Extensions, message.Types, message.File).ToList();
        if (extensions.Count == 0) return;
        w.Line();
        w.Line($"/// <summary>Extensions declared in the {message.Message.Name} message type.</summary>");
        DocComments.WriteGeneratedCode(w);
        w.Open("public static partial class Extensions");
        for (int i = 0; i < extensions.Count; i++)
        {
            if (i > 0) w.Line();
            WriteIdentifier(w, extensions[i], message.Types, message.Info.Scope, message.Message.FullName.TrimStart('.'));
        }
        w.Close();
    }

    private static string Name(FieldModel extension) => CSharpNames.Escape(CSharpNames.UnderscoresToPascalCase(CSharpNames.GetFieldName(extension)));

    // One static identifier: the field number, the value's wire type and default, and its read/size/write code.
    private static void WriteIdentifier(CodeWriter w, FieldModel extension, TypeIndex types, FeatureScope scope, string parentName)
    {
        string fullName = parentName.Length == 0 ? extension.Name : parentName + "." + extension.Name;
        var kind = ValueKind.For(extension, types, EditionFeatures.IsDelimited(extension, scope), EditionFeatures.ValidatesUtf8(extension, scope));
        string target = types.Get(extension.Extendee!).CSharpName;
        string name = Name(extension);
        string value = kind.ElementType;
        string existing = kind.IsReferenceType ? types.MaybeNull(value) : value;
        bool repeated = extension.Label == FieldLabel.Repeated;
        string wireType = "pgw::WireType." + kind.WireType;

        if (!repeated && DefaultValues.NeedsStaticField(extension, kind)) DefaultValues.WriteStaticField(w, extension, name);
        w.Line($"/// <summary>Extension \"{extension.Name}\" (field {extension.Number}) of <see cref=\"{types.DisplayName(target)}\"/>.</summary>");
        if (repeated)
        {
            w.Line($"public static readonly pg::RepeatedExtension<{target}, {value}> {name} = new pg::RepeatedExtension<{target}, {value}>(");
            w.Indent();
            w.Line($"{extension.Number}, {wireType}, {(EditionFeatures.IsPacked(extension, kind.IsPackable, scope) ? "true" : "false")},");
        }
        else
        {
            w.Line($"public static readonly pg::Extension<{target}, {value}> {name} = new pg::Extension<{target}, {value}>(");
            w.Indent();
            // An unset message extension reads as null, as in Google.Protobuf.
            w.Line($"{extension.Number}, {wireType}, {(kind.IsMessage ? "null!" : DefaultValues.Expression(extension, kind, name))},");
        }
        if (kind.IsMessage)
        {
            w.Line($"static (ref {WireReader} reader, {existing} existing) =>");
            w.Open();
            w.Line($"var value = existing ?? new {value}();");
            w.Line(kind.ReadInto("value"));
            w.Line("return value;");
            w.Close(",");
        }
        else
        {
            w.Line($"static (ref {WireReader} reader, {existing} existing) => {kind.Read},");
        }
        w.Line($"static (value, sizes) => {kind.SizeWithTable("value")},");
        w.Line($"static (ref {WireWriter} writer, {value} value) =>");
        w.Open();
        kind.Write(w, "value");
        w.Close(kind.IsMessage ? "," : ")");
        if (kind.IsMessage) w.Line("static value => value.Clone())");
        JsonEmitter.WriteExtensionCodec(w, kind, fullName, existing, name);
        w.Unindent();
    }

    /// <summary>The members of a message with extension ranges that read and change its extension values.</summary>
    public static void WriteAccessors(CodeWriter w, string className)
    {
        string single = $"pg::Extension<{className}, TValue>";
        string repeated = $"pg::RepeatedExtension<{className}, TValue>";
        w.Line("/// <summary>The value of a singular extension, or its default when not set.</summary>");
        w.NonUserCode();
        w.Line($"public TValue GetExtension<TValue>({single} extension) => {ExtensionSet}.Get({FieldName}, extension);");
        w.Line();
        w.Line("/// <summary>The values of a repeated extension, as a collection that can be changed.</summary>");
        w.NonUserCode();
        w.Line($"public pgc::RepeatedField<TValue> GetExtension<TValue>({repeated} extension) => {ExtensionSet}.Get(ref {FieldName}, extension);");
        w.Line();
        w.Line("/// <summary>Sets a singular extension.</summary>");
        w.NonUserCode();
        w.Line($"public void SetExtension<TValue>({single} extension, TValue value) => {ExtensionSet}.Set(ref {FieldName}, extension, value);");
        w.Line();
        w.Line("/// <summary>Whether a singular extension is set.</summary>");
        w.NonUserCode();
        w.Line($"public bool HasExtension<TValue>({single} extension) => {ExtensionSet}.Has({FieldName}, extension);");
        w.Line();
        w.Line("/// <summary>Clears a singular extension.</summary>");
        w.NonUserCode();
        w.Line($"public void ClearExtension<TValue>({single} extension) => {ExtensionSet}.Clear({FieldName}, extension);");
        w.Line();
        w.Line("/// <summary>Clears a repeated extension.</summary>");
        w.NonUserCode();
        w.Line($"public void ClearExtension<TValue>({repeated} extension) => {ExtensionSet}.Clear({FieldName}, extension);");
    }
}
