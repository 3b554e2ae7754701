using System.Globalization;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>What a C# problem is about: the binder turns it into a span of the .proto text; without source (the
/// protoc plugin) the diagnostic's message names the element itself.</summary>
/// <param name="Scope">For file options the option name; for fields, oneofs and nested declarations the full name
/// of the enclosing message (or the package for file-level extensions); for enum values the enum's full name.</param>
internal readonly record struct ElementRef(ElementKind Kind, string Scope, string Name);

internal enum ElementKind
{
    FileOption,
    Message,
    Field,
    Oneof,
    Enum,
    EnumValue,
    Service,
    Method,
    Extension,
}

/// <summary>One problem found by <see cref="CSharpChecks"/>: the diagnostic's descriptor and arguments, and the element
/// whose span it belongs at.</summary>
internal sealed record CSharpProblem(DiagnosticDescriptor Descriptor, ElementRef Element, object[] Args)
{
    public ProtoDiagnostic ToDiagnostic(string filePath, SourceSpan span) => Descriptor.Create(filePath, span, Args);
}

/// <summary>
/// The checks between a valid .proto file and compilable C#: everything the emitter writes from the input into source
/// text that protoc's rules allow but C# does not (a <c>csharp_namespace</c> that is no namespace, names that collide
/// once protoc's C# naming rules have turned them into members). The binder runs them on every file, so the source
/// generator reports them at the option's or name's span; the protoc plugin runs them on the files of a request.
/// </summary>
internal static class CSharpChecks
{
    /// <summary>Names C# forbids or warns about for a type (record, file, scoped, required, and the C# 14 field,
    /// extension and allows), and names the generated code uses in type position, which a generated type of that
    /// name would capture (var, dynamic, nameof, _). The emitter writes type names as declared, so these are errors.</summary>
    private static readonly HashSet<string> ReservedTypeNames = new(StringComparer.Ordinal)
    {
        "record", "file", "scoped", "required", "field", "extension", "allows", "var", "dynamic", "nameof", "_",
    };

    /// <summary>Every problem of <paramref name="file"/> (its csharp_namespace, the C# names of its declarations).
    /// <paramref name="dependencies"/> are the files whose types its fields may use.</summary>
    public static List<CSharpProblem> Check(FileModel file, IEnumerable<FileModel> dependencies)
    {
        var problems = new List<CSharpProblem>();
        string? csharpNamespace = file.Options.Get("csharp_namespace");
        if (csharpNamespace is not null && file.Package != "google.protobuf" && NamespaceProblem(csharpNamespace) is { } reason)
        {
            problems.Add(new CSharpProblem(DiagnosticCatalog.InvalidCSharpNamespace,
                new ElementRef(ElementKind.FileOption, "csharp_namespace", ""), new object[] { csharpNamespace, reason }));
        }

        // The names the emitters write, from the file's plan: a top-level type or member added there is checked here.
        var types = new TypeIndex(file, dependencies.ToEquatableArray(), EmitOptions.Default);
        var spec = types.Planner.File();
        var topLevel = new Names(problems, "namespace of " + file.Name, enclosingType: null);
        foreach (var message in file.MessageTypes) topLevel.Add(CSharpNames.Escape(message.Name), new ElementRef(ElementKind.Message, message.FullName, ""), "message " + message.FullName);
        foreach (var enumSpec in spec.Enums) topLevel.Add(enumSpec.TypeName, new ElementRef(ElementKind.Enum, enumSpec.Enum.FullName, ""), "enum " + enumSpec.Enum.FullName);
        foreach (var service in spec.Services) topLevel.Add(service.ClassName, new ElementRef(ElementKind.Service, service.Service.FullName, ""), "service " + service.Service.FullName);
        if (spec.ExtensionClassName is not null)
        {
            var first = file.Extensions.FirstOrDefault();
            var element = first is null ? new ElementRef(ElementKind.FileOption, "", "") : new ElementRef(ElementKind.Extension, file.Package, first.Name);
            topLevel.Add(spec.ExtensionClassName, element, "the class of the file's extensions");
        }

        CheckTypeNames(file.MessageTypes, file.EnumTypes, problems);
        foreach (var service in file.Services)
        {
            CheckTypeName(service.Name, new ElementRef(ElementKind.Service, service.FullName, ""), "type", problems);
        }
        foreach (var message in file.MessageTypes) CheckMessage(message, file, types, problems);
        foreach (var service in spec.Services) CheckService(service, problems);
        return problems;
    }

    private static void CheckMessage(MessageModel message, FileModel file, TypeIndex types, List<CSharpProblem> problems)
    {
        if (message.IsMapEntry) return;
        var layout = types.Planner.Layout(types.Get(message.FullName));
        var names = new Names(problems, "message " + message.FullName, enclosingType: message.Name);
        var self = new ElementRef(ElementKind.Message, message.FullName, "");
        foreach (var member in layout.CommonMemberNames) names.Add(member, self, "a member every message has");
        if (layout.IsExtendable)
        {
            foreach (var member in MessageLayout.ExtendableMemberNames) names.Add(member, self, "a member of messages with extension ranges");
        }
        if (layout.HasTypesClass) names.Add(MessageLayout.TypesClassName, self, "the class of its nested types");
        if (ExtensionEmitter.Declarable(message.Extensions, types, file).Any()) names.Add("Extensions", self, "the class of its extensions");

        // The names the emitters write, from the plan they render: a member added there is checked here.
        foreach (var field in layout.Fields)
        {
            var element = new ElementRef(ElementKind.Field, message.FullName, field.Field.Name);
            if (!HasIdentifierCharacters(field.Field.Name, element, "property", problems)) continue;
            foreach (string member in field.MemberNames) names.Add(member, element, $"field \"{field.Field.Name}\"");
        }
        foreach (var oneof in layout.Oneofs)
        {
            var element = new ElementRef(ElementKind.Oneof, message.FullName, oneof.Oneof.Name);
            if (!HasIdentifierCharacters(oneof.Oneof.Name, element, "property", problems)) continue;
            foreach (string member in oneof.MemberNames) names.Add(member, element, $"oneof \"{oneof.Oneof.Name}\"");
        }

        CheckTypeNames(message.NestedTypes, message.EnumTypes, problems);
        foreach (var nested in message.NestedTypes) CheckMessage(nested, file, types, problems);
    }

    private static void CheckTypeNames(IEnumerable<MessageModel> messages, IEnumerable<EnumModel> enums, List<CSharpProblem> problems)
    {
        foreach (var message in messages.Where(m => !m.IsMapEntry))
        {
            CheckTypeName(message.Name, new ElementRef(ElementKind.Message, message.FullName, ""), "type", problems);
        }
        foreach (var enumModel in enums) CheckTypeName(enumModel.Name, new ElementRef(ElementKind.Enum, enumModel.FullName, ""), "type", problems);
    }

    private static void CheckTypeName(string name, ElementRef element, string what, List<CSharpProblem> problems)
    {
        if (ReservedTypeNames.Contains(name))
        {
            problems.Add(new CSharpProblem(DiagnosticCatalog.NameNotUsableInCSharp, element,
                new object[] { name, what, "C# reserves it, or generated code uses it as a type name" }));
        }
    }

    /// <summary>A property name comes from the letters and digits of the declared name (protoc's UnderscoresToPascalCase);
    /// a name of underscores alone would leave it empty.</summary>
    private static bool HasIdentifierCharacters(string name, ElementRef element, string what, List<CSharpProblem> problems)
    {
        if (name.Any(c => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return true;
        problems.Add(new CSharpProblem(DiagnosticCatalog.NameNotUsableInCSharp, element,
            new object[] { name, what, "the property name protoc's C# rules derive from it is empty" }));
        return false;
    }

    private static void CheckService(ServiceSpec service, List<CSharpProblem> problems)
    {
        // The client and server base classes are nested in the service's static class, next to the two classes' own
        // names; their rpc members are the plan's (Foo and FooAsync in the client for a unary rpc Foo).
        string name = service.Service.Name;
        var self = new ElementRef(ElementKind.Service, service.Service.FullName, "");
        var client = new Names(problems, $"class {name}.{name}Client", enclosingType: service.ClientName);
        var server = new Names(problems, $"class {name}.{name}Base", enclosingType: service.ServerBaseName);
        foreach (var member in ServiceSpec.ClientFixedMemberNames) client.Add(member, self, "a member of every client");
        foreach (var member in ServiceSpec.ServerFixedMemberNames) server.Add(member, self, "a member every class has");
        foreach (var method in service.Methods)
        {
            var element = new ElementRef(ElementKind.Method, service.Service.FullName, method.Method.Name);
            string what = $"rpc \"{method.Method.Name}\"";
            foreach (string member in method.ClientMemberNames) client.Add(member, element, what);
            foreach (string member in method.ServerMemberNames) server.Add(member, element, what);
        }
    }

    /// <summary>The member names of one C# type (or namespace) so far; a second element taking a name is a problem,
    /// reported at the second element, as is a member named like its enclosing type (CS0542).</summary>
    private sealed class Names(List<CSharpProblem> problems, string container, string? enclosingType)
    {
        /// <summary>Each element is reported once, at its first conflict: one clear error rather than one per derived name.</summary>
        private bool Reported(ElementRef element) => problems.Any(p => p.Element == element);

        private readonly Dictionary<string, (ElementRef Element, string What)> _taken = new(StringComparer.Ordinal);

        public void Add(string name, ElementRef element, string what)
        {
            string key = name.TrimStart('@');
            if (enclosingType is not null && key == enclosingType.TrimStart('@'))
            {
                if (Reported(element)) return;
                problems.Add(new CSharpProblem(DiagnosticCatalog.CSharpNameConflict, element, new object[] { what, key, "the type itself", container }));
                return;
            }
            if (!_taken.TryGetValue(key, out var earlier))
            {
                _taken.Add(key, (element, what));
                return;
            }
            // One element may declare a name twice only by being the same element (never: each name is listed once).
            if (earlier.Element == element || Reported(element)) return;
            problems.Add(new CSharpProblem(DiagnosticCatalog.CSharpNameConflict, element, new object[] { what, key, earlier.What, container }));
        }
    }

    /// <summary>Why <paramref name="ns"/> cannot be written after <c>namespace</c> (each dotted part an identifier;
    /// keywords are escaped with '@' by the emitter, so they are fine), or null when it can. Empty means the global
    /// namespace, as protoc's C# generator reads an empty csharp_namespace.</summary>
    public static string? NamespaceProblem(string ns)
    {
        if (ns.Length == 0) return null;
        foreach (var part in ns.Split('.'))
        {
            if (part.Length == 0) return "it has an empty part between dots";
            if (!IsIdentifier(part)) return $"\"{part}\" is not a C# identifier";
        }
        return null;
    }

    /// <summary>C#'s identifier rule (letters, '_' and, after the first character, digits, connectors, combining
    /// and formatting characters), with an optional leading '@'.</summary>
    public static bool IsIdentifier(string text)
    {
        int start = text.Length > 1 && text[0] == '@' ? 1 : 0;
        if (start == text.Length) return false;
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '_') continue;
            if (char.IsSurrogate(c)) return false;
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.UppercaseLetter:
                case UnicodeCategory.LowercaseLetter:
                case UnicodeCategory.TitlecaseLetter:
                case UnicodeCategory.ModifierLetter:
                case UnicodeCategory.OtherLetter:
                case UnicodeCategory.LetterNumber:
                    continue;
                case UnicodeCategory.DecimalDigitNumber:
                case UnicodeCategory.ConnectorPunctuation:
                case UnicodeCategory.NonSpacingMark:
                case UnicodeCategory.SpacingCombiningMark:
                case UnicodeCategory.Format:
                    if (i == start) return false;
                    continue;
                default:
                    return false;
            }
        }
        return true;
    }
}
