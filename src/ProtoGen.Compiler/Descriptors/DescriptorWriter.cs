using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Descriptors;

/// <summary>
/// Writes a <see cref="FileModel"/> as a serialized <c>FileDescriptorProto</c>, the bytes <c>protoc --descriptor_set_out</c>
/// writes for the file without <c>--include_source_info</c> or <c>--retain_options</c>: fields in number order (protoc's
/// serializer), <c>syntax</c> only for proto3 and editions, <c>json_name</c> on every field, options interpreted and
/// source-retention ones stripped.
/// </summary>
public static class DescriptorWriter
{
    /// <summary>The serialized FileDescriptorProto of <paramref name="file"/>. <paramref name="dependencies"/> are the
    /// files it reaches through imports (for the custom options it uses); descriptor.proto is always available.</summary>
    /// <exception cref="DescriptorWriteException">An option does not fit its schema (the binder reports those first).</exception>
    public static byte[] Write(FileModel file, IEnumerable<FileModel> dependencies)
    {
        var writer = new FileWriter(new OptionEncoder(new DescriptorSchema(new[] { file }.Concat(dependencies))));
        var buffer = new ProtoBuffer();
        writer.File(buffer, file);
        return buffer.ToArray();
    }

    /// <summary>Field numbers of descriptor.proto's messages, in the order protoc serializes them.</summary>
    private sealed class FileWriter
    {
        private readonly OptionEncoder _options;

        public FileWriter(OptionEncoder options) => _options = options;

        public void File(ProtoBuffer buffer, FileModel file)
        {
            buffer.String(1, file.Name);
            if (file.Package.Length > 0) buffer.String(2, file.Package);
            foreach (var dependency in file.Dependencies) buffer.String(3, dependency);
            foreach (var message in file.MessageTypes) buffer.Message(4, b => Message(b, message));
            foreach (var enumModel in file.EnumTypes) buffer.Message(5, b => Enum(b, enumModel));
            foreach (var service in file.Services) buffer.Message(6, b => Service(b, service));
            foreach (var extension in file.Extensions) buffer.Message(7, b => Field(b, extension));
            Options(buffer, 8, file.Options, "FileOptions");
            foreach (var index in file.PublicDependencies) buffer.Int32(10, index);
            foreach (var index in file.WeakDependencies) buffer.Int32(11, index);
            if (file.Syntax is ProtoSyntax.Proto3 or ProtoSyntax.Editions) buffer.String(12, file.Syntax.ToText());
            if (file.Syntax == ProtoSyntax.Editions) buffer.Int32(14, EditionNumber(file.Edition));
        }

        /// <summary>descriptor.proto's Edition enum: EDITION_2023 = 1000, EDITION_2024 = 1001, ... An editions model
        /// without an edition (built by hand rather than bound) is taken as 2023, the first edition.</summary>
        private static int EditionNumber(string? edition) => edition switch
        {
            "2023" or null or "" => 1000,
            "2024" => 1001,
            "proto2" => 998,
            "proto3" => 999,
            _ => throw new DescriptorWriteException($"Unknown edition \"{edition}\"."),
        };

        private void Message(ProtoBuffer buffer, MessageModel message)
        {
            buffer.String(1, message.Name);
            foreach (var field in message.Fields) buffer.Message(2, b => Field(b, field));
            foreach (var nested in message.NestedTypes) buffer.Message(3, b => Message(b, nested));
            foreach (var enumModel in message.EnumTypes) buffer.Message(4, b => Enum(b, enumModel));
            foreach (var range in message.ExtensionRanges)
            {
                buffer.Message(5, b =>
                {
                    b.Int32(1, range.Start);
                    b.Int32(2, range.End);
                    Options(b, 3, range.Options, "ExtensionRangeOptions");
                });
            }
            foreach (var extension in message.Extensions) buffer.Message(6, b => Field(b, extension));
            Options(buffer, 7, message.Options, "MessageOptions", message.IsMapEntry);
            foreach (var oneof in message.Oneofs)
            {
                buffer.Message(8, b =>
                {
                    b.String(1, oneof.Name);
                    Options(b, 2, oneof.Options, "OneofOptions");
                });
            }
            foreach (var range in message.ReservedRanges) buffer.Message(9, b => Range(b, range));
            foreach (var name in message.ReservedNames) buffer.String(10, name);
        }

        private void Field(ProtoBuffer buffer, FieldModel field)
        {
            buffer.String(1, field.Name);
            if (field.Extendee is { } extendee) buffer.String(2, extendee);
            buffer.Int32(3, field.Number);
            buffer.Int32(4, (int)field.Label);
            buffer.Int32(5, (int)field.Type);
            if (field.TypeName is { } typeName) buffer.String(6, typeName);
            if (field.DefaultValue is { } defaultValue) buffer.String(7, defaultValue);
            Options(buffer, 8, field.Options, "FieldOptions");
            if (field.OneofIndex is { } oneofIndex) buffer.Int32(9, oneofIndex);
            buffer.String(10, field.JsonName);
            if (field.Proto3Optional) buffer.Bool(17, true);
        }

        private void Enum(ProtoBuffer buffer, EnumModel enumModel)
        {
            buffer.String(1, enumModel.Name);
            foreach (var value in enumModel.Values)
            {
                buffer.Message(2, b =>
                {
                    b.String(1, value.Name);
                    b.Int32(2, value.Number);
                    Options(b, 3, value.Options, "EnumValueOptions");
                });
            }
            Options(buffer, 3, enumModel.Options, "EnumOptions");
            foreach (var range in enumModel.ReservedRanges) buffer.Message(4, b => Range(b, range));
            foreach (var name in enumModel.ReservedNames) buffer.String(5, name);
        }

        private void Service(ProtoBuffer buffer, ServiceModel service)
        {
            buffer.String(1, service.Name);
            foreach (var method in service.Methods)
            {
                buffer.Message(2, b =>
                {
                    b.String(1, method.Name);
                    b.String(2, method.InputType);
                    b.String(3, method.OutputType);
                    Options(b, 4, method.Options, "MethodOptions", writeEmpty: method.HasBody && method.Options.Items.IsEmpty);
                    if (method.ClientStreaming) b.Bool(5, true);
                    if (method.ServerStreaming) b.Bool(6, true);
                });
            }
            Options(buffer, 3, service.Options, "ServiceOptions");
        }

        private static void Range(ProtoBuffer buffer, ReservedRange range)
        {
            buffer.Int32(1, range.Start);
            buffer.Int32(2, range.End);
        }

        /// <summary>The element's options message. protoc leaves it out when nothing is left once source-retention
        /// options are stripped, but writes it empty for a method declared with a <c>{ }</c> body that sets no option
        /// (its parser creates the message for the body; a stripped option leaves none).</summary>
        private void Options(ProtoBuffer buffer, int number, OptionsModel options, string optionsMessage, bool isMapEntry = false, bool writeEmpty = false)
        {
            var message = _options.Encode(options, optionsMessage, isMapEntry);
            if (message is { IsEmpty: false } || writeEmpty) buffer.Message(number, b => message?.WriteTo(b));
        }
    }
}
