using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Writes a message's ProtoJSON members (IJsonMessage): WriteJson/WriteJsonFields over the runtime's JsonWriter and
/// MergeJson over System.Text.Json's Utf8JsonReader, straight-line per field in field-number order (the order
/// Google.Protobuf writes), with each field's JSON and .proto names precomputed once per type (JsonNames) and enum
/// names in one table per enum type. The well-known types with a special JSON form (Timestamp, Duration, FieldMask,
/// Struct, Value, ListValue, Any, the wrappers) delegate reading and writing that form to the runtime's WellKnownJson.
/// </summary>
internal static class JsonEmitter
{
    public const string Interface = "pgj::IJsonMessage";

    /// <summary>The body of ToString(): single-line ProtoJSON, as Google.Protobuf's ToString() writes it.</summary>
    public const string DiagnosticString = "pgj::JsonFormatter.ToDiagnosticString(this)";

    /// <summary>The attribute that makes System.Text.Json write and read the message as ProtoJSON (in a DTO, in
    /// ASP.NET Core), also under source generation.</summary>
    public static string ConverterAttribute(string className) =>
        $"[global::System.Text.Json.Serialization.JsonConverter(typeof(pgj::ProtoJsonConverter<{className}>))]";

    private const string ReaderParameter = "ref global::System.Text.Json.Utf8JsonReader reader";
    private const string NullToken = "global::System.Text.Json.JsonTokenType.Null";
    private const string Read = "pgj::JsonRead";
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

    public static void Write(CodeWriter w, MessageContext context, IReadOnlyList<FieldEmitter> fields, IReadOnlyList<OneofEmitter> oneofs)
    {
        var ordered = fields.OrderBy(f => f.Field.Number).ToList();
        var enums = new EnumTables();
        string fullName = context.Message.FullName.TrimStart('.');
        bool special = SpecialForms.Contains(fullName);

        var names = ordered.SelectMany(f => new[] { CSharpNames.StringLiteral(f.Field.JsonName), CSharpNames.StringLiteral(f.Field.Name) }).ToList();
        w.Line(names.Count == 0
            ? $"private static readonly pgj::JsonNames {Names} = new(global::System.Array.Empty<string>());"
            : $"private static readonly pgj::JsonNames {Names} = new(new string[] {{ {string.Join(", ", names)} }});");

        w.Line();
        w.NonUserCode();
        w.Line("public string ToJson() => pgj::JsonFormatter.Default.Format(this);");
        w.Line();
        WriteWriteMembers(w, context, ordered, enums, special);
        w.Line();
        WriteMergeJson(w, context, ordered, oneofs, enums, special);
        if (enums.Declarations.Count != 0) w.Line();
        foreach (var table in enums.Declarations) w.Line(table);
    }

    private static void WriteWriteMembers(CodeWriter w, MessageContext context, List<FieldEmitter> fields, EnumTables enums, bool special)
    {
        w.NonUserCode();
        w.Line(special
            ? $"void {Interface}.WriteJson(pgj::JsonWriter writer) => pgj::WellKnownJson.WriteSpecial(writer, this);"
            : $"void {Interface}.WriteJson(pgj::JsonWriter writer)");
        if (!special)
        {
            w.Open();
            w.Line("writer.WriteStartObject();");
            w.Line($"(({Interface})this).WriteJsonFields(writer);");
            w.Line("writer.WriteEndObject();");
            w.Close();
        }
        w.Line();
        w.NonUserCode();
        w.Open($"void {Interface}.WriteJsonFields(pgj::JsonWriter writer)");
        for (int i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            switch (field)
            {
                case MapFieldEmitter map:
                    w.Open($"if ({map.Backing}.Count != 0 || writer.EmitDefaults)");
                    w.Line($"writer.WriteName({Names}, {i});");
                    w.Line("writer.WriteStartObject();");
                    w.Open($"foreach (var entry in {map.Backing}.AsSpan())");
                    w.Line(WriteKey(map.KeyKind, "entry.Key"));
                    w.Line(WriteValue(map.ValueKind, map.ValueKind.Unwrap("entry.Value"), enums));
                    w.Close();
                    w.Line("writer.WriteEndObject();");
                    w.Close();
                    break;
                case RepeatedFieldEmitter repeated:
                    w.Open($"if ({repeated.Backing}.Count != 0 || writer.EmitDefaults)");
                    w.Line($"writer.WriteName({Names}, {i});");
                    w.Line("writer.WriteStartArray();");
                    w.Open($"foreach (var item in {repeated.Backing})");
                    w.Line(WriteValue(repeated.Kind, repeated.Kind.Unwrap("item"), enums));
                    w.Close();
                    w.Line("writer.WriteEndArray();");
                    w.Close();
                    break;
                case SingularFieldEmitter singular:
                    string test = singular is ImplicitPresenceFieldEmitter ? $"{singular.PresenceTest} || writer.EmitDefaults" : singular.PresenceTest;
                    w.Open($"if ({test})");
                    w.Line($"writer.WriteName({Names}, {i});");
                    w.Line(WriteValue(singular.Kind, singular.PresentValue, enums));
                    w.Close();
                    break;
                default:
                    throw new InvalidOperationException($"No JSON code for field emitter {field.GetType().Name}.");
            }
        }
        if (IsExtendable(context)) w.Line($"{ExtensionEmitter.FieldName}?.WriteJson(writer);");
        w.Close();
    }

    private static bool IsExtendable(MessageContext context) => context.Message.ExtensionRanges.Count != 0;

    private static string WriteKey(ValueKind key, string value) => key.Type switch
    {
        FieldType.String => $"writer.WriteName({value});",
        FieldType.Bool => $"writer.WriteName({value});",
        FieldType.UInt32 or FieldType.Fixed32 or FieldType.UInt64 or FieldType.Fixed64 => $"writer.WriteName((ulong){value});",
        _ => $"writer.WriteName((long){value});",
    };

    private static string WriteValue(ValueKind kind, string value, EnumTables enums)
    {
        var type = kind.Wrapped?.Type ?? kind.Type;
        return type switch
        {
            FieldType.Double => $"writer.WriteDouble({value});",
            FieldType.Float => $"writer.WriteFloat({value});",
            FieldType.Int64 or FieldType.SFixed64 or FieldType.SInt64 => $"writer.WriteInt64({value});",
            FieldType.UInt64 or FieldType.Fixed64 => $"writer.WriteUInt64({value});",
            FieldType.Int32 or FieldType.SFixed32 or FieldType.SInt32 => $"writer.WriteInt32({value});",
            FieldType.UInt32 or FieldType.Fixed32 => $"writer.WriteUInt32({value});",
            FieldType.Bool => $"writer.WriteBool({value});",
            FieldType.String => $"writer.WriteString({value});",
            FieldType.Bytes => $"writer.WriteBytes({value});",
            FieldType.Enum when IsNullValue(kind) => "writer.WriteNull();",
            FieldType.Enum => $"writer.WriteEnum({enums.For(kind)}, (int){value});",
            _ => $"writer.WriteMessage({value});",
        };
    }

    private static bool IsNullValue(ValueKind kind) => kind.Type == FieldType.Enum && kind.TypeInfo!.FullName.TrimStart('.') == NullValueType;

    private static bool IsValue(ValueKind kind) => kind.IsMessage && kind.TypeInfo!.FullName.TrimStart('.') == ValueType;

    /// <summary>Whether a JSON null is this kind's value (a Value holding NullValue, or NullValue itself) rather than
    /// "not set".</summary>
    private static bool NullIsValue(ValueKind kind) => IsNullValue(kind) || IsValue(kind);

    private static void WriteMergeJson(CodeWriter w, MessageContext context, List<FieldEmitter> fields, IReadOnlyList<OneofEmitter> oneofs, EnumTables enums, bool special)
    {
        if (special)
        {
            w.NonUserCode();
            w.Line($"void {Interface}.MergeJson({ReaderParameter}, pgj::JsonReadContext context) => pgj::WellKnownJson.MergeSpecial(ref reader, context, this);");
            return;
        }
        w.NonUserCode();
        w.Open($"void {Interface}.MergeJson({ReaderParameter}, pgj::JsonReadContext context)");
        bool extendable = IsExtendable(context);
        w.Line(extendable
            ? $"var scope = context.EnterObject(ref reader, {Names}, typeof({context.CSharpName}));"
            : $"var scope = context.EnterObject(ref reader, {Names});");
        w.Line("int field;");
        w.Open($"while ((field = context.NextField(ref reader, ref scope, {Names})) != pgj::JsonReadContext.End)");
        if (fields.Count == 0 && !extendable)
        {
            w.Line("throw context.Error(\"unexpected field\");");
        }
        else
        {
            w.Open("switch (field)");
            for (int i = 0; i < fields.Count; i++)
            {
                w.Open($"case {i}:");
                WriteFieldRead(w, fields[i], i, oneofs, enums);
                w.Line("break;");
                w.Close();
            }
            if (extendable)
            {
                w.Line("case pgj::JsonReadContext.ExtensionField:");
                w.Indent();
                w.Line($"pg::ExtensionSet.MergeJson(ref {ExtensionEmitter.FieldName}, ref reader, context);");
                w.Line("break;");
                w.Unindent();
            }
            w.Close();
        }
        w.Close();
        w.Close();
    }

    private static void WriteFieldRead(CodeWriter w, FieldEmitter field, int index, IReadOnlyList<OneofEmitter> oneofs, EnumTables enums)
    {
        switch (field)
        {
            case MapFieldEmitter map:
                w.Open($"if (reader.TokenType != {NullToken})");
                w.Line("context.StartMap(ref reader);");
                w.Line($"var map = {map.PropertyName};");
                w.Open("while (context.NextKey(ref reader))");
                w.Line($"var key = {ReadKey(map.KeyKind)};");
                ReadValue(w, map.ValueKind, value => $"map[key] = {value};", enums, "value");
                w.Close();
                w.Close();
                return;
            case RepeatedFieldEmitter repeated:
                w.Open($"if (reader.TokenType != {NullToken})");
                w.Line("context.StartArray(ref reader);");
                w.Line($"var list = {repeated.PropertyName};");
                w.Open("while (context.NextElement(ref reader))");
                ReadValue(w, repeated.Kind, value => $"list.Add({value});", enums, "item");
                w.Close();
                w.Close();
                return;
            case OneofMemberEmitter member:
                w.Open(NullIsValue(member.Kind) ? null : $"if (reader.TokenType != {NullToken})");
                int oneofIndex = oneofs.ToList().IndexOf(member.Oneof);
                w.Line($"context.SetOneof(ref scope, {oneofIndex}, {CSharpNames.StringLiteral(member.Oneof.Oneof.Name)});");
                ReadSingular(w, member, enums);
                w.Close();
                return;
            case SingularFieldEmitter singular:
                if (NullIsValue(singular.Kind))
                {
                    ReadSingular(w, singular, enums);
                    return;
                }
                w.Open($"if (reader.TokenType != {NullToken})");
                ReadSingular(w, singular, enums);
                w.Close();
                return;
            default:
                throw new InvalidOperationException($"No JSON code for field emitter {field.GetType().Name}.");
        }
    }

    private static void ReadSingular(CodeWriter w, FieldEmitter field, EnumTables enums)
    {
        var kind = field.Kind;
        if (kind.IsMessage)
        {
            w.Line($"var message = {field.PropertyName} ?? new {kind.ElementType}();");
            w.Line("context.ReadMessage(ref reader, message);");
            w.Line($"{field.PropertyName} = message;");
            return;
        }
        ReadValue(w, kind, value => $"{field.PropertyName} = {value};", enums, "value");
    }

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
        string method = type switch
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
        w.Line(store($"{Read}.{method}(ref reader, context)"));
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
