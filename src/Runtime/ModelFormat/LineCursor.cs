using System;

namespace CharRnn.ModelFormat;

/// <summary>Walks a model file line by line, counting lines so every error can name one.</summary>
internal sealed class LineCursor
{
    private readonly string[] _lines;
    private int _index = -1;

    public LineCursor(string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text.Substring(1);
        }

        _lines = text.Split('\n');
        for (int i = 0; i < _lines.Length; i++)
        {
            _lines[i] = _lines[i].TrimEnd('\r');
        }
    }

    /// <summary>The 1-based number of the line last read.</summary>
    public int Number => _index + 1;

    /// <summary>Whether the line last read is the file's last (a file cut mid-line ends without a newline).</summary>
    public bool AtEnd => _index == _lines.Length - 1;

    public string Next(string wanted)
    {
        _index++;
        if (_index >= _lines.Length || (_index == _lines.Length - 1 && _lines[_index].Length == 0))
        {
            throw new ModelFormatException($"the file ends before {wanted}; it is truncated", _index + 1);
        }

        return _lines[_index];
    }

    /// <summary>Reads a <c>key value</c> line and returns the value.</summary>
    public string Expect(string key)
    {
        string line = Next($"the '{key}' line");
        if (!line.StartsWith(key + " ", StringComparison.Ordinal))
        {
            throw new ModelFormatException(
                $"expected the '{key}' line here but found '{ModelFileReader.Shorten(line)}'", Number);
        }

        return line.Substring(key.Length + 1);
    }

    public void ExpectExactly(string line)
    {
        string found = Next($"the '{line}' line");
        if (found != line)
        {
            throw new ModelFormatException($"expected the '{line}' line here but found '{ModelFileReader.Shorten(found)}'", Number);
        }
    }

    public void ExpectOnlyBlankLinesLeft()
    {
        for (int i = _index + 1; i < _lines.Length; i++)
        {
            if (_lines[i].Length != 0)
            {
                throw new ModelFormatException("unexpected text after the 'end' line", i + 1);
            }
        }
    }
}
