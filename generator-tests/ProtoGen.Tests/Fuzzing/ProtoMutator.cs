using System.Text;
using System.Text.RegularExpressions;

namespace ProtoGen.Tests.Fuzzing;

/// <summary>
/// Token-level mutations of .proto text: deletions, insertions, swaps, duplications, truncations, consistent renames,
/// and odd identifiers, strings and numbers put where options, names and numbers go. Each mutation keeps most of the
/// file intact, so many mutants still parse and bind and reach the emitter, which is where generated C# can break.
/// </summary>
internal static partial class ProtoMutator
{
    /// <summary>Identifiers that stress C# naming: keywords, contextual keywords, members every message has, names
    /// that collide after PascalCase (foo_bar / fooBar / FooBar) or with generated members (has_x, clear_x,
    /// x_field_number), and names of namespaces generated code refers to.</summary>
    public static readonly string[] OddIdentifiers =
    {
        "string", "class", "object", "int", "namespace", "event", "base", "this", "params", "operator", "bool", "void",
        "value", "var", "dynamic", "global", "nameof", "async", "await", "partial", "record", "where", "yield", "get",
        "set", "add", "remove", "unmanaged", "notnull", "file", "scoped", "required", "field",
        "Types", "Descriptor", "Parser", "Equals", "ToString", "GetHashCode", "WriteTo", "Clone", "CalculateSize",
        "MergeFrom", "OnConstruction", "ToByteArray", "WriteDelimitedTo", "IsInitialized", "GetType", "None", "Extensions",
        "Finalize", "MemberwiseClone", "ReferenceEquals", "Item", "Count", "Value", "Key", "Entry", "Reflection",
        "foo", "foo_bar", "fooBar", "FooBar", "foo__bar", "_foo_bar", "foo_bar_", "FOO_BAR", "has_foo", "HasFoo",
        "clear_foo", "foo_field_number", "FooFieldNumber", "foo_case", "FooCase", "foo_oneof_case", "FooOneofCase",
        "_", "__", "_1", "a1b", "A1B", "x_2d", "_2d", "z", "Z", "Foo_", "FooEntry", "foo_entry", "Base", "Client",
        "System", "ProtoGen", "Google", "Grpc", "Object", "String", "Int32", "Span", "Serialize", "Marshaller",
        "Method", "Service", "BindService", "Stub", "descriptor", "parser", "type", "types", "kind", "KindCase",
        "protogen", "google", "grpc", "ServerCallContext", "CallOptions", "Task", "IMessage", "ByteString",
        "RepeatedField", "MapField", "Empty", "Timestamp", "Any", "SizePass", "WireWriter", "WireReader",
    };

    /// <summary>Strings for option values (csharp_namespace, json_name, defaults, custom options).</summary>
    public static readonly string[] OddStrings =
    {
        "", " ", "Foo Bar", "1abc", "a..b", ".a", "a.", ".", "class", "a.class", "@class", "Foo.@class", "Foo.Bar",
        "Ns.string", "global", "global.Foo", "Foo.global", "System", "System.Foo", "ProtoGen", "ProtoGen.Foo", "Foo-Bar",
        "\\\"", "a\\nb", "Ünïcödé", "日本語", "Foo.日本", "\\u0000", "\\001", "Foo.Bar.Baz", "Google.Protobuf",
        "ProtoGen.WellKnownTypes", "Grpc.Core", "A.B.C", "_", "__", "a1", "1", "0x", "Foo;", "Foo{", "//", "/*", "*/",
        "</summary>", "<", "&", "&amp;", "\\t", "Foo Bar.Baz", " Foo", "Foo ", "Foo\\u2028Bar", "Foo\\r\\nBar",
        "Google.Cloud.Re optional tail.V2", " 536870912 Google.Cloud.Iam.Admi public n.V1", "fooBar", "foo_bar",
        "FooBar", "Types", "Descriptor", "a\\\\b", "$", "@", "@@x", "a@b", "x\\x41", "\\u00e9t\\u00e9", "Ω.Ω",
        "Foo.Types", "Foo.Parser", "Foo.Foo", "value", "var", "int.Foo", "Foo.int", "IMessage", "Pascal.Case.Ns",
        "\\U0001F600", "Foo\\u200bBar", "Foo\\u00adBar", "ａｂｃ",
    };

    public static readonly string[] OddNumbers =
    {
        "0", "1", "-1", "2", "15", "16", "2047", "2048", "18999", "19000", "19999", "20000", "536870911", "536870912",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775808", "18446744073709551615", "18446744073709551616", "0x7fffffff",
        "0xFFFFFFFF", "0777", "08", "1e10", "1.5", "-0", "-0.0", "inf", "-inf", "nan", "1e309", "-1e309", "1e-400",
        "3.4028235e38", "3.5e38", "0.1", "1.", ".5", "1e5", "1E+5",
    };

    /// <summary>Other tokens worth inserting: keywords of the .proto grammar and its punctuation.</summary>
    private static readonly string[] GrammarTokens =
    {
        "message", "enum", "service", "rpc", "returns", "stream", "oneof", "map", "<", ">", ",", "optional",
        "repeated", "required", "group", "extend", "extensions", "reserved", "to", "max", "option", "import",
        "public", "weak", "package", "syntax", "edition", "=", ";", "{", "}", "[", "]", "(", ")", ".", "\"",
        "int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64",
        "bool", "string", "bytes", "float", "double", "true", "false", "default", "json_name", "packed", "deprecated",
        "allow_alias", "features", "google.protobuf.Timestamp", "google.protobuf.Any", "google.protobuf.Int32Value",
    };

    /// <summary>Statements and field lines worth inserting whole, with a placeholder for an odd value.</summary>
    private static readonly string[] Snippets =
    {
        "option csharp_namespace = \"{s}\";",
        "option csharp_namespace = \"{s}\";",
        "option java_package = \"{s}\";",
        "option (my_opt) = \"{s}\";",
        "string {i} = {n};",
        "int32 {i} = {n};",
        "optional int32 {i} = {n};",
        "repeated string {i} = {n};",
        "map<string, int32> {i} = {n};",
        "{i} {i} = {n};",
        "oneof {i} { int32 {i} = {n}; string {i} = {n}; }",
        "message {i} { int32 {i} = 1; }",
        "enum {i} { {i} = 0; {i} = 1; }",
        "service {i} { rpc {i} ({i}) returns ({i}); }",
        "int32 {i} = {n} [json_name = \"{s}\"];",
        "string {i} = {n} [default = \"{s}\"];",
        "import \"google/protobuf/timestamp.proto\";",
        "import \"google/protobuf/descriptor.proto\";",
        "reserved {n};",
        "reserved \"{i}\";",
        "extensions {n} to max;",
        "extend {i} { optional int32 {i} = {n}; }",
        "option deprecated = true;",
        "option allow_alias = true;",
        "option optimize_for = LITE_RUNTIME;",
    };

    private static readonly Regex TokenPattern = new(
        @"\G(?:(?<ws>\s+)|(?<comment>//[^\n]*|/\*.*?(?:\*/|\z))|(?<string>""(?:[^""\\\n]|\\.)*""?|'(?:[^'\\\n]|\\.)*'?)|" +
        @"(?<ident>[A-Za-z_][A-Za-z0-9_]*)|(?<number>[0-9][0-9A-Za-z_.]*(?:[eE][+-][0-9]+)?|\.[0-9][0-9A-Za-z_]*)|(?<other>.))",
        RegexOptions.Singleline | RegexOptions.CultureInvariant);

    public enum Kind { Space, Comment, String, Identifier, Number, Other }

    public readonly record struct Piece(Kind Kind, string Text);

    public static List<Piece> Tokenize(string text)
    {
        var result = new List<Piece>();
        int at = 0;
        while (at < text.Length)
        {
            var match = TokenPattern.Match(text, at);
            var kind = match.Groups["ws"].Success ? Kind.Space
                : match.Groups["comment"].Success ? Kind.Comment
                : match.Groups["string"].Success ? Kind.String
                : match.Groups["ident"].Success ? Kind.Identifier
                : match.Groups["number"].Success ? Kind.Number
                : Kind.Other;
            result.Add(new Piece(kind, match.Value));
            at += match.Length;
        }
        return result;
    }

    /// <summary>Applies one to three mutations; <paramref name="description"/> names them, for the failure report.</summary>
    public static string Mutate(string text, Random random, out string description)
    {
        var pieces = Tokenize(text);
        var names = new List<string>();
        int count = 1 + (random.Next(4) == 0 ? random.Next(3) : 0);
        for (int i = 0; i < count; i++) names.Add(MutateOnce(pieces, random));
        description = string.Join(", ", names);
        return string.Concat(pieces.Select(p => p.Text));
    }

    private static string MutateOnce(List<Piece> pieces, Random random)
    {
        var solid = Enumerable.Range(0, pieces.Count).Where(i => pieces[i].Kind is not (Kind.Space or Kind.Comment)).ToList();
        if (solid.Count == 0)
        {
            pieces.Add(new Piece(Kind.Other, Fill(Pick(Snippets, random), random)));
            return "snippet into empty file";
        }
        int at = solid[random.Next(solid.Count)];
        switch (random.Next(13))
        {
            case 0:
                pieces.RemoveAt(at);
                return $"delete token {at}";
            case 1:
            {
                var source = pieces[solid[random.Next(solid.Count)]];
                pieces.Insert(at, new Piece(Kind.Other, source.Text + " "));
                return $"insert copy of '{source.Text}' at token {at}";
            }
            case 2:
            {
                string token = Pick(GrammarTokens, random);
                pieces.Insert(at, new Piece(Kind.Other, token + " "));
                return $"insert '{token}' at token {at}";
            }
            case 3:
            {
                int other = solid[random.Next(solid.Count)];
                (pieces[at], pieces[other]) = (pieces[other], pieces[at]);
                return $"swap tokens {at} and {other}";
            }
            case 4:
            {
                int end = Math.Min(pieces.Count, at + 1 + random.Next(12));
                var copy = pieces.GetRange(at, end - at);
                pieces.InsertRange(end, copy.Prepend(new Piece(Kind.Space, " ")));
                return $"duplicate tokens {at}..{end}";
            }
            case 5:
                pieces.RemoveRange(at, pieces.Count - at);
                return $"truncate at token {at}";
            case 6:
                return ReplaceKind(pieces, random, Kind.Identifier, () => Pick(OddIdentifiers, random), "identifier");
            case 7:
                return ReplaceKind(pieces, random, Kind.String, () => "\"" + Pick(OddStrings, random) + "\"", "string");
            case 8:
                return ReplaceKind(pieces, random, Kind.Number, () => Pick(OddNumbers, random), "number");
            case 9:
            case 10:
                return Rename(pieces, random);
            default:
            {
                // A whole statement after a '{' or ';', where declarations and fields go.
                var anchors = solid.Where(i => pieces[i].Text is "{" or ";").ToList();
                int anchor = anchors.Count == 0 ? pieces.Count - 1 : anchors[random.Next(anchors.Count)];
                string snippet = Fill(Pick(Snippets, random), random);
                pieces.Insert(anchor + 1, new Piece(Kind.Other, "\n" + snippet + "\n"));
                return $"insert '{snippet}' after token {anchor}";
            }
        }
    }

    private static string ReplaceKind(List<Piece> pieces, Random random, Kind kind, Func<string> value, string what)
    {
        var candidates = Enumerable.Range(0, pieces.Count).Where(i => pieces[i].Kind == kind).ToList();
        if (candidates.Count == 0) return $"no {what} to replace";
        int at = candidates[random.Next(candidates.Count)];
        string replacement = value();
        string old = pieces[at].Text;
        pieces[at] = new Piece(kind, replacement);
        return $"replace {what} {old} at token {at} with {replacement}";
    }

    /// <summary>Renames every occurrence of one identifier, so references stay consistent and the mutant is more
    /// likely to bind: this is what reaches name collisions in the generated C#.</summary>
    private static string Rename(List<Piece> pieces, Random random)
    {
        var identifiers = pieces.Where(p => p.Kind == Kind.Identifier).Select(p => p.Text).Distinct().ToList();
        if (identifiers.Count == 0) return "no identifier to rename";
        string from = identifiers[random.Next(identifiers.Count)];
        string to = random.Next(3) == 0 ? identifiers[random.Next(identifiers.Count)] : Pick(OddIdentifiers, random);
        for (int i = 0; i < pieces.Count; i++)
        {
            if (pieces[i].Kind == Kind.Identifier && pieces[i].Text == from) pieces[i] = new Piece(Kind.Identifier, to);
        }
        return $"rename {from} to {to}";
    }

    private static string Fill(string snippet, Random random)
    {
        var result = new StringBuilder();
        for (int i = 0; i < snippet.Length; i++)
        {
            if (snippet[i] == '{' && i + 2 < snippet.Length && snippet[i + 2] == '}')
            {
                result.Append(snippet[i + 1] switch
                {
                    'i' => Pick(OddIdentifiers, random),
                    's' => Pick(OddStrings, random),
                    _ => random.Next(2) == 0 ? (1 + random.Next(30)).ToString(System.Globalization.CultureInfo.InvariantCulture) : Pick(OddNumbers, random),
                });
                i += 2;
            }
            else
            {
                result.Append(snippet[i]);
            }
        }
        return result.ToString();
    }

    public static T Pick<T>(IReadOnlyList<T> items, Random random) => items[random.Next(items.Count)];
}
