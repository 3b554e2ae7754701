using System.Globalization;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Breaking;

/// <summary>
/// Compares one current file with the baseline and reports each change that breaks deployed clients or servers, at the
/// place in the current .proto that makes it. The rules are buf breaking's WIRE_JSON category plus its FILE-category
/// deletion and enum-openness rules (see <see cref="BreakingRules"/>); elements pair up as buf pairs them: files by
/// path, messages, enums and services by full name, fields and enum values by number, rpcs by name.
/// </summary>
public static class BreakingChecker
{
    /// <summary>The breaking changes of <paramref name="current"/> (bound without errors) against the baseline.
    /// <paramref name="dependencies"/> are the files it imports (transitively), for types it refers to.</summary>
    public static EquatableArray<ProtoDiagnostic> CheckFile(FileModel current, EquatableArray<FileModel> dependencies, ParsedFile syntax, BaselineSet baseline)
    {
        var check = new FileCheck(current, new SchemaIndex(dependencies.Prepend(current)), new SchemaIndex(baseline.Files),
            new SourceLocator(syntax.Root), syntax.Path);
        var previousFile = baseline.Files.FirstOrDefault(f => f.Name == current.Name);
        if (previousFile is not null) check.CompareFiles(previousFile);
        check.CompareElements();
        return check.Diagnostics.ToEquatableArray();
    }

    /// <summary>FILE_NO_DELETE: baseline files that are no longer among the current files, reported against the
    /// baseline itself (there is no current file to point at). Files a buf image marks as imports, and the well-known
    /// types (which ProtoGen embeds), are not the project's own and are skipped.</summary>
    public static EquatableArray<ProtoDiagnostic> CheckDeletedFiles(BaselineSet baseline, IEnumerable<string> currentFiles, string baselinePath)
    {
        var present = new HashSet<string>(currentFiles, StringComparer.Ordinal);
        var imports = new HashSet<string>(baseline.ImportFiles, StringComparer.Ordinal);
        return baseline.Files
            .Where(f => !present.Contains(f.Name) && !imports.Contains(f.Name) && !f.Name.StartsWith("google/protobuf/", StringComparison.Ordinal))
            .Select(f => DiagnosticCatalog.FileDeleted.Create(baselinePath, SourceSpan.Empty, f.Name))
            .ToEquatableArray();
    }

    private sealed class FileCheck(FileModel current, SchemaIndex now, SchemaIndex before, SourceLocator source, string path)
    {
        public List<ProtoDiagnostic> Diagnostics { get; } = new();

        private void Report(DiagnosticDescriptor descriptor, SourceSpan span, params object[] args) =>
            Diagnostics.Add(descriptor.Create(path, span, args));

        /// <summary>Rules that pair the file with its baseline version: package, and what was deleted from it.</summary>
        public void CompareFiles(FileModel previous)
        {
            if (previous.Package != current.Package)
            {
                Report(DiagnosticCatalog.PackageChanged, source.Package, current.Name, previous.Package, current.Package);
            }
            var messages = new HashSet<string>(SchemaIndex.AllMessages(current.MessageTypes).Select(m => Nested(current, m.FullName)), StringComparer.Ordinal);
            foreach (var message in SchemaIndex.AllMessages(previous.MessageTypes))
            {
                var nested = Nested(previous, message.FullName);
                if (!messages.Contains(nested)) Report(DiagnosticCatalog.MessageDeleted, DeletedElementSpan(nested), message.FullName, current.Name);
            }
            var enums = new HashSet<string>(SchemaIndex.AllEnums(current).Select(e => Nested(current, e.FullName)), StringComparer.Ordinal);
            foreach (var enumModel in SchemaIndex.AllEnums(previous))
            {
                var nested = Nested(previous, enumModel.FullName);
                if (!enums.Contains(nested)) Report(DiagnosticCatalog.EnumDeleted, DeletedElementSpan(nested), enumModel.FullName, current.Name);
            }
            var services = new HashSet<string>(current.Services.Select(s => s.Name), StringComparer.Ordinal);
            foreach (var service in previous.Services)
            {
                if (!services.Contains(service.Name)) Report(DiagnosticCatalog.ServiceDeleted, SourceLocator.FileStart, service.FullName, current.Name);
            }
        }

        /// <summary>A name relative to its file's package, as buf pairs elements within a file.</summary>
        private static string Nested(FileModel file, string fullName) =>
            file.Package.Length == 0 ? fullName : fullName.Substring(file.Package.Length + 1);

        /// <summary>A deleted nested element is reported at its closest enclosing message that still exists; a deleted
        /// top-level one at the start of the file.</summary>
        private SourceSpan DeletedElementSpan(string nestedName)
        {
            var parts = nestedName.Split('.');
            for (int i = parts.Length - 1; i > 0; i--)
            {
                var parent = string.Join(".", parts, 0, i);
                var full = current.Package.Length == 0 ? parent : current.Package + "." + parent;
                if (now.Messages.ContainsKey(full) && now.Messages[full].File == current) return source.Message(full);
            }
            return SourceLocator.FileStart;
        }

        /// <summary>Rules that pair this file's messages, enums and services with the baseline's of the same full name.</summary>
        public void CompareElements()
        {
            foreach (var message in SchemaIndex.AllMessages(current.MessageTypes))
            {
                if (before.Messages.TryGetValue(message.FullName, out var previous)) CompareMessages(previous, now.Messages[message.FullName]);
            }
            foreach (var enumModel in SchemaIndex.AllEnums(current))
            {
                if (before.Enums.TryGetValue(enumModel.FullName, out var previous)) CompareEnums(previous, now.Enums[enumModel.FullName]);
            }
            foreach (var service in current.Services)
            {
                if (before.Services.TryGetValue(service.FullName, out var previous)) CompareServices(previous.Model, service);
            }
        }

        private void CompareMessages(MessageEntry previousEntry, MessageEntry currentEntry)
        {
            var previous = previousEntry.Model;
            var message = currentEntry.Model;
            var fields = message.Fields.ToDictionary(f => f.Number);
            foreach (var old in previous.Fields)
            {
                if (fields.TryGetValue(old.Number, out var field))
                {
                    CompareFields(old, previousEntry, field, currentEntry);
                    continue;
                }
                if (!message.ReservedRanges.Any(r => old.Number >= r.Start && old.Number < r.End))
                {
                    Report(DiagnosticCatalog.FieldDeletedNumberNotReserved, source.Message(message.FullName), old.Number, old.Name, previous.FullName);
                }
                if (!message.ReservedNames.Contains(old.Name))
                {
                    Report(DiagnosticCatalog.FieldDeletedNameNotReserved, source.Message(message.FullName), old.Number, old.Name, previous.FullName);
                }
            }

            // A baseline is only as consistent as its bytes: numbers are compared as sets, never as dictionary keys.
            var previousRequired = previous.Fields.Where(f => IsRequired(f, previousEntry)).ToList();
            var currentRequired = message.Fields.Where(f => IsRequired(f, currentEntry)).ToList();
            foreach (var old in previousRequired.Where(f => !currentRequired.Any(c => c.Number == f.Number)))
            {
                Report(DiagnosticCatalog.RequiredFieldsChanged, source.Message(message.FullName), message.FullName, "no longer has", old.Number, old.Name);
            }
            foreach (var added in currentRequired.Where(f => !previousRequired.Any(p => p.Number == f.Number)))
            {
                Report(DiagnosticCatalog.RequiredFieldsChanged, source.FieldWhole(message.FullName, added.Name), message.FullName, "has a new", added.Number, added.Name);
            }

            foreach (var range in previous.ReservedRanges)
            {
                // Message ranges are end-exclusive.
                if (!Covered(range.Start, range.End - 1, message.ReservedRanges.Select(r => (r.Start, r.End - 1))))
                {
                    Report(DiagnosticCatalog.MessageReservedDeleted, source.Message(message.FullName), message.FullName, DescribeRange(range.Start, range.End - 1));
                }
            }
            foreach (var name in previous.ReservedNames.Where(n => !message.ReservedNames.Contains(n)))
            {
                Report(DiagnosticCatalog.MessageReservedDeleted, source.Message(message.FullName), message.FullName, $"the name \"{name}\"");
            }

            var previousJson = JsonFormat(previous.Options, previousEntry.File, previousEntry.Scopes);
            var currentJson = JsonFormat(message.Options, currentEntry.File, currentEntry.Scopes);
            // Only losing JSON support breaks anyone: a message that gains it was not read as JSON before.
            if (previousJson == "ALLOW" && currentJson != "ALLOW")
            {
                Report(DiagnosticCatalog.MessageJsonFormatChanged, source.MessageOption(message.FullName, "features.json_format"), message.FullName, previousJson, currentJson);
            }
        }

        private void CompareFields(FieldModel old, MessageEntry previousMessage, FieldModel field, MessageEntry currentMessage)
        {
            string owner = previousMessage.Model.FullName, ownerNow = currentMessage.Model.FullName;
            if (old.Name != field.Name)
            {
                Report(DiagnosticCatalog.FieldNameChanged, source.FieldName(ownerNow, field.Name), old.Number, owner, old.Name, field.Name);
            }
            if (old.JsonName != field.JsonName)
            {
                Report(DiagnosticCatalog.FieldJsonNameChanged, source.FieldJsonName(ownerNow, field.Name), old.Number, old.Name, owner, old.JsonName, field.JsonName);
            }

            var previousKind = Kind(old, previousMessage);
            var currentKind = Kind(field, currentMessage);
            if (TypeGroup(previousKind) != TypeGroup(currentKind) || !SameReferencedType(old, previousKind, field))
            {
                Report(DiagnosticCatalog.FieldTypeIncompatible, source.FieldType(ownerNow, field.Name), old.Number, old.Name, owner,
                    DescribeType(old, previousKind), DescribeType(field, currentKind));
            }

            if (!(previousMessage.Model.IsMapEntry && currentMessage.Model.IsMapEntry))
            {
                var previousCardinality = Cardinality(old, previousMessage, before);
                var currentCardinality = Cardinality(field, currentMessage, now);
                if (CardinalityGroup(previousCardinality) != CardinalityGroup(currentCardinality))
                {
                    Report(DiagnosticCatalog.FieldCardinalityIncompatible, source.FieldLabel(ownerNow, field.Name), old.Number, old.Name, owner,
                        previousCardinality, currentCardinality);
                }
            }

            var previousOneof = RealOneof(old, previousMessage.Model);
            var currentOneof = RealOneof(field, currentMessage.Model);
            if (previousOneof != currentOneof)
            {
                Report(DiagnosticCatalog.FieldOneofChanged, source.FieldWhole(ownerNow, field.Name), old.Number, old.Name, owner,
                    previousOneof is null ? "outside any oneof" : $"in oneof \"{previousOneof}\"",
                    currentOneof is null ? "outside any oneof" : $"in oneof \"{currentOneof}\"");
            }

            if (CanHaveDefault(old, previousKind) && CanHaveDefault(field, currentKind))
            {
                var previousDefault = DefaultOf(old, previousKind, before);
                var currentDefault = DefaultOf(field, currentKind, now);
                if (!(previousDefault.IsZero && currentDefault.IsZero) && !previousDefault.SameAs(currentDefault))
                {
                    Report(DiagnosticCatalog.FieldDefaultChanged, source.FieldDefault(ownerNow, field.Name), old.Number, old.Name, owner,
                        previousDefault.Display, currentDefault.Display);
                }
            }
        }

        /// <summary>Enum and message references: the same message by full name; an enum whose short name is the same and
        /// whose values include all the baseline's (buf allows renaming an enum's package this way).</summary>
        private bool SameReferencedType(FieldModel old, FieldType kind, FieldModel field)
        {
            if (old.TypeName is null || field.TypeName is null || old.TypeName == field.TypeName) return true;
            if (kind != FieldType.Enum) return false;
            var previousEnum = before.Enum(old.TypeName);
            var currentEnum = now.Enum(field.TypeName);
            if (previousEnum is null || currentEnum is null || previousEnum.Model.Name != currentEnum.Model.Name) return false;
            return previousEnum.Model.Values.All(v => currentEnum.Model.Values.Any(c => c.Number == v.Number && c.Name == v.Name));
        }

        private void CompareEnums(EnumEntry previousEntry, EnumEntry currentEntry)
        {
            var previous = previousEntry.Model;
            var enumModel = currentEntry.Model;
            var byNumber = enumModel.Values.GroupBy(v => v.Number).ToDictionary(g => g.Key, g => g.Select(v => v.Name).ToList());
            foreach (var group in previous.Values.GroupBy(v => v.Number))
            {
                var names = group.Select(v => v.Name).ToList();
                if (byNumber.TryGetValue(group.Key, out var currentNames))
                {
                    if (!names.All(currentNames.Contains))
                    {
                        var renamed = names.First(n => !currentNames.Contains(n));
                        Report(DiagnosticCatalog.EnumValueNameChanged, source.EnumValue(enumModel.FullName, currentNames[0]), group.Key, previous.FullName,
                            renamed, string.Join("\", \"", currentNames));
                    }
                    continue;
                }
                // Enum reserved ranges are inclusive at both ends.
                if (!enumModel.ReservedRanges.Any(r => group.Key >= r.Start && group.Key <= r.End))
                {
                    Report(DiagnosticCatalog.EnumValueDeletedNumberNotReserved, source.Enum(enumModel.FullName), group.Key, string.Join("\", \"", names), previous.FullName);
                }
                if (!names.All(enumModel.ReservedNames.Contains))
                {
                    Report(DiagnosticCatalog.EnumValueDeletedNameNotReserved, source.Enum(enumModel.FullName), group.Key, string.Join("\", \"", names), previous.FullName);
                }
            }
            foreach (var range in previous.ReservedRanges)
            {
                if (!Covered(range.Start, range.End, enumModel.ReservedRanges.Select(r => (r.Start, r.End))))
                {
                    Report(DiagnosticCatalog.EnumReservedDeleted, source.Enum(enumModel.FullName), enumModel.FullName, DescribeRange(range.Start, range.End));
                }
            }
            foreach (var name in previous.ReservedNames.Where(n => !enumModel.ReservedNames.Contains(n)))
            {
                Report(DiagnosticCatalog.EnumReservedDeleted, source.Enum(enumModel.FullName), enumModel.FullName, $"the name \"{name}\"");
            }
            bool wasClosed = IsClosed(previous, previousEntry.File, previousEntry.Scopes);
            bool isClosed = IsClosed(enumModel, currentEntry.File, currentEntry.Scopes);
            if (wasClosed != isClosed)
            {
                Report(DiagnosticCatalog.EnumOpennessChanged, source.EnumOption(enumModel.FullName, "features.enum_type"), enumModel.FullName,
                    wasClosed ? "closed" : "open", isClosed ? "closed" : "open");
            }
            var previousJson = JsonFormat(previous.Options, previousEntry.File, previousEntry.Scopes);
            var currentJson = JsonFormat(enumModel.Options, currentEntry.File, currentEntry.Scopes);
            if (previousJson == "ALLOW" && currentJson != "ALLOW")
            {
                Report(DiagnosticCatalog.EnumJsonFormatChanged, source.EnumOption(enumModel.FullName, "features.json_format"), enumModel.FullName, previousJson, currentJson);
            }
        }

        private void CompareServices(ServiceModel previous, ServiceModel service)
        {
            var methods = service.Methods.ToDictionary(m => m.Name);
            foreach (var old in previous.Methods)
            {
                if (!methods.TryGetValue(old.Name, out var method))
                {
                    Report(DiagnosticCatalog.RpcDeleted, source.Service(service.FullName), old.Name, previous.FullName);
                    continue;
                }
                var node = source.Method(service.FullName, method.Name);
                var nameSpan = node?.Name.Span ?? source.Service(service.FullName);
                if (old.InputType != method.InputType)
                {
                    Report(DiagnosticCatalog.RpcRequestTypeChanged, node?.InputType.Span ?? nameSpan, old.Name, previous.FullName, old.InputType.TrimStart('.'), method.InputType.TrimStart('.'));
                }
                if (old.OutputType != method.OutputType)
                {
                    Report(DiagnosticCatalog.RpcResponseTypeChanged, node?.OutputType.Span ?? nameSpan, old.Name, previous.FullName, old.OutputType.TrimStart('.'), method.OutputType.TrimStart('.'));
                }
                if (old.ClientStreaming != method.ClientStreaming)
                {
                    Report(DiagnosticCatalog.RpcClientStreamingChanged, node?.InputType.Span ?? nameSpan, old.Name, previous.FullName,
                        old.ClientStreaming ? "client streaming" : "not client streaming", method.ClientStreaming ? "client streaming" : "not client streaming");
                }
                if (old.ServerStreaming != method.ServerStreaming)
                {
                    Report(DiagnosticCatalog.RpcServerStreamingChanged, node?.OutputType.Span ?? nameSpan, old.Name, previous.FullName,
                        old.ServerStreaming ? "server streaming" : "not server streaming", method.ServerStreaming ? "server streaming" : "not server streaming");
                }
                var previousLevel = old.Options.Get("idempotency_level") ?? "IDEMPOTENCY_UNKNOWN";
                var currentLevel = method.Options.Get("idempotency_level") ?? "IDEMPOTENCY_UNKNOWN";
                if (previousLevel != currentLevel)
                {
                    var optionSpan = node?.Options.LastOrDefault(o => o.NameText == "idempotency_level")?.Span ?? nameSpan;
                    Report(DiagnosticCatalog.RpcIdempotencyChanged, optionSpan, old.Name, previous.FullName, previousLevel, currentLevel);
                }
            }
        }
    }

    /// <summary>The field's encoding kind: a message field with the DELIMITED feature is a group on the wire.</summary>
    private static FieldType Kind(FieldModel field, MessageEntry message) =>
        EditionFeatures.IsDelimited(field, new FeatureScope(message.File, Scopes(message))) ? FieldType.Group : field.Type;

    private static IReadOnlyList<OptionsModel> Scopes(MessageEntry message) => new[] { message.Model.Options }.Concat(message.Scopes).ToArray();

    /// <summary>Types a value written as one can be read as the other, in binary and in JSON (buf's WIRE_JSON groups):
    /// int32/uint32, int64/uint64, fixed32/sfixed32, fixed64/sfixed64; every other type only with itself.</summary>
    private static int TypeGroup(FieldType type) => type switch
    {
        FieldType.Int32 or FieldType.UInt32 => 1,
        FieldType.Int64 or FieldType.UInt64 => 2,
        FieldType.Fixed32 or FieldType.SFixed32 => 3,
        FieldType.Fixed64 or FieldType.SFixed64 => 4,
        _ => 100 + (int)type,
    };

    private const string Optional = "optional", Required = "required", Repeated = "repeated", Map = "a map";

    private static string Cardinality(FieldModel field, MessageEntry message, SchemaIndex index)
    {
        if (field.Label == FieldLabel.Repeated)
        {
            return field.Type == FieldType.Message && index.Message(field.TypeName) is { Model.IsMapEntry: true } ? Map : Repeated;
        }
        return IsRequired(field, message) ? Required : Optional;
    }

    /// <summary>Explicit and implicit presence read the same bytes; required, repeated and map do not mix.</summary>
    private static int CardinalityGroup(string cardinality) => cardinality switch
    {
        Optional => 1,
        Required => 2,
        Repeated => 3,
        _ => 4,
    };

    private static bool IsRequired(FieldModel field, MessageEntry message) =>
        EditionFeatures.IsRequired(field, new FeatureScope(message.File, Scopes(message)));

    /// <summary>The oneof a field belongs to; proto3 optional's synthetic oneof counts as none.</summary>
    private static string? RealOneof(FieldModel field, MessageModel message) =>
        field.OneofIndex is int index && !field.Proto3Optional && index < message.Oneofs.Count ? message.Oneofs[index].Name : null;

    private static bool IsClosed(EnumModel enumModel, FileModel file, IReadOnlyList<OptionsModel> scopes) =>
        EditionFeatures.IsClosedEnum(enumModel.Options, new FeatureScope(file, scopes));

    private static string JsonFormat(OptionsModel own, FileModel file, IReadOnlyList<OptionsModel> scopes) =>
        EditionFeatures.JsonFormat(own, new FeatureScope(file, scopes));

    /// <summary>Whether every number of [start, end] lies in one of the ranges (all inclusive).</summary>
    private static bool Covered(int start, int end, IEnumerable<(int Start, int End)> ranges)
    {
        long next = start;
        foreach (var range in ranges.OrderBy(r => r.Start))
        {
            if (range.Start > next) break;
            if (range.End >= next) next = (long)range.End + 1;
            if (next > end) return true;
        }
        return next > end;
    }

    private static string DescribeRange(int start, int end) =>
        start == end ? $"number {start}" : $"numbers {start} to {(end >= 536870911 ? "max" : end.ToString(CultureInfo.InvariantCulture))}";

    private static string DescribeType(FieldModel field, FieldType kind)
    {
        string name = kind switch
        {
            FieldType.UInt32 => "uint32",
            FieldType.UInt64 => "uint64",
            FieldType.SFixed32 => "sfixed32",
            FieldType.SFixed64 => "sfixed64",
            FieldType.SInt32 => "sint32",
            FieldType.SInt64 => "sint64",
            FieldType.Group when field.Type == FieldType.Message => "delimited message",
            _ => kind.ToString().ToLowerInvariant(),
        };
        return field.TypeName is null ? name : $"{name} \"{field.TypeName.TrimStart('.')}\"";
    }

    private static bool CanHaveDefault(FieldModel field, FieldType kind) =>
        field.Label != FieldLabel.Repeated && kind is not (FieldType.Message or FieldType.Group);

    /// <summary>A field's default as readers see it: the <c>default</c> option, else the type's zero value, for enums
    /// the first value of the enum (which proto3 requires to be zero).</summary>
    private static FieldDefault DefaultOf(FieldModel field, FieldType kind, SchemaIndex index)
    {
        var text = field.DefaultValue;
        switch (kind)
        {
            case FieldType.String:
            case FieldType.Bytes:
                return new FieldDefault(text ?? "", null, IsNaN: false, IsFloat32: false, $"\"{text ?? ""}\"");
            case FieldType.Enum:
                var enumModel = index.Enum(field.TypeName)?.Model;
                var value = text is null ? enumModel?.Values.FirstOrDefault() : enumModel?.Values.FirstOrDefault(v => v.Name == text);
                int number = value?.Number ?? 0;
                return new FieldDefault(null, number, IsNaN: false, IsFloat32: false, $"{enumModel?.Name}.{value?.Name ?? number.ToString(CultureInfo.InvariantCulture)}");
            case FieldType.Bool:
                return new FieldDefault(null, text == "true" ? 1 : 0, IsNaN: false, IsFloat32: false, text ?? "false");
            case FieldType.Double:
            case FieldType.Float:
                double parsed = text switch
                {
                    null => 0,
                    "inf" => double.PositiveInfinity,
                    "-inf" => double.NegativeInfinity,
                    "nan" => double.NaN,
                    _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
                };
                return new FieldDefault(null, double.IsNaN(parsed) ? 0 : (decimal?)null, double.IsNaN(parsed), kind == FieldType.Float, text ?? "0") { Floating = parsed };
            default:
                // Integers: decimal holds every int64 and uint64 exactly.
                return new FieldDefault(null, text is null ? 0 : decimal.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture),
                    IsNaN: false, IsFloat32: false, text ?? "0");
        }
    }

    /// <summary>A default compared as buf compares them: text with text (string and bytes), everything else by numeric
    /// value across types (bool as 0 or 1, enums by number), float against double at float precision, NaN equal to NaN.</summary>
    private sealed record FieldDefault(string? Text, decimal? Number, bool IsNaN, bool IsFloat32, string Display)
    {
        public double? Floating { get; init; }

        public bool IsZero => Text is not null ? Text.Length == 0 : !IsNaN && (Floating is double f ? BitConverter.DoubleToInt64Bits(f) == 0 : Number == 0);

        public bool SameAs(FieldDefault other)
        {
            if (Text is not null || other.Text is not null) return Text == other.Text;
            if (IsNaN || other.IsNaN) return IsNaN && other.IsNaN;
            double left = Floating ?? (double)Number!.Value, right = other.Floating ?? (double)other.Number!.Value;
            if (Floating is not null || other.Floating is not null)
            {
                if (IsFloat32 != other.IsFloat32 && (Floating is not null && other.Floating is not null)) return (float)left == (float)right;
                return left.Equals(right);
            }
            return Number == other.Number;
        }
    }
}
