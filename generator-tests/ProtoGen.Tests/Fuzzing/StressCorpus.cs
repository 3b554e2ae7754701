using System.Globalization;
using System.Text;

namespace ProtoGen.Tests.Fuzzing;

/// <summary>
/// Random but mostly valid .proto files that use every construct the emitters handle (every scalar, enums, nested and
/// imported messages, maps of every key kind, oneofs, proto3 optional, groups, defaults, extensions, well-known
/// types, services of every streaming kind, proto2, proto3 and editions), with names drawn partly from
/// <see cref="ProtoMutator.OddIdentifiers"/>. They are the fuzzer's second corpus; the first is the repository's protos.
/// </summary>
internal static class StressCorpus
{
    private static readonly string[] Scalars =
    {
        "double", "float", "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32",
        "sfixed64", "bool", "string", "bytes",
    };

    private static readonly string[] MapKeys =
    {
        "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "bool", "string",
    };

    private static readonly string[] WellKnown =
    {
        "google.protobuf.Timestamp", "google.protobuf.Duration", "google.protobuf.Any", "google.protobuf.Struct",
        "google.protobuf.Value", "google.protobuf.Int32Value", "google.protobuf.StringValue", "google.protobuf.BytesValue",
        "google.protobuf.Empty", "google.protobuf.FieldMask", "google.protobuf.ListValue",
    };

    private static readonly string[] WellKnownImports =
    {
        "google/protobuf/timestamp.proto", "google/protobuf/duration.proto", "google/protobuf/any.proto",
        "google/protobuf/struct.proto", "google/protobuf/wrappers.proto", "google/protobuf/empty.proto",
        "google/protobuf/field_mask.proto",
    };

    /// <summary><paramref name="count"/> files under <c>stress/</c>; file i may import files before it.</summary>
    public static Dictionary<string, string> Create(int seed, int count)
    {
        var random = new Random(seed);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var exported = new List<(string Path, string Package, List<string> Messages, List<string> Enums, string Syntax)>();
        for (int i = 0; i < count; i++)
        {
            var file = new FileWriter(random, i, exported.Count == 0 ? null : exported[random.Next(exported.Count)]);
            string path = $"stress/s{i}.proto";
            files[path] = file.Write();
            exported.Add((path, file.Package, file.TopMessages, file.TopEnums, file.Syntax));
        }
        return files;
    }

    private sealed class FileWriter
    {
        private readonly Random _random;
        private readonly StringBuilder _text = new();
        private readonly (string Path, string Package, List<string> Messages, List<string> Enums, string Syntax)? _import;
        private readonly HashSet<string> _usedTopNames = new(StringComparer.Ordinal);
        private int _indent;

        public FileWriter(Random random, int index, (string, string, List<string>, List<string>, string)? import)
        {
            _random = random;
            _import = import;
            Syntax = random.Next(5) switch { 0 or 1 => "proto3", 2 or 3 => "proto2", _ => "editions" };
            Package = random.Next(6) == 0 ? "" : $"stress.p{index}" + (random.Next(3) == 0 ? "." + Name().ToLowerInvariant() : "");
        }

        public string Syntax { get; }

        public string Package { get; }

        public List<string> TopMessages { get; } = new();

        public List<string> TopEnums { get; } = new();

        private List<string> LocalMessages { get; } = new();

        private List<string> LocalEnums { get; } = new();

        private bool IsProto3 => Syntax == "proto3";

        private bool IsProto2 => Syntax == "proto2";

        public string Write()
        {
            Line(Syntax == "editions" ? "edition = \"2023\";" : $"syntax = \"{Syntax}\";");
            if (Package.Length > 0) Line($"package {Package};");
            if (_random.Next(3) == 0) Line($"option csharp_namespace = \"Stress.Ns{_random.Next(1000)}.{Pascal(Name())}\";");
            if (_import is { } import) Line($"import \"{import.Path}\";");
            foreach (var wkt in WellKnownImports) Line($"import \"{wkt}\";");

            // Declare names first, so that fields may refer to types declared later in the file.
            int messages = 1 + _random.Next(4), enums = _random.Next(3);
            var messageNames = Enumerable.Range(0, messages).Select(_ => UniqueTopName()).ToList();
            var enumNames = Enumerable.Range(0, enums).Select(_ => UniqueTopName()).ToList();
            LocalMessages.AddRange(messageNames);
            LocalEnums.AddRange(enumNames);
            TopMessages.AddRange(messageNames);
            TopEnums.AddRange(enumNames);

            foreach (var name in enumNames) WriteEnum(name, open: !IsProto2);
            foreach (var name in messageNames) WriteMessage(name, depth: 0);
            if (IsProto2 && _random.Next(2) == 0)
            {
                Open($"extend {messageNames[0]}");
                Line($"optional {Scalar()} {Name().ToLowerInvariant()}_ext = {1000 + _random.Next(100)};");
                Close();
            }
            if (_random.Next(2) == 0) WriteService(messageNames);
            return _text.ToString();
        }

        private void WriteEnum(string name, bool open)
        {
            Open($"enum {name}");
            bool alias = _random.Next(4) == 0;
            if (alias) Line("option allow_alias = true;");
            string prefix = ShoutyPrefix(name);
            int values = 1 + _random.Next(4);
            var used = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < values; i++)
            {
                string valueName = (_random.Next(2) == 0 ? prefix + "_" : "") + Shouty(Name()) + "_" + i.ToString(CultureInfo.InvariantCulture);
                if (!used.Add(valueName)) continue;
                Line($"{valueName} = {(i == 0 && open ? 0 : i)};");
            }
            if (alias) Line($"{prefix}_ALIAS_OF_FIRST = 0;");
            Close();
        }

        private void WriteMessage(string name, int depth)
        {
            Open($"message {name}");
            var nestedMessages = depth < 2 ? Enumerable.Range(0, _random.Next(2)).Select(_ => UniqueName(name)).ToList() : new List<string>();
            var nestedEnums = depth < 2 ? Enumerable.Range(0, _random.Next(2)).Select(_ => UniqueName(name)).ToList() : new List<string>();
            foreach (var nested in nestedEnums) WriteEnum(nested, open: !IsProto2);
            foreach (var nested in nestedMessages) WriteMessage(nested, depth + 1);

            var usedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { name };
            int number = 1;
            int fields = 1 + _random.Next(8);
            for (int i = 0; i < fields; i++)
            {
                string fieldName = FieldName(usedNames);
                string type = FieldTypeName(nestedMessages, nestedEnums, out bool isEnum, out bool isMessage);
                switch (_random.Next(8))
                {
                    case 0:
                        Line($"repeated {type} {fieldName} = {number++}{PackedOption(type, isMessage)};");
                        break;
                    case 1:
                        string value = _random.Next(3) == 0 ? type : Scalar();
                        Line($"map<{Pick(MapKeys)}, {value}> {fieldName} = {number++};");
                        break;
                    case 2:
                        Open($"oneof {fieldName}");
                        int members = 1 + _random.Next(3);
                        for (int m = 0; m < members; m++)
                        {
                            Line($"{FieldTypeName(nestedMessages, nestedEnums, out _, out _)} {FieldName(usedNames)} = {number++};");
                        }
                        Close();
                        break;
                    case 3 when IsProto2 && depth == 0:
                        Open($"optional group {Pascal(FieldName(usedNames))}Group = {number++}");
                        Line($"optional {Scalar()} {FieldName(usedNames)} = {number++};");
                        Close();
                        break;
                    default:
                        string label = IsProto3 ? (_random.Next(2) == 0 ? "optional " : "") : IsProto2 ? (_random.Next(5) == 0 ? "required " : "optional ") : "";
                        string options = Options(type, isEnum, isMessage, label, nestedEnums);
                        Line($"{label}{type} {fieldName} = {number++}{options};");
                        break;
                }
            }
            if (IsProto2 && _random.Next(3) == 0) Line($"extensions {1000} to {1999};");
            if (_random.Next(4) == 0) Line($"reserved {number + 5}, {number + 7} to {number + 9};");
            Close();
        }

        private string Options(string type, bool isEnum, bool isMessage, string label, List<string> nestedEnums)
        {
            var options = new List<string>();
            if (_random.Next(5) == 0) options.Add($"json_name = \"{Name()}{_random.Next(100)}\"");
            if (_random.Next(6) == 0) options.Add("deprecated = true");
            if (IsProto2 && !isMessage && !isEnum && _random.Next(3) == 0)
            {
                string? value = DefaultFor(type);
                if (value is not null) options.Add("default = " + value);
            }
            return options.Count == 0 ? "" : " [" + string.Join(", ", options) + "]";
        }

        private string? DefaultFor(string type) => type switch
        {
            "double" or "float" => Pick(new[] { "1.5", "-inf", "inf", "nan", "0", "-0.25", "1e10" }),
            "int32" or "sint32" or "sfixed32" => Pick(new[] { "-2147483648", "2147483647", "0", "-7" }),
            "int64" or "sint64" or "sfixed64" => Pick(new[] { "-9223372036854775808", "9223372036854775807", "42" }),
            "uint32" or "fixed32" => Pick(new[] { "4294967295", "0", "7" }),
            "uint64" or "fixed64" => Pick(new[] { "18446744073709551615", "0", "9" }),
            "bool" => Pick(new[] { "true", "false" }),
            "string" => Pick(new[] { "\"\"", "\"a\\\"b\"", "\"\\n\\t\\\\\"", "\"é日\"", "\"\\u2028\"", "\"*/ </summary>\"" }),
            "bytes" => Pick(new[] { "\"\\001\\xff\"", "\"\"", "\"abc\"" }),
            _ => null,
        };

        private string PackedOption(string type, bool isMessage) =>
            !isMessage && type != "string" && type != "bytes" && Syntax != "editions" && _random.Next(3) == 0
                ? (_random.Next(2) == 0 ? " [packed = true]" : " [packed = false]") : "";

        private void WriteService(List<string> messages)
        {
            Open($"service {UniqueTopName()}");
            int methods = 1 + _random.Next(4);
            var used = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < methods; i++)
            {
                string name = Pascal(Name());
                if (!used.Add(name)) continue;
                string input = _random.Next(4) == 0 ? "google.protobuf.Empty" : Pick(messages);
                string output = Pick(messages);
                Line($"rpc {name} ({(_random.Next(3) == 0 ? "stream " : "")}{input}) returns ({(_random.Next(3) == 0 ? "stream " : "")}{output});");
            }
            Close();
        }

        private string FieldTypeName(List<string> nestedMessages, List<string> nestedEnums, out bool isEnum, out bool isMessage)
        {
            isEnum = false;
            isMessage = false;
            switch (_random.Next(10))
            {
                case 0 when LocalMessages.Count > 0:
                    isMessage = true;
                    return Pick(LocalMessages);
                case 1 when nestedMessages.Count > 0:
                    isMessage = true;
                    return Pick(nestedMessages);
                case 2 when nestedEnums.Count > 0:
                    isEnum = true;
                    return Pick(nestedEnums);
                case 3 when LocalEnums.Count > 0:
                    isEnum = true;
                    return Pick(LocalEnums);
                case 4:
                    isMessage = true;
                    return Pick(WellKnown);
                case 5 when _import is { } import && import.Messages.Count > 0:
                    isMessage = true;
                    return (import.Package.Length > 0 ? "." + import.Package + "." : ".") + Pick(import.Messages);
                default:
                    return Scalar();
            }
        }

        private string FieldName(HashSet<string> used)
        {
            for (int attempt = 0; ; attempt++)
            {
                string name = _random.Next(3) == 0 ? Pick(ProtoMutator.OddIdentifiers) : Snake();
                // Names that differ only by case or underscores make JSON-name conflicts: the mutator reaches those.
                string key = name.Replace("_", "");
                if (attempt < 20 && !used.Add(key)) continue;
                if (attempt >= 20) name += "_" + attempt.ToString(CultureInfo.InvariantCulture);
                return name;
            }
        }

        private string UniqueTopName()
        {
            while (true)
            {
                string name = _random.Next(4) == 0 ? Pascal(Pick(ProtoMutator.OddIdentifiers)) : Pascal(Name());
                if (name.Length > 0 && char.IsLetter(name[0]) && _usedTopNames.Add(name.ToLowerInvariant())) return name;
            }
        }

        private string UniqueName(string parent)
        {
            while (true)
            {
                string name = Pascal(Name());
                if (name != parent && _usedTopNames.Add(name.ToLowerInvariant())) return name;
            }
        }

        private static readonly string[] Syllables = { "ka", "lo", "mi", "ne", "ru", "ta", "ve", "zo", "pi", "qua", "sen", "dor" };

        private string Name() => Pick(Syllables) + Pick(Syllables) + (_random.Next(3) == 0 ? Pick(Syllables) : "");

        private string Snake() => Name() + (_random.Next(2) == 0 ? "_" + Name() : "") + (_random.Next(5) == 0 ? _random.Next(10).ToString(CultureInfo.InvariantCulture) : "");

        private string Scalar() => Pick(Scalars);

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private static string Pascal(string name) => name.Length == 0 ? name : char.ToUpperInvariant(name[0]) + name.Substring(1);

        private static string Shouty(string name) => name.ToUpperInvariant();

        private static string ShoutyPrefix(string name)
        {
            var result = new StringBuilder();
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i])) result.Append('_');
                result.Append(char.ToUpperInvariant(name[i]));
            }
            return result.ToString();
        }

        private void Open(string header)
        {
            Line(header + " {");
            _indent++;
        }

        private void Close()
        {
            _indent--;
            Line("}");
        }

        private void Line(string text) => _text.Append(' ', _indent * 2).Append(text).Append('\n');
    }
}
