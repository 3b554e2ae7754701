using System.Globalization;
using System.Text;
using ProtoGen.Collections;

namespace ProtoGen.Collections;

/// <summary>Builds the readable JSON-like text of a list's or map's ToString(), in the spacing of a message's
/// ToString() (ProtoJSON for diagnostics), which each message element writes for itself.</summary>
/// <example><c>[ { "x": 1 }, { } ]</c>, <c>{ "k": 1, "j": "KIND_BOOK" }</c></example>
internal sealed class CollectionFormatter
{
    private readonly StringBuilder _text = new();
    private readonly List<bool> _hasItems = new();
    private bool _afterName;

    /// <summary>Opens an object: a message or a map.</summary>
    public void BeginMessage()
    {
        BeginValue();
        _text.Append('{');
        _hasItems.Add(false);
    }

    /// <summary>Closes the object opened by BeginMessage().</summary>
    public void EndMessage()
    {
        _hasItems.RemoveAt(_hasItems.Count - 1);
        _text.Append(" }");
    }

    /// <summary>Opens an array, for repeated fields.</summary>
    public void BeginArray()
    {
        BeginValue();
        _text.Append('[');
        _hasItems.Add(false);
    }

    /// <summary>Closes the array opened by BeginArray().</summary>
    public void EndArray()
    {
        _hasItems.RemoveAt(_hasItems.Count - 1);
        _text.Append(" ]");
    }

    /// <summary>Writes a field name (its proto3 JSON name); the value follows.</summary>
    public void WriteName(string jsonName)
    {
        WriteSeparator();
        _text.Append(' ');
        AppendQuoted(jsonName);
        _text.Append(": ");
        _afterName = true;
    }

    /// <summary>Writes an int32, sint32, sfixed32 value.</summary>
    public void WriteValue(int value)
    {
        BeginValue();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes a 64-bit value, quoted as in proto3 JSON.</summary>
    public void WriteValue(long value)
    {
        BeginValue();
        _text.Append('"').Append(value.ToString(CultureInfo.InvariantCulture)).Append('"');
    }

    /// <summary>Writes a uint32 or fixed32 value.</summary>
    public void WriteValue(uint value)
    {
        BeginValue();
        _text.Append(value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Writes an unsigned 64-bit value, quoted as in proto3 JSON.</summary>
    public void WriteValue(ulong value)
    {
        BeginValue();
        _text.Append('"').Append(value.ToString(CultureInfo.InvariantCulture)).Append('"');
    }

    /// <summary>Writes a float; NaN and infinities are quoted as in proto3 JSON.</summary>
    public void WriteValue(float value)
    {
        BeginValue();
        if (float.IsFinite(value))
        {
            _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            AppendNonFinite(value);
        }
    }

    /// <summary>Writes a double; NaN and infinities are quoted as in proto3 JSON.</summary>
    public void WriteValue(double value)
    {
        BeginValue();
        if (double.IsFinite(value))
        {
            _text.Append(value.ToString("R", CultureInfo.InvariantCulture));
        }
        else
        {
            AppendNonFinite(value);
        }
    }

    /// <summary>Writes true or false.</summary>
    public void WriteValue(bool value)
    {
        BeginValue();
        _text.Append(value ? "true" : "false");
    }

    /// <summary>Writes a quoted, escaped string (null writes null).</summary>
    public void WriteValue(string? value)
    {
        BeginValue();
        if (value is null)
        {
            _text.Append("null");
        }
        else
        {
            AppendQuoted(value);
        }
    }

    /// <summary>Writes bytes as quoted base64 (null writes null).</summary>
    public void WriteValue(ByteString? value)
    {
        BeginValue();
        if (value is null)
        {
            _text.Append("null");
        }
        else
        {
            _text.Append('"').Append(value.ToBase64()).Append('"');
        }
    }

    /// <summary>Writes an enum value: its quoted name when known, else its number.</summary>
    public void WriteEnum(string? name, int number)
    {
        BeginValue();
        if (name is null)
        {
            _text.Append(number.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            AppendQuoted(name);
        }
    }

    /// <summary>Writes a message as its own ToString() renders it (null writes null).</summary>
    public void WriteMessage(IMessage? message)
    {
        BeginValue();
        _text.Append(message is null ? "null" : message.ToString());
    }

    /// <summary>Writes a repeated field as an array of its values (messages as objects, enums as numbers).</summary>
    public void WriteList<T>(RepeatedField<T> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        BeginArray();
        foreach (T value in values)
        {
            WriteAnyValue(value);
        }

        EndArray();
    }

    /// <summary>Writes a map field as an object whose names are the keys, in insertion order.</summary>
    public void WriteMap<TKey, TValue>(MapField<TKey, TValue> map)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(map);
        BeginMessage();
        foreach (KeyValuePair<TKey, TValue> entry in map)
        {
            WriteName(FormatKey(entry.Key));
            WriteAnyValue(entry.Value);
        }

        EndMessage();
    }

    /// <summary>The text written so far.</summary>
    public override string ToString() => _text.ToString();

    private static string FormatKey<TKey>(TKey key) where TKey : notnull => key switch
    {
        string text => text,
        bool flag => flag ? "true" : "false",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => key.ToString() ?? string.Empty,
    };

    private void WriteAnyValue<T>(T value)
    {
        switch (value)
        {
            case int v: WriteValue(v); break;
            case long v: WriteValue(v); break;
            case uint v: WriteValue(v); break;
            case ulong v: WriteValue(v); break;
            case float v: WriteValue(v); break;
            case double v: WriteValue(v); break;
            case bool v: WriteValue(v); break;
            case string v: WriteValue(v); break;
            case ByteString v: WriteValue(v); break;
            case IMessage v: WriteMessage(v); break;
            case Enum v: WriteEnum(v.ToString(), Convert.ToInt32(v, CultureInfo.InvariantCulture)); break;
            case null: WriteValue((string?)null); break;
            default: WriteValue(value.ToString()); break;
        }
    }

    private void BeginValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }

        if (_hasItems.Count > 0)
        {
            WriteSeparator();
            _text.Append(' ');
        }
    }

    private void WriteSeparator()
    {
        int top = _hasItems.Count - 1;
        if (top < 0)
        {
            return;
        }

        if (_hasItems[top])
        {
            _text.Append(',');
        }
        else
        {
            _hasItems[top] = true;
        }
    }

    private void AppendNonFinite(double value) =>
        _text.Append(double.IsNaN(value) ? "\"NaN\"" : value > 0 ? "\"Infinity\"" : "\"-Infinity\"");

    private void AppendQuoted(string value)
    {
        _text.Append('"');
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            switch (c)
            {
                case '"': _text.Append("\\\""); break;
                case '\\': _text.Append("\\\\"); break;
                case '\n': _text.Append("\\n"); break;
                case '\r': _text.Append("\\r"); break;
                case '\t': _text.Append("\\t"); break;
                case '\b': _text.Append("\\b"); break;
                case '\f': _text.Append("\\f"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || c == '\u007f' || IsUnpairedSurrogate(value, i))
                    {
                        _text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        _text.Append(c);
                    }

                    break;
            }
        }

        _text.Append('"');
    }

    private static bool IsUnpairedSurrogate(string value, int index)
    {
        char c = value[index];
        if (char.IsHighSurrogate(c))
        {
            return index + 1 >= value.Length || !char.IsLowSurrogate(value[index + 1]);
        }

        if (char.IsLowSurrogate(c))
        {
            return index == 0 || !char.IsHighSurrogate(value[index - 1]);
        }

        return false;
    }
}
