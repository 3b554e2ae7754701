using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>.proto comments as XML doc comments, and the attributes options imply, written as protoc's C# generator does.</summary>
internal static class DocComments
{
    /// <summary>Writes the leading comment as a <c>summary</c>: XML-escaped, runs of blank lines squashed to one,
    /// trailing blank lines dropped, leading whitespace kept (it matters to markdown). A one-line comment is a one-line
    /// summary.</summary>
    public static void WriteSummary(CodeWriter w, Comments comments)
    {
        if (string.IsNullOrWhiteSpace(comments.Leading)) return;
        string[] lines = XmlText(comments.Leading!.Replace("\r\n", "\n")).Split('\n');
        if (lines.Count(line => line.Trim().Length != 0) == 1)
        {
            w.Line("/// <summary>" + lines.First(line => line.Trim().Length != 0).Trim() + "</summary>");
            return;
        }
        w.Line("/// <summary>");
        bool lastWasEmpty = false;
        foreach (string line in lines)
        {
            if (line.Trim().Length == 0)
            {
                lastWasEmpty = true;
                continue;
            }
            if (lastWasEmpty) w.Line("///");
            lastWasEmpty = false;
            w.Line("///" + (line[0] == ' ' ? line : " " + line));
        }
        w.Line("/// </summary>");
    }

    /// <summary>Escapes markup and drops the control characters XML cannot hold (a project that builds its
    /// documentation file would otherwise warn about malformed XML).</summary>
    private static string XmlText(string text)
    {
        var result = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '\n' or '\t': result.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': break;
                default: result.Append(c); break;
            }
        }
        return result.ToString();
    }

    /// <summary>Writes the summary and, for <c>deprecated = true</c>, <c>[global::System.Obsolete]</c>.</summary>
    public static void WriteDocsAndAttributes(CodeWriter w, Comments comments, OptionsModel options)
    {
        WriteSummary(w, comments);
        if (options.GetBool("deprecated")) w.Line("[global::System.Obsolete]");
    }

    /// <summary>Writes <c>[GeneratedCode]</c>, through the <c>scc</c> alias in files that declare
    /// <see cref="CSharpEmitter.Aliases"/>.</summary>
    public static void WriteGeneratedCode(CodeWriter w, bool aliased = true) =>
        w.Line($"[{(aliased ? "scc::" : "global::System.CodeDom.Compiler.")}GeneratedCode(\"ProtoGen\", \"{CSharpEmitter.ToolVersion}\")]");
}
