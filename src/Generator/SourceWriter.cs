using System.Text;

namespace CharRnn.Generator;

/// <summary>Indented lines with LF ends.</summary>
internal sealed class SourceWriter(int capacity)
{
    private readonly StringBuilder _text = new(capacity);
    private int _indent;

    public void Indent(int levels) => _indent += levels;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _indent * 4).Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes each line of a template at the current indentation.</summary>
    public void Lines(string block)
    {
        foreach (string line in block.Replace("\r\n", "\n").Split('\n'))
        {
            Line(line);
        }
    }

    public void Open(string header)
    {
        Line(header);
        Line("{");
        _indent++;
    }

    public void Close()
    {
        _indent--;
        Line("}");
    }

    /// <summary>An array initializer, <paramref name="perLine"/> numbers a line.</summary>
    public void Numbers(IEnumerable<string> numbers, int perLine)
    {
        Line("{");
        _indent++;
        var row = new StringBuilder();
        int count = 0;
        foreach (string number in numbers)
        {
            row.Append(count == 0 ? string.Empty : " ").Append(number).Append(',');
            if (++count == perLine)
            {
                Line(row.ToString());
                row.Clear();
                count = 0;
            }
        }

        if (count > 0)
        {
            Line(row.ToString());
        }

        _indent--;
        Line("};");
    }

    public override string ToString() => _text.ToString();
}
