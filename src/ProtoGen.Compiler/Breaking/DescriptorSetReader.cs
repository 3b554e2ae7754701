using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Breaking;

/// <summary>
/// Reads a binary <c>FileDescriptorSet</c> (<c>protoc --include_imports --descriptor_set_out</c>, <c>buf build -o x.binpb</c>,
/// or ProtoGen's own plugin with <c>baseline=</c>) into the descriptor model, with the facts the breaking-change checks
/// compare: names, numbers, labels, types, <c>json_name</c>, defaults, oneofs, reserved ranges and names, map entries, rpc
/// shapes, and the options and editions features that decide presence, enum openness, JSON format and idempotency.
/// Comments and other options are not read. buf images are descriptor sets with an extension on each file; its
/// <c>is_import</c> flag is kept, so files the image holds only as imports are not taken for the module's own.
/// </summary>
/// <remarks>Field numbers are descriptor.proto's; the reader follows the published schema and copies no generated code.</remarks>
public static class DescriptorSetReader
{
    private const int MaxNesting = 100;

    /// <summary>Reads the set; throws <see cref="BaselineFormatException"/> naming the problem and its byte offset.</summary>
    public static BaselineSet Read(byte[] data)
    {
        if (data.Length == 0) throw new BaselineFormatException("the file is empty (a descriptor set holds at least one file)");
        if (data[0] == (byte)'{' || data[0] == (byte)'[')
        {
            throw new BaselineFormatException("it looks like JSON; ProtoGen reads binary descriptor sets only (write one with `buf build -o baseline.binpb` or the protoc plugin's baseline= parameter)");
        }
        var files = new List<FileModel>();
        var imports = new List<string>();
        var reader = new DescriptorWireReader(data, 0, data.Length);
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field != 1 || wire != 2)
            {
                throw DescriptorWireReader.Fail(reader.Offset, $"not a FileDescriptorSet: unexpected field {field} (wire type {wire}) at the top level");
            }
            var file = ReadFile(reader.ReadMessage(), out bool isImport);
            if (isImport) imports.Add(file.Name);
            files.Add(file);
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!names.Add(file.Name)) throw new BaselineFormatException($"the set holds \"{file.Name}\" twice");
        }
        return new BaselineSet(files.ToEquatableArray(), imports.ToEquatableArray());
    }

    private static FileModel ReadFile(DescriptorWireReader reader, out bool isImport)
    {
        int start = reader.Offset;
        string? name = null;
        string package = "", syntax = "";
        string? edition = null;
        var dependencies = new List<string>();
        var messages = new List<MessageModel>();
        var enums = new List<EnumModel>();
        var services = new List<ServiceModel>();
        var options = new List<OptionModel>();
        isImport = false;
        var pendingMessages = new List<DescriptorWireReader>();
        var pendingEnums = new List<DescriptorWireReader>();
        var pendingServices = new List<DescriptorWireReader>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(field, wire, 2, "FileDescriptorProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, 2, "FileDescriptorProto"); package = reader.ReadString(); break;
                case 3: reader.Expect(field, wire, 2, "FileDescriptorProto"); dependencies.Add(reader.ReadString()); break;
                case 4: reader.Expect(field, wire, 2, "FileDescriptorProto"); pendingMessages.Add(reader.ReadMessage()); break;
                case 5: reader.Expect(field, wire, 2, "FileDescriptorProto"); pendingEnums.Add(reader.ReadMessage()); break;
                case 6: reader.Expect(field, wire, 2, "FileDescriptorProto"); pendingServices.Add(reader.ReadMessage()); break;
                case 8: reader.Expect(field, wire, 2, "FileDescriptorProto"); ReadOptions(reader.ReadMessage(), featuresField: 50, options); break;
                case 12: reader.Expect(field, wire, 2, "FileDescriptorProto"); syntax = reader.ReadString(); break;
                case 14: reader.Expect(field, wire, 0, "FileDescriptorProto"); edition = EditionName(reader.ReadInt32()); break;
                case 8042: reader.Expect(field, wire, 2, "buf ImageFile"); isImport = ReadBufIsImport(reader.ReadMessage()); break;
                default: reader.Skip(field, wire); break;
            }
        }
        if (string.IsNullOrEmpty(name)) throw DescriptorWireReader.Fail(start, "a file without a name");
        var fileSyntax = ProtoSyntaxText.Parse(syntax) ?? throw DescriptorWireReader.Fail(start, $"a file of unknown syntax \"{syntax}\"");
        string scope = package.Length == 0 ? "" : package + ".";
        foreach (var message in pendingMessages) messages.Add(ReadMessage(message, scope, depth: 0));
        foreach (var enumReader in pendingEnums) enums.Add(ReadEnum(enumReader, scope));
        foreach (var service in pendingServices) services.Add(ReadService(service, scope));
        return new FileModel(name!, package, dependencies.ToEquatableArray(), EquatableArray<int>.Empty, EquatableArray<int>.Empty,
            messages.ToEquatableArray(), enums.ToEquatableArray(), services.ToEquatableArray(), EquatableArray<FieldModel>.Empty,
            new OptionsModel(options.ToEquatableArray()), fileSyntax, edition, Comments.None);
    }

    private static MessageModel ReadMessage(DescriptorWireReader reader, string scope, int depth)
    {
        int start = reader.Offset;
        if (depth > MaxNesting) throw DescriptorWireReader.Fail(start, "messages nested too deeply");
        string? name = null;
        var fields = new List<FieldModel>();
        var nestedReaders = new List<DescriptorWireReader>();
        var enumReaders = new List<DescriptorWireReader>();
        var oneofs = new List<OneofModel>();
        var reservedRanges = new List<ReservedRange>();
        var reservedNames = new List<string>();
        var options = new List<OptionModel>();
        bool isMapEntry = false;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(field, wire, 2, "DescriptorProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, 2, "DescriptorProto"); fields.Add(ReadField(reader.ReadMessage())); break;
                case 3: reader.Expect(field, wire, 2, "DescriptorProto"); nestedReaders.Add(reader.ReadMessage()); break;
                case 4: reader.Expect(field, wire, 2, "DescriptorProto"); enumReaders.Add(reader.ReadMessage()); break;
                case 7: reader.Expect(field, wire, 2, "DescriptorProto"); isMapEntry |= ReadOptions(reader.ReadMessage(), featuresField: 12, options, mapEntryField: 7); break;
                case 8: reader.Expect(field, wire, 2, "DescriptorProto"); oneofs.Add(new OneofModel(ReadName(reader.ReadMessage(), "OneofDescriptorProto"), OptionsModel.None, Comments.None)); break;
                case 9: reader.Expect(field, wire, 2, "DescriptorProto"); reservedRanges.Add(ReadRange(reader.ReadMessage())); break;
                case 10: reader.Expect(field, wire, 2, "DescriptorProto"); reservedNames.Add(reader.ReadString()); break;
                default: reader.Skip(field, wire); break;
            }
        }
        if (string.IsNullOrEmpty(name)) throw DescriptorWireReader.Fail(start, "a message without a name");
        string fullName = scope + name;
        var nested = nestedReaders.Select(r => ReadMessage(r, fullName + ".", depth + 1)).ToEquatableArray();
        var enums = enumReaders.Select(r => ReadEnum(r, fullName + ".")).ToEquatableArray();
        return new MessageModel(name!, fullName, fields.ToEquatableArray(), EquatableArray<FieldModel>.Empty, nested, enums,
            EquatableArray<ExtensionRangeModel>.Empty, oneofs.ToEquatableArray(), reservedRanges.ToEquatableArray(),
            reservedNames.ToEquatableArray(), new OptionsModel(options.ToEquatableArray()), isMapEntry, Comments.None);
    }

    private static FieldModel ReadField(DescriptorWireReader reader)
    {
        int start = reader.Offset;
        string? name = null, typeName = null, defaultValue = null, jsonName = null, extendee = null;
        int number = 0;
        int? oneofIndex = null;
        var label = FieldLabel.Optional;
        FieldType? type = null;
        bool proto3Optional = false;
        var options = new List<OptionModel>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(field, wire, 2, "FieldDescriptorProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, 2, "FieldDescriptorProto"); extendee = reader.ReadString(); break;
                case 3: reader.Expect(field, wire, 0, "FieldDescriptorProto"); number = reader.ReadInt32(); break;
                case 4:
                    reader.Expect(field, wire, 0, "FieldDescriptorProto");
                    int labelValue = reader.ReadInt32();
                    if (labelValue is < 1 or > 3) throw DescriptorWireReader.Fail(reader.Offset, $"unknown field label {labelValue}");
                    label = (FieldLabel)labelValue;
                    break;
                case 5:
                    reader.Expect(field, wire, 0, "FieldDescriptorProto");
                    int typeValue = reader.ReadInt32();
                    if (typeValue is < 1 or > 18) throw DescriptorWireReader.Fail(reader.Offset, $"unknown field type {typeValue}");
                    type = (FieldType)typeValue;
                    break;
                case 6: reader.Expect(field, wire, 2, "FieldDescriptorProto"); typeName = reader.ReadString(); break;
                case 7: reader.Expect(field, wire, 2, "FieldDescriptorProto"); defaultValue = reader.ReadString(); break;
                case 8: reader.Expect(field, wire, 2, "FieldDescriptorProto"); ReadOptions(reader.ReadMessage(), featuresField: 21, options); break;
                case 9: reader.Expect(field, wire, 0, "FieldDescriptorProto"); oneofIndex = reader.ReadInt32(); break;
                case 10: reader.Expect(field, wire, 2, "FieldDescriptorProto"); jsonName = reader.ReadString(); break;
                case 17: reader.Expect(field, wire, 0, "FieldDescriptorProto"); proto3Optional = reader.ReadBool(); break;
                default: reader.Skip(field, wire); break;
            }
        }
        if (string.IsNullOrEmpty(name)) throw DescriptorWireReader.Fail(start, "a field without a name");
        if (type is null)
        {
            // protoc always writes the type; a descriptor without one is unresolved (a parser-only output).
            throw DescriptorWireReader.Fail(start, $"field \"{name}\" has no resolved type (was the set written with types resolved, as protoc and buf write it?)");
        }
        return new FieldModel(name!, number, label, type.Value, typeName, extendee, defaultValue, oneofIndex,
            jsonName ?? Binding.NameRules.ToJsonName(name!), proto3Optional, new OptionsModel(options.ToEquatableArray()), Comments.None);
    }

    private static EnumModel ReadEnum(DescriptorWireReader reader, string scope)
    {
        int start = reader.Offset;
        string? name = null;
        var values = new List<EnumValueModel>();
        var reservedRanges = new List<ReservedRange>();
        var reservedNames = new List<string>();
        var options = new List<OptionModel>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(field, wire, 2, "EnumDescriptorProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, 2, "EnumDescriptorProto"); values.Add(ReadEnumValue(reader.ReadMessage())); break;
                case 3: reader.Expect(field, wire, 2, "EnumDescriptorProto"); ReadOptions(reader.ReadMessage(), featuresField: 7, options); break;
                case 4: reader.Expect(field, wire, 2, "EnumDescriptorProto"); reservedRanges.Add(ReadRange(reader.ReadMessage())); break;
                case 5: reader.Expect(field, wire, 2, "EnumDescriptorProto"); reservedNames.Add(reader.ReadString()); break;
                default: reader.Skip(field, wire); break;
            }
        }
        if (string.IsNullOrEmpty(name)) throw DescriptorWireReader.Fail(start, "an enum without a name");
        return new EnumModel(name!, scope + name, values.ToEquatableArray(), reservedRanges.ToEquatableArray(), reservedNames.ToEquatableArray(),
            new OptionsModel(options.ToEquatableArray()), Comments.None);
    }

    private static EnumValueModel ReadEnumValue(DescriptorWireReader reader)
    {
        int start = reader.Offset;
        string? name = null;
        int number = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(field, wire, 2, "EnumValueDescriptorProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, 0, "EnumValueDescriptorProto"); number = reader.ReadInt32(); break;
                default: reader.Skip(field, wire); break;
            }
        }
        if (string.IsNullOrEmpty(name)) throw DescriptorWireReader.Fail(start, "an enum value without a name");
        return new EnumValueModel(name!, number, OptionsModel.None, Comments.None);
    }

    private static ServiceModel ReadService(DescriptorWireReader reader, string scope)
    {
        int start = reader.Offset;
        string? name = null;
        var methods = new List<MethodModel>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(field, wire, 2, "ServiceDescriptorProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, 2, "ServiceDescriptorProto"); methods.Add(ReadMethod(reader.ReadMessage())); break;
                default: reader.Skip(field, wire); break;
            }
        }
        if (string.IsNullOrEmpty(name)) throw DescriptorWireReader.Fail(start, "a service without a name");
        return new ServiceModel(name!, scope + name, methods.ToEquatableArray(), OptionsModel.None, Comments.None);
    }

    private static MethodModel ReadMethod(DescriptorWireReader reader)
    {
        int start = reader.Offset;
        string? name = null, input = null, output = null;
        bool clientStreaming = false, serverStreaming = false;
        var options = new List<OptionModel>();
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            switch (field)
            {
                case 1: reader.Expect(field, wire, 2, "MethodDescriptorProto"); name = reader.ReadString(); break;
                case 2: reader.Expect(field, wire, 2, "MethodDescriptorProto"); input = reader.ReadString(); break;
                case 3: reader.Expect(field, wire, 2, "MethodDescriptorProto"); output = reader.ReadString(); break;
                case 4: reader.Expect(field, wire, 2, "MethodDescriptorProto"); ReadOptions(reader.ReadMessage(), featuresField: 35, options, idempotencyField: 34); break;
                case 5: reader.Expect(field, wire, 0, "MethodDescriptorProto"); clientStreaming = reader.ReadBool(); break;
                case 6: reader.Expect(field, wire, 0, "MethodDescriptorProto"); serverStreaming = reader.ReadBool(); break;
                default: reader.Skip(field, wire); break;
            }
        }
        if (string.IsNullOrEmpty(name) || input is null || output is null)
        {
            throw DescriptorWireReader.Fail(start, "a method without a name, input type or output type");
        }
        return new MethodModel(name!, input, output, clientStreaming, serverStreaming, new OptionsModel(options.ToEquatableArray()), Comments.None);
    }

    private static string ReadName(DescriptorWireReader reader, string owner)
    {
        int start = reader.Offset;
        string? name = null;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1)
            {
                reader.Expect(field, wire, 2, owner);
                name = reader.ReadString();
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
        return string.IsNullOrEmpty(name) ? throw DescriptorWireReader.Fail(start, $"a {owner} without a name") : name!;
    }

    private static ReservedRange ReadRange(DescriptorWireReader reader)
    {
        int start = 0, end = 0;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field is 1 or 2)
            {
                reader.Expect(field, wire, 0, "ReservedRange");
                if (field == 1) start = reader.ReadInt32(); else end = reader.ReadInt32();
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
        return new ReservedRange(start, end);
    }

    /// <summary>Reads the options the checks use: editions features (as <c>features.name = VALUE</c>, the binder's form),
    /// and where asked, <c>map_entry</c> (returned) and <c>idempotency_level</c>.</summary>
    private static bool ReadOptions(DescriptorWireReader reader, int featuresField, List<OptionModel> options, int mapEntryField = 0, int idempotencyField = 0)
    {
        bool mapEntry = false;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == featuresField && wire == 2)
            {
                ReadFeatures(reader.ReadMessage(), options);
            }
            else if (field == mapEntryField && wire == 0)
            {
                mapEntry = reader.ReadBool();
            }
            else if (field == idempotencyField && wire == 0)
            {
                int level = reader.ReadInt32();
                options.Add(new OptionModel("idempotency_level", OptionValueKind.Identifier,
                    level switch { 1 => "NO_SIDE_EFFECTS", 2 => "IDEMPOTENT", _ => "IDEMPOTENCY_UNKNOWN" }));
            }
            else
            {
                reader.Skip(field, wire);
            }
        }
        return mapEntry;
    }

    /// <summary>FeatureSet (descriptor.proto): the enum features, by their value names.</summary>
    private static void ReadFeatures(DescriptorWireReader reader, List<OptionModel> options)
    {
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (wire != 0)
            {
                reader.Skip(field, wire);
                continue;
            }
            int value = reader.ReadInt32();
            var (name, values) = field switch
            {
                1 => ("field_presence", new[] { "EXPLICIT", "IMPLICIT", "LEGACY_REQUIRED" }),
                2 => ("enum_type", new[] { "OPEN", "CLOSED" }),
                3 => ("repeated_field_encoding", new[] { "PACKED", "EXPANDED" }),
                4 => ("utf8_validation", new[] { "NONE_UNUSED", "VERIFY", "NONE" }),
                5 => ("message_encoding", new[] { "LENGTH_PREFIXED", "DELIMITED" }),
                6 => ("json_format", new[] { "ALLOW", "LEGACY_BEST_EFFORT" }),
                _ => ((string?)null, Array.Empty<string>()),
            };
            // utf8_validation numbers VERIFY = 2 and NONE = 3 (1 is unused); the other features number their values from 1.
            if (name is null || value < 1 || value > values.Length) continue;
            options.Add(new OptionModel("features." + name, OptionValueKind.Identifier, values[value - 1]));
        }
    }

    private static string? EditionName(int edition) => edition switch
    {
        1000 => "2023",
        1001 => "2024",
        998 => "proto2",
        999 => "proto3",
        _ => edition.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>buf's ImageFileExtension: <c>is_import = 1</c>.</summary>
    private static bool ReadBufIsImport(DescriptorWireReader reader)
    {
        bool isImport = false;
        while (!reader.AtEnd)
        {
            var (field, wire) = reader.ReadTag();
            if (field == 1 && wire == 0) isImport = reader.ReadBool();
            else reader.Skip(field, wire);
        }
        return isImport;
    }
}

/// <summary>The files of a baseline descriptor set; <see cref="ImportFiles"/> names those a buf image marks as imports
/// only (not the module's own files, so their absence today is no deletion).</summary>
public sealed record BaselineSet(EquatableArray<FileModel> Files, EquatableArray<string> ImportFiles);
