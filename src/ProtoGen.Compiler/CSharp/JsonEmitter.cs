using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Writes a message's ProtoJSON members (IJsonMessage): WriteJsonFields over the runtime's JsonWriter (which opens and
/// closes the object) and MergeJson over its JsonReader, straight-line per field in field-number order (the order Google.Protobuf writes),
/// with each field's JSON and .proto names precomputed once per type (JsonNames) and enum names in one table per enum
/// type. MergeJson is rendered from the emit plan (each field's FieldSpec: shape, kinds, names, oneof), one line per
/// field; the writers take each singular field's presence test from its emitter. The well-known types with a special
/// JSON form (Timestamp, Duration, FieldMask, Struct, Value, ListValue, Any, the wrappers) are marked
/// IJsonSpecialForm, which the writer renders through the runtime's WellKnownJson, and delegate reading to it.
/// </summary>
internal static class JsonEmitter
{
    public const string Interface = "pgj::IJsonMessage";

    /// <summary>The JSON interface a message's class declares: a well-known type with a special form is marked, so
    /// that the writer renders that form instead of an object of its fields.</summary>
    public static string BaseInterface(MessageContext context) =>
        SpecialForms.Contains(context.Message.FullName.TrimStart('.')) ? "pgj::IJsonSpecialForm" : Interface;

    /// <summary>The body of ToString(): single-line ProtoJSON, as Google.Protobuf's ToString() writes it.</summary>
    public const string DiagnosticString = "pgj::JsonFormatter.ToDiagnosticString(this)";

    /// <summary>The attribute that makes System.Text.Json write and read the message as ProtoJSON (in a DTO, in
    /// ASP.NET Core), also under source generation.</summary>
    public static string ConverterAttribute(string className) =>
        $"[stj::JsonConverter(typeof(pgj::ProtoJsonConverter<{className}>))]";

    private const string ReaderParameter = "ref pgj::JsonReader reader";
    private const string NullToken = "pgj::JsonToken.Null";
    private const string Read = "pgj::JsonRead";
    private const string Collections = "pgj::JsonCollections";
    private const string ContextType = "pgj::JsonReadContext";
    private const string Names = "__JsonNames";
    private const string NullValueType = "google.protobuf.NullValue";
    private const string ValueType = "google.protobuf.Value";

    /// <summary>Well-known types whose JSON is not an object of their fields.</summary>
    private static readonly HashSet<string> SpecialForms = new(StringComparer.Ordinal)
    {
        "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.FieldMask", "google.protobuf.Struct",
        "google.protobuf.Value", "google.protobuf.ListValue", "google.protobuf.Any",
        "google.protobuf.DoubleValue", "google.protobuf.FloatValue", "google.protobuf.Int64Value", "google.protobuf.UInt64Value",
        "google.protobuf.Int32Value", "google.protobuf.UInt32Value", "google.protobuf.BoolValue", "google.protobuf.StringValue",
        "google.protobuf.BytesValue",
    };

    public static void Write(CodeWriter w, MessageContext context, IReadOnlyList<FieldEmitter> fields)
    {
        var ordered = fields.OrderBy(f => f.Field.Number).ToList();
        var enums = new EnumTables();
        string fullName = context.Message.FullName.TrimStart('.');
        bool special = SpecialForms.Contains(fullName);

        var names = ordered.SelectMany(f => new[] { CSharpNames.StringLiteral(f.Field.JsonName), CSharpNames.StringLiteral(f.Field.Name) }).ToList();
        var specs = ordered.Select(f => f.Spec).ToList();
        var nullIsValue = NullIsValueFields(specs).ToList();
        string nullFields = nullIsValue.Count == 0 ? "" : $", new int[] {{ {string.Join(", ", nullIsValue)} }}";
        w.Line(names.Count == 0
            ? $"private static readonly pgj::JsonNames {Names} = new(global::System.Array.Empty<string>());"
            : $"private static readonly pgj::JsonNames {Names} = new(new string[] {{ {string.Join(", ", names)} }}{nullFields});");

        w.Line();
        w.NonUserCode();
        w.Line("public string ToJson() => pgj::JsonFormatter.Default.Format(this);");
        w.Line();
        WriteWriteMembers(w, context, ordered, enums);
        w.Line();
        WriteMergeJson(w, context, specs, enums, special);
        if (enums.Declarations.Count != 0) w.Line();
        foreach (var table in enums.Declarations) w.Line(table);
    }

    private static void WriteWriteMembers(CodeWriter w, MessageContext context, List<FieldEmitter> fields, EnumTables enums)
    {
        w.NonUserCode();
        w.Open($"void {Interface}.WriteJsonFields(pgj::JsonWriter writer)");
        for (int i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var spec = field.Spec;
            switch (spec.Shape)
            {
                case FieldShape.Map:
                    w.Open($"if ({spec.BackingName}.Count != 0 || writer.EmitDefaults)");
                    w.Line($"writer.WriteName({Names}, {i});");
                    w.Line("writer.WriteStartObject();");
                    w.Open($"foreach (var entry in {spec.BackingName}.AsSpan())");
                    w.Line(WriteKey(spec.MapKey!, "entry.Key"));
                    w.Line(WriteValue(spec.MapValue!, spec.MapValue!.Unwrap("entry.Value"), enums));
                    w.Close();
                    w.Line("writer.WriteEndObject();");
                    w.Close();
                    break;
                case FieldShape.Repeated when ArrayWriter(spec.Kind) is { } array:
                    w.Line($"if ({spec.BackingName}.Count != 0 || writer.EmitDefaults) writer.WriteName({Names}, {i}).{array}({spec.BackingName});");
                    break;
                case FieldShape.Repeated:
                    w.Open($"if ({spec.BackingName}.Count != 0 || writer.EmitDefaults)");
                    w.Line($"writer.WriteName({Names}, {i});");
                    w.Line("writer.WriteStartArray();");
                    w.Open($"foreach (var item in {spec.BackingName})");
                    w.Line(WriteValue(spec.Kind, spec.Kind.Unwrap("item"), enums));
                    w.Close();
                    w.Line("writer.WriteEndArray();");
                    w.Close();
                    break;
                default:
                    // Every other shape is singular; its emitter renders the presence test and the present value.
                    var singular = (SingularFieldEmitter)field;
                    string test = spec.Shape == FieldShape.ImplicitPresence ? $"{singular.PresenceTest} || writer.EmitDefaults" : singular.PresenceTest;
                    w.Line($"if ({test}) {WriteValue(spec.Kind, singular.PresentValue, enums, $"writer.WriteName({Names}, {i})")}");
                    break;
            }
        }
        if (IsExtendable(context)) w.Line($"{ExtensionEmitter.FieldName}?.WriteJson(writer);");
        w.Close();
    }

    /// <summary>The JsonWriter method that writes a whole list of this element kind (JsonWriter.Arrays.cs), or null for
    /// the kinds written element by element (enums, which need their name table, and wrappers).</summary>
    private static string? ArrayWriter(ValueKind kind) => kind.Wrapped is not null ? null : kind.Type switch
    {
        FieldType.Enum => null,
        FieldType.Message or FieldType.Group => "WriteMessages",
        _ => "WriteArray",
    };

    private static bool IsExtendable(MessageContext context) => context.Message.ExtensionRanges.Count != 0;

    private static string WriteKey(ValueKind key, string value) => key.Type switch
    {
        FieldType.String => $"writer.WriteName({value});",
        FieldType.Bool => $"writer.WriteName({value});",
        FieldType.UInt32 or FieldType.Fixed32 or FieldType.UInt64 or FieldType.Fixed64 => $"writer.WriteName((ulong){value});",
        _ => $"writer.WriteName((long){value});",
    };

    // One statement writing the value on `writer`, or on what `target` returns (the writer, after a member's name).
    private static string WriteValue(ValueKind kind, string value, EnumTables enums, string target = "writer")
    {
        var type = kind.Wrapped?.Type ?? kind.Type;
        return type switch
        {
            FieldType.Double => $"{target}.WriteDouble({value});",
            FieldType.Float => $"{target}.WriteFloat({value});",
            FieldType.Int64 or FieldType.SFixed64 or FieldType.SInt64 => $"{target}.WriteInt64({value});",
            FieldType.UInt64 or FieldType.Fixed64 => $"{target}.WriteUInt64({value});",
            FieldType.Int32 or FieldType.SFixed32 or FieldType.SInt32 => $"{target}.WriteInt32({value});",
            FieldType.UInt32 or FieldType.Fixed32 => $"{target}.WriteUInt32({value});",
            FieldType.Bool => $"{target}.WriteBool({value});",
            FieldType.String => $"{target}.WriteString({value});",
            FieldType.Bytes => $"{target}.WriteBytes({value});",
            FieldType.Enum when IsNullValue(kind) => $"{target}.WriteNull();",
            FieldType.Enum => $"{target}.WriteEnum({enums.For(kind)}, (int){value});",
            _ => $"{target}.WriteMessage({value});",
        };
    }

    private static bool IsNullValue(ValueKind kind) => kind.Type == FieldType.Enum && kind.TypeInfo!.FullName.TrimStart('.') == NullValueType;

    private static bool IsValue(ValueKind kind) => kind.IsMessage && kind.TypeInfo!.FullName.TrimStart('.') == ValueType;

    /// <summary>Whether a JSON null is this kind's value (a Value holding NullValue, or NullValue itself) rather than
    /// "not set".</summary>
    private static bool NullIsValue(ValueKind kind) => IsNullValue(kind) || IsValue(kind);

    private static void WriteMergeJson(CodeWriter w, MessageContext context, List<FieldSpec> fields, EnumTables enums, bool special)
    {
        if (special)
        {
            w.NonUserCode();
            w.Line($"void {Interface}.MergeJson({ReaderParameter}, {ContextType} context) => pgj::WellKnownJson.MergeSpecial(ref reader, context, this);");
            return;
        }
        w.NonUserCode();
        w.Open($"void {Interface}.MergeJson({ReaderParameter}, {ContextType} context)");
        bool extendable = IsExtendable(context);
        w.Line(extendable
            ? $"var scope = context.EnterObject(ref reader, {Names}, typeof({context.CSharpName}));"
            : $"var scope = context.EnterObject(ref reader, {Names});");
        w.Line("int field;");
        w.Open($"while ((field = context.NextField(ref reader, ref scope, {Names})) != {ContextType}.End)");
        if (fields.Count == 0 && !extendable)
        {
            w.Line("throw context.Error(\"unexpected field\");");
        }
        else
        {
            // The context skips a null value (ProtoJSON's "not set") before a case is reached, except for the
            // fields __JsonNames marks (Value and NullValue fields), so each case is one statement.
            w.Open("switch (field)");
            for (int i = 0; i < fields.Count; i++)
            {
                WriteFieldRead(w, fields[i], i, context.Spec.Oneofs, enums);
            }
            if (extendable)
            {
                w.Line($"case {ContextType}.ExtensionField: pg::ExtensionSet.MergeJson(ref {ExtensionEmitter.FieldName}, ref reader, context); break;");
            }
            w.Close();
        }
        w.Close();
        w.Close();
    }

    /// <summary>The indexes of the fields for which a JSON null is a value rather than "not set": singular and oneof
    /// fields of type google.protobuf.Value or NullValue.</summary>
    private static IEnumerable<int> NullIsValueFields(List<FieldSpec> fields) =>
        Enumerable.Range(0, fields.Count).Where(i => fields[i].Shape is not (FieldShape.Map or FieldShape.Repeated) && NullIsValue(fields[i].Kind));

    private static void WriteFieldRead(CodeWriter w, FieldSpec field, int index, IReadOnlyList<OneofSpec> oneofs, EnumTables enums)
    {
        string label = $"case {index}: ";
        switch (field.Shape)
        {
            case FieldShape.Map:
                if (ReadMap(field, enums) is { } readMap)
                {
                    w.Line($"{label}{readMap}; break;");
                    return;
                }
                w.Open($"case {index}:");
                w.Line("context.StartMap(ref reader);");
                w.Open("while (context.NextKey(ref reader))");
                w.Line($"var key = {ReadKey(field.MapKey!)};");
                ReadValue(w, field.MapValue!, value => $"{field.PropertyName}[key] = {value};", enums, "value");
                w.Close();
                w.Line("break;");
                w.Close();
                return;
            case FieldShape.Repeated:
                if (ReadList(field, enums) is { } readList)
                {
                    w.Line($"{label}{readList}; break;");
                    return;
                }
                w.Open($"case {index}:");
                w.Line("context.StartArray(ref reader);");
                w.Open("while (context.NextElement(ref reader))");
                ReadValue(w, field.Kind, value => $"{field.PropertyName}.Add({value});", enums, "item");
                w.Close();
                w.Line("break;");
                w.Close();
                return;
            case FieldShape.OneofMember:
                int oneof = field.OneofIndex!.Value;
                w.Line($"{label}context.SetOneof(ref scope, {oneof}, {CSharpNames.StringLiteral(oneofs[oneof].Oneof.Name)}); {ReadSingular(field, index, enums)} break;");
                return;
            default:
                w.Line($"{label}{ReadSingular(field, index, enums)} break;");
                return;
        }
    }

    // One statement reading a singular (or oneof) field's value at the reader into its property.
    private static string ReadSingular(FieldSpec field, int index, EnumTables enums)
    {
        var kind = field.Kind;
        string property = field.PropertyName;
        if (kind.IsMessage) return $"{property} = context.ReadMessage(ref reader, {property} ?? new {kind.ElementType}());";
        var type = kind.Wrapped?.Type ?? kind.Type;
        if (type == FieldType.Enum)
        {
            string method = IsNullValue(kind) ? "NullValue" : kind.IsClosedEnum ? "ClosedEnum" : "Enum";
            return $"if ({Read}.{method}(ref reader, context, {enums.For(kind)}, out int value{index})) {property} = ({kind.ElementType})value{index};";
        }
        return $"{property} = {Read}.{ScalarMethod(type)}(ref reader, context);";
    }

    // One call reading a repeated field's array, or null when its elements need a loop of their own (wrappers).
    private static string? ReadList(FieldSpec repeated, EnumTables enums)
    {
        var kind = repeated.Kind;
        string args = $"ref reader, context, {repeated.PropertyName}";
        if (kind.IsMessage) return $"{Collections}.Messages({args}, {kind.ElementType}.Parser)";
        if (kind.IsWrapper && !kind.Wrapped!.IsReferenceType) return null;
        var type = kind.Wrapped?.Type ?? kind.Type;
        if (type == FieldType.Enum)
        {
            return IsNullValue(kind) ? null : $"{Collections}.Enums(ref reader, context, {enums.For(kind)}, {(kind.IsClosedEnum ? "true" : "false")}, {repeated.PropertyName})";
        }
        return $"{Collections}.{ListMethod(type)}({args})";
    }

    // One call reading a map field's object, or null when its values need a loop of their own (wrappers, NullValue).
    private static string? ReadMap(FieldSpec map, EnumTables enums)
    {
        var value = map.MapValue!;
        string key = $"pgj::JsonKeys.{KeyReader(map.MapKey!)}";
        string args = $"ref reader, context, {map.PropertyName}, {key}";
        if (value.IsMessage) return $"{Collections}.MessageMap({args}, {value.ElementType}.Parser)";
        if (value.IsWrapper && !value.Wrapped!.IsReferenceType) return null;
        var type = value.Wrapped?.Type ?? value.Type;
        if (type == FieldType.Enum)
        {
            return IsNullValue(value) ? null : $"{Collections}.EnumMap({args}, {enums.For(value)}, {(value.IsClosedEnum ? "true" : "false")})";
        }
        return $"{Collections}.Map({args}, pgj::JsonValues.{ScalarMethod(type)})";
    }

    private static string ScalarMethod(FieldType type) => type switch
    {
        FieldType.Double => "Double",
        FieldType.Float => "Float",
        FieldType.Int64 or FieldType.SFixed64 or FieldType.SInt64 => "Int64",
        FieldType.UInt64 or FieldType.Fixed64 => "UInt64",
        FieldType.Int32 or FieldType.SFixed32 or FieldType.SInt32 => "Int32",
        FieldType.UInt32 or FieldType.Fixed32 => "UInt32",
        FieldType.Bool => "Bool",
        FieldType.String => "String",
        FieldType.Bytes => "Bytes",
        _ => throw new InvalidOperationException($"No JSON reader for {type}."),
    };

    /// <summary>The JsonCollections reader of a list of <paramref name="type"/>: the scalar reader's name in the plural.</summary>
    private static string ListMethod(FieldType type) => type == FieldType.Bytes ? "Bytes" : ScalarMethod(type) + "s";

    private static string KeyReader(ValueKind key) => key.Type switch
    {
        FieldType.String => "String",
        FieldType.Bool => "Bool",
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => "Int32",
        FieldType.UInt32 or FieldType.Fixed32 => "UInt32",
        FieldType.UInt64 or FieldType.Fixed64 => "UInt64",
        _ => "Int64",
    };

    private static string ReadKey(ValueKind key) => key.Type switch
    {
        FieldType.String => $"{Read}.StringKey(ref reader, context)",
        FieldType.Bool => $"{Read}.BoolKey(ref reader, context)",
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => $"{Read}.Int32Key(ref reader, context)",
        FieldType.UInt32 or FieldType.Fixed32 => $"{Read}.UInt32Key(ref reader, context)",
        FieldType.UInt64 or FieldType.Fixed64 => $"{Read}.UInt64Key(ref reader, context)",
        _ => $"{Read}.Int64Key(ref reader, context)",
    };

    // Statements reading one value at the reader and passing it to store (an element, a map value, a singular scalar).
    private static void ReadValue(CodeWriter w, ValueKind kind, Func<string, string> store, EnumTables enums, string local)
    {
        var type = kind.Wrapped?.Type ?? kind.Type;
        switch (type)
        {
            case FieldType.Enum when IsNullValue(kind):
                w.Open($"if (reader.TokenType == {NullToken})");
                w.Line(store($"{kind.ElementType}.NullValue"));
                w.Close();
                w.Open($"else if ({Read}.Enum(ref reader, context, {enums.For(kind)}, out int {local}Number))");
                w.Line(store($"({kind.ElementType}){local}Number"));
                w.Close();
                return;
            case FieldType.Enum:
                w.Open($"if ({Read}.{(kind.IsClosedEnum ? "ClosedEnum" : "Enum")}(ref reader, context, {enums.For(kind)}, out int {local}Number))");
                w.Line(store($"({kind.ElementType}){local}Number"));
                w.Close();
                return;
            case FieldType.Message:
            case FieldType.Group:
                w.Line($"var {local}Message = new {kind.ElementType}();");
                w.Line($"context.ReadMessage(ref reader, {local}Message);");
                w.Line(store($"{local}Message"));
                return;
        }
        w.Line(store($"{Read}.{ScalarMethod(type)}(ref reader, context)"));
    }

    /// <summary>Appends <c>.WithJson(fullName, write, read)</c> to an extension's initializer (ending it with ';'), the
    /// codec of one value; an enum extension's names go in a static table next to it.</summary>
    public static void WriteExtensionCodec(CodeWriter w, ValueKind kind, string fullName, string existingType, string extensionName)
    {
        var enums = new EnumTables("__JsonEnum" + extensionName);
        string write = WriteValue(kind, kind.Unwrap("value"), enums).TrimEnd(';');
        w.Line($".WithJson({CSharpNames.StringLiteral(fullName)},");
        w.Indent();
        w.Line($"static (pgj::JsonWriter writer, {kind.ElementType} value) => {write},");
        w.Line($"static ({ReaderParameter}, pgj::JsonReadContext context, {existingType} existing) =>");
        w.Open();
        var type = kind.Wrapped?.Type ?? kind.Type;
        if (kind.IsMessage)
        {
            w.Line($"var message = existing ?? new {kind.ElementType}();");
            w.Line("context.ReadMessage(ref reader, message);");
            w.Line("return message;");
        }
        else
        {
            ReadValue(w, kind, value => $"return {value};", enums, "value");
            if (type == FieldType.Enum) w.Line("return existing;");
        }
        w.Close(");");
        w.Unindent();
        foreach (var table in enums.Declarations) w.Line(table);
    }

    /// <summary>One static JsonEnumNames per enum type a message's fields use.</summary>
    private sealed class EnumTables
    {
        private readonly Dictionary<string, string> _fields = new(StringComparer.Ordinal);
        private readonly string _prefix;

        public EnumTables(string prefix = "__JsonEnum") => _prefix = prefix;

        public List<string> Declarations { get; } = new();

        public string For(ValueKind kind)
        {
            var info = kind.TypeInfo!;
            if (_fields.TryGetValue(info.FullName, out var name)) return name;
            name = _prefix + _fields.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _fields.Add(info.FullName, name);
            var values = info.Enum!.Values;
            string names = string.Join(", ", values.Select(v => CSharpNames.StringLiteral(v.Name)));
            string numbers = string.Join(", ", values.Select(v => v.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Declarations.Add(values.Count == 0
                ? $"private static readonly pgj::JsonEnumNames {name} = new(global::System.Array.Empty<string>(), global::System.Array.Empty<int>());"
                : $"private static readonly pgj::JsonEnumNames {name} = new(new string[] {{ {names} }}, new int[] {{ {numbers} }});");
            return name;
        }
    }
}
