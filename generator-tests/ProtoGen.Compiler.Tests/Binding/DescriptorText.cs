using System.Text;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Tests.Binding;

/// <summary>
/// Writes a <see cref="FileModel"/> as protoc's text format of FileDescriptorProto (what
/// <c>protoc --decode=google.protobuf.FileDescriptorSet</c> prints), with the options as the model holds them (one
/// <c>option:</c> line each) and without source info, and lists its comments by SourceCodeInfo path. Tests write both
/// models this way so that a difference reads as a text diff before the models are compared record by record.
/// </summary>
internal static class DescriptorText
{
    public static string Write(FileModel file)
    {
        var w = new Writer();
        w.Open("file");
        w.String("name", file.Name);
        if (file.Package.Length > 0) w.String("package", file.Package);
        foreach (var dependency in file.Dependencies) w.String("dependency", dependency);
        foreach (var message in file.MessageTypes) WriteMessage(w, "message_type", message);
        foreach (var enumModel in file.EnumTypes) WriteEnum(w, "enum_type", enumModel);
        foreach (var service in file.Services)
        {
            w.Open("service");
            w.String("name", service.Name);
            foreach (var method in service.Methods)
            {
                w.Open("method");
                w.String("name", method.Name);
                w.String("input_type", method.InputType);
                w.String("output_type", method.OutputType);
                if (method.ClientStreaming) w.Raw("client_streaming", "true");
                if (method.ServerStreaming) w.Raw("server_streaming", "true");
                w.Options(method.Options);
                w.Close();
            }
            w.Options(service.Options);
            w.Close();
        }
        foreach (var extension in file.Extensions) WriteField(w, "extension", extension);
        foreach (var index in file.PublicDependencies) w.Raw("public_dependency", index.ToString());
        foreach (var index in file.WeakDependencies) w.Raw("weak_dependency", index.ToString());
        if (file.Syntax != ProtoSyntax.Proto2) w.String("syntax", file.Syntax.ToText());
        if (file.Edition is not null) w.Raw("edition", "EDITION_" + file.Edition);
        w.Options(file.Options);
        w.Close();
        return w.ToString();
    }

    private static void WriteMessage(Writer w, string key, MessageModel message)
    {
        w.Open(key);
        w.String("name", message.Name);
        foreach (var field in message.Fields) WriteField(w, "field", field);
        foreach (var nested in message.NestedTypes) WriteMessage(w, "nested_type", nested);
        foreach (var enumModel in message.EnumTypes) WriteEnum(w, "enum_type", enumModel);
        foreach (var range in message.ExtensionRanges) WriteRange(w, "extension_range", range.Start, range.End, range.Options);
        foreach (var extension in message.Extensions) WriteField(w, "extension", extension);
        foreach (var oneof in message.Oneofs)
        {
            w.Open("oneof_decl");
            w.String("name", oneof.Name);
            w.Options(oneof.Options);
            w.Close();
        }
        foreach (var range in message.ReservedRanges) WriteRange(w, "reserved_range", range.Start, range.End);
        foreach (var name in message.ReservedNames) w.String("reserved_name", name);
        if (message.IsMapEntry) w.Raw("map_entry", "true");
        w.Options(message.Options);
        w.Close();
    }

    private static void WriteRange(Writer w, string key, int start, int end, OptionsModel? options = null)
    {
        w.Open(key);
        w.Raw("start", start.ToString());
        w.Raw("end", end.ToString());
        if (options is not null) w.Options(options);
        w.Close();
    }

    private static void WriteField(Writer w, string key, FieldModel field)
    {
        w.Open(key);
        w.String("name", field.Name);
        if (field.Extendee is not null) w.String("extendee", field.Extendee);
        w.Raw("number", field.Number.ToString());
        w.Raw("label", "LABEL_" + field.Label.ToString().ToUpperInvariant());
        w.Raw("type", "TYPE_" + field.Type.ToString().ToUpperInvariant());
        if (field.TypeName is not null) w.String("type_name", field.TypeName);
        if (field.DefaultValue is not null) w.String("default_value", field.DefaultValue);
        if (field.OneofIndex is int index) w.Raw("oneof_index", index.ToString());
        w.String("json_name", field.JsonName);
        if (field.Proto3Optional) w.Raw("proto3_optional", "true");
        w.Options(field.Options);
        w.Close();
    }

    private static void WriteEnum(Writer w, string key, EnumModel enumModel)
    {
        w.Open(key);
        w.String("name", enumModel.Name);
        foreach (var value in enumModel.Values)
        {
            w.Open("value");
            w.String("name", value.Name);
            w.Raw("number", value.Number.ToString());
            w.Options(value.Options);
            w.Close();
        }
        foreach (var range in enumModel.ReservedRanges) WriteRange(w, "reserved_range", range.Start, range.End);
        foreach (var name in enumModel.ReservedNames) w.String("reserved_name", name);
        w.Options(enumModel.Options);
        w.Close();
    }

    /// <summary>Every commented element of the model as <c>path: leading | trailing | detached...</c> lines, sorted.</summary>
    public static List<string> Comments(FileModel file, out HashSet<string> elementPaths)
    {
        var lines = new List<string>();
        var paths = new HashSet<string>();
        void Add(string path, Comments comments)
        {
            paths.Add(path);
            if (comments.Leading is null && comments.Trailing is null && comments.LeadingDetached.IsEmpty) return;
            lines.Add(CommentLine(path, comments.Leading, comments.Trailing, comments.LeadingDetached));
        }
        void Message(string path, MessageModel message)
        {
            Add(path, message.Comments);
            for (int i = 0; i < message.Fields.Count; i++) Add($"{path} 2 {i}", message.Fields[i].Comments);
            for (int i = 0; i < message.NestedTypes.Count; i++) Message($"{path} 3 {i}", message.NestedTypes[i]);
            for (int i = 0; i < message.EnumTypes.Count; i++) Enum($"{path} 4 {i}", message.EnumTypes[i]);
            for (int i = 0; i < message.Extensions.Count; i++) Add($"{path} 6 {i}", message.Extensions[i].Comments);
            for (int i = 0; i < message.Oneofs.Count; i++) Add($"{path} 8 {i}", message.Oneofs[i].Comments);
        }
        void Enum(string path, EnumModel enumModel)
        {
            Add(path, enumModel.Comments);
            for (int i = 0; i < enumModel.Values.Count; i++) Add($"{path} 2 {i}", enumModel.Values[i].Comments);
        }

        Add("12", file.Comments);
        for (int i = 0; i < file.MessageTypes.Count; i++) Message($"4 {i}", file.MessageTypes[i]);
        for (int i = 0; i < file.EnumTypes.Count; i++) Enum($"5 {i}", file.EnumTypes[i]);
        for (int i = 0; i < file.Services.Count; i++)
        {
            Add($"6 {i}", file.Services[i].Comments);
            for (int j = 0; j < file.Services[i].Methods.Count; j++) Add($"6 {i} 2 {j}", file.Services[i].Methods[j].Comments);
        }
        for (int i = 0; i < file.Extensions.Count; i++) Add($"7 {i}", file.Extensions[i].Comments);
        elementPaths = paths;
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static string CommentLine(string path, string? leading, string? trailing, IEnumerable<string> detached) =>
        $"{path}: {(leading is null ? "-" : Quote(leading))} | {(trailing is null ? "-" : Quote(trailing))} | {string.Join(", ", detached.Select(Quote))}";

    /// <summary>Text format's string escaping: the UTF-8 bytes, C-escaped with octal for anything unprintable.</summary>
    public static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            switch (b)
            {
                case (byte)'\n': builder.Append("\\n"); break;
                case (byte)'\r': builder.Append("\\r"); break;
                case (byte)'\t': builder.Append("\\t"); break;
                case (byte)'"': builder.Append("\\\""); break;
                case (byte)'\'': builder.Append("\\'"); break;
                case (byte)'\\': builder.Append("\\\\"); break;
                default:
                    if (b < 0x20 || b >= 0x7F) builder.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
                    else builder.Append((char)b);
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    private sealed class Writer
    {
        private readonly StringBuilder _builder = new();
        private int _depth;

        public void Open(string key)
        {
            Line(key + " {");
            _depth++;
        }

        public void Close()
        {
            _depth--;
            Line("}");
        }

        public void String(string key, string value) => Line($"{key}: {Quote(value)}");

        public void Raw(string key, string value) => Line($"{key}: {value}");

        /// <summary>One line per option, in the model's order: <c>option: name Kind "value"</c>.</summary>
        public void Options(OptionsModel options)
        {
            foreach (var option in options.Items) Line($"option: {option.Name} {option.Kind} {Quote(option.Value)}");
        }

        private void Line(string text) => _builder.Append(' ', _depth * 2).Append(text).Append('\n');

        public override string ToString() => _builder.ToString();
    }
}
