using System.Text;

namespace ProtoGen.Compiler.CSharp;

/// <summary>Builds C# text line by line, one tab per indentation level (the IDE shows it at the user's own width, and it
/// is one character where protoc's two spaces are two), and '\n' line endings (the same on every OS, so generated files
/// are byte-identical wherever they are produced).</summary>
internal sealed class CodeWriter
{
    private const char IndentUnit = '\t';
    private readonly StringBuilder _text = new();
    private int _indent;

    public void Line(string line)
    {
        if (line.Length != 0)
        {
            _text.Append(IndentUnit, _indent);
            _text.Append(line);
        }
        _text.Append('\n');
    }

    public void Line() => _text.Append('\n');

    /// <summary>Writes <paramref name="header"/> (if any) then an opening brace, and indents.</summary>
    public void Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
    }

    /// <summary>Unindents and writes a closing brace followed by <paramref name="suffix"/> (e.g. ";").</summary>
    public void Close(string suffix = "")
    {
        _indent--;
        Line("}" + suffix);
    }

    /// <summary>Marks the member declared next as code the debugger steps over, as protoc's C# does on every member.
    /// Members only: the class is partial and its other part is the user's own code.</summary>
    public void NonUserCode() => Line("[sd::DebuggerNonUserCode]");

    public void Indent() => _indent++;

    public void Unindent() => _indent--;

    public override string ToString() => _text.ToString();
}
