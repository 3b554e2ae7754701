using System.Globalization;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.Emit;

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
    /// <summary>Every problem of <paramref name="file"/> with its own options (csharp_namespace).</summary>
    public static List<CSharpProblem> Check(FileModel file)
    {
        var problems = new List<CSharpProblem>();
        string? csharpNamespace = file.Options.Get("csharp_namespace");
        if (csharpNamespace is not null && file.Package != "google.protobuf" && NamespaceProblem(csharpNamespace) is { } reason)
        {
            problems.Add(new CSharpProblem(DiagnosticCatalog.InvalidCSharpNamespace,
                new ElementRef(ElementKind.FileOption, "csharp_namespace", ""), new object[] { csharpNamespace, reason }));
        }
        return problems;
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
