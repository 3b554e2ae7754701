using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace ProtoGen.Json;

/// <summary>
/// Writes ProtoJSON text as UTF-8, laid out exactly as Google.Protobuf's JsonFormatter lays it out: <c>{ "a": 1, "b": [ 1, 2 ] }</c>
/// on one line (empty containers <c>{ }</c> and <c>[ ]</c>), or one value per line with the settings' indentation. Generated
/// WriteJson methods call it; the text is built in a pooled buffer and copied to the output <see cref="IBufferWriter{T}"/>
/// whenever the buffer fills and at <see cref="Flush"/>, so writing allocates nothing once its buffer is rented.
/// </summary>
/// <remarks>System.Text.Json's Utf8JsonWriter is not used for output: it cannot produce Google.Protobuf's spacing
/// (<c>"a": 1</c>, <c>{ }</c>) and escapes a different set of characters, and ProtoJSON tools compare text.</remarks>
public sealed partial class JsonWriter
{
    private const int MinimumBuffer = 512;

    private readonly JsonFormatter.Settings _settings;
    private IBufferWriter<byte>? _output;
    private byte[] _buffer;
    private int _position;
    // The length of the last text written without an output whose buffer Shrink gave back: the next such text starts
    // with a buffer that size, rented again from the pool, instead of growing to it by doubling and copying.
    private int _lastTextLength;

    // One bit per open container (bit n = depth n): set once the container holds an item, for separators.
    private ulong _hasItems;
    private bool[]? _deepHasItems;
    private int _depth;
    private bool _afterName;

    internal JsonWriter(JsonFormatter.Settings settings, bool diagnostic)
    {
        _settings = settings;
        IsDiagnostic = diagnostic;
        _buffer = ArrayPool<byte>.Shared.Rent(MinimumBuffer * 4);
        EmitDefaults = settings.FormatDefaultValues;
        EnumsAsIntegers = settings.FormatEnumsAsIntegers;
        ProtoFieldNames = settings.PreserveProtoFieldNames;
        Indented = settings.Indentation is not null;
    }

    /// <summary>Whether fields without presence are written even when they hold their default.</summary>
    public bool EmitDefaults { get; }

    /// <summary>Whether enum values are written as numbers rather than names.</summary>
    public bool EnumsAsIntegers { get; }

    /// <summary>Whether fields are named by their .proto names instead of their JSON (lowerCamelCase) names.</summary>
    public bool ProtoFieldNames { get; }

    private bool Indented { get; }

    /// <summary>ToString()'s writer: an Any whose type is not registered is written with its bytes as <c>@value</c>.</summary>
    internal bool IsDiagnostic { get; }

    internal JsonFormatter.Settings Settings => _settings;

    /// <summary>Starts a text for <paramref name="output"/>; null keeps the whole text in the buffer (see
    /// <see cref="Written"/>) instead of copying it out when the buffer fills.</summary>
    internal void Reset(IBufferWriter<byte>? output)
    {
        if (output is null && _lastTextLength > _buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(_lastTextLength);
        }
        _output = output;
        _position = 0;
        _depth = 0;
        _hasItems = 0;
        _afterName = false;
    }

    /// <summary>The text written since <see cref="Reset"/> when it was given no output.</summary>
    internal ReadOnlySpan<byte> Written => new(_buffer, 0, _position);

    /// <summary>Copies what is buffered to the output.</summary>
    internal void Flush()
    {
        if (_position == 0 || _output is null) return;
        _output!.Write(new ReadOnlySpan<byte>(_buffer, 0, _position));
        _position = 0;
    }

    internal void Release()
    {
        _output = null;
        byte[] buffer = _buffer;
        _buffer = Array.Empty<byte>();
        if (buffer.Length != 0) ArrayPool<byte>.Shared.Return(buffer);
    }

    /// <summary>Gives back a buffer grown past <paramref name="limit"/> bytes (for a large text) for a small one, so a
    /// writer cached per thread does not hold it.</summary>
    internal void Shrink(int limit)
    {
        if (_buffer.Length <= limit) return;
        _lastTextLength = _output is null ? _position : 0;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = ArrayPool<byte>.Shared.Rent(MinimumBuffer * 4);
    }

    internal void Reacquire()
    {
        if (_buffer.Length == 0) _buffer = ArrayPool<byte>.Shared.Rent(MinimumBuffer * 4);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _position < count) Grow(count);
        return new Span<byte>(_buffer, _position, _buffer.Length - _position);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int count)
    {
        if (_output is null)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
            Buffer.BlockCopy(_buffer, 0, larger, 0, _position);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
            return;
        }
        Flush();
        if (_buffer.Length < count)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(count, MinimumBuffer));
        }
    }

    private void WriteByte(byte value)
    {
        Reserve(1)[0] = value;
        _position++;
    }

    private void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Reserve(bytes.Length));
        _position += bytes.Length;
    }

    private bool HasItems
    {
        get => _depth < 64 ? (_hasItems & (1UL << _depth)) != 0 : _deepHasItems![_depth - 64];
        set
        {
            if (_depth < 64)
            {
                if (value) _hasItems |= 1UL << _depth;
                else _hasItems &= ~(1UL << _depth);
                return;
            }
            if (_deepHasItems is null || _deepHasItems.Length <= _depth - 64) Array.Resize(ref _deepHasItems, Math.Max(64, (_depth - 64) * 2 + 1));
            _deepHasItems[_depth - 64] = value;
        }
    }

    // Separator and line break before an item of the current container (a field name, or an array element).
    private void BeginItem()
    {
        if (_depth == 0) return;
        if (HasItems)
        {
            if (Indented) WriteByte((byte)',');
            else WriteRaw(", "u8);
        }
        else
        {
            HasItems = true;
        }
        if (Indented) WriteLineAndIndent(_depth);
    }

    private void WriteLineAndIndent(int level)
    {
        WriteAscii(Environment.NewLine);
        string indentation = _settings.Indentation!;
        for (int i = 0; i < level; i++) WriteAscii(indentation);
    }

    // Before any value: after a name nothing, else it is an item (array element or top-level value).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BeginValue()
    {
        if (_afterName)
        {
            _afterName = false;
            return;
        }
        BeginItem();
    }

    /// <summary>Opens an object (a message or a map).</summary>
    public void WriteStartObject()
    {
        BeginValue();
        WriteByte((byte)'{');
        Open();
    }

    /// <summary>Closes the object opened last.</summary>
    public void WriteEndObject() => Close((byte)'}');

    /// <summary>Opens an array (a repeated field).</summary>
    public void WriteStartArray()
    {
        BeginValue();
        WriteByte((byte)'[');
        Open();
    }

    /// <summary>Closes the array opened last.</summary>
    public void WriteEndArray() => Close((byte)']');

    private void Open()
    {
        if (!Indented) WriteByte((byte)' ');
        _depth++;
        HasItems = false;
    }

    private void Close(byte bracket)
    {
        bool hadItems = HasItems;
        _depth--;
        if (hadItems)
        {
            if (Indented) WriteLineAndIndent(_depth);
            else WriteByte((byte)' ');
        }
        WriteByte(bracket);
    }

    /// <summary>Writes the name of field <paramref name="field"/> of <paramref name="names"/> (its JSON or proto name,
    /// by the settings); its value follows. Returns this writer, so that a generated member writes its name and value in
    /// one statement.</summary>
    public JsonWriter WriteName(JsonNames names, int field)
    {
        BeginItem();
        WriteRaw(names.Utf8Name(field, ProtoFieldNames));
        _afterName = true;
        return this;
    }

    /// <summary>Writes a name given as text (map keys, Struct keys, <c>@type</c>); its value follows.</summary>
    public void WriteName(string name)
    {
        BeginItem();
        WriteQuoted(name);
        WriteRaw(": "u8);
        _afterName = true;
    }

    /// <summary>Writes a map key that is a number or bool, quoted, as a name.</summary>
    public void WriteName(long key)
    {
        BeginItem();
        WriteByte((byte)'"');
        WriteInteger(key);
        WriteRaw("\": "u8);
        _afterName = true;
    }

    /// <summary>Writes an unsigned map key, quoted, as a name.</summary>
    public void WriteName(ulong key)
    {
        BeginItem();
        WriteByte((byte)'"');
        WriteInteger(key);
        WriteRaw("\": "u8);
        _afterName = true;
    }

    /// <summary>Writes a bool map key as a name.</summary>
    public void WriteName(bool key)
    {
        BeginItem();
        WriteRaw(key ? "\"true\": "u8 : "\"false\": "u8);
        _afterName = true;
    }

    /// <summary>Writes <c>null</c>.</summary>
    public void WriteNull()
    {
        BeginValue();
        WriteRaw("null"u8);
    }

    /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
    public void WriteBool(bool value)
    {
        BeginValue();
        WriteRaw(value ? "true"u8 : "false"u8);
    }

    /// <summary>Writes a 32-bit integer as a number.</summary>
    public void WriteInt32(int value)
    {
        BeginValue();
        WriteInteger(value);
    }

    /// <summary>Writes an unsigned 32-bit integer as a number.</summary>
    public void WriteUInt32(uint value)
    {
        BeginValue();
        WriteInteger(value);
    }

    /// <summary>Writes a 64-bit integer as a quoted string, as ProtoJSON requires.</summary>
    public void WriteInt64(long value)
    {
        BeginValue();
        WriteByte((byte)'"');
        WriteInteger(value);
        WriteByte((byte)'"');
    }

    /// <summary>Writes an unsigned 64-bit integer as a quoted string.</summary>
    public void WriteUInt64(ulong value)
    {
        BeginValue();
        WriteByte((byte)'"');
        WriteInteger(value);
        WriteByte((byte)'"');
    }

    private void WriteInteger(long value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out int written);
        _position += written;
    }

    private void WriteInteger(ulong value)
    {
        Utf8Formatter.TryFormat(value, Reserve(20), out int written);
        _position += written;
    }

    /// <summary>Writes a double: shortest round-trip digits, or "NaN", "Infinity", "-Infinity" quoted.</summary>
    public void WriteDouble(double value) => WriteFloatingPoint(value, value);

    /// <summary>Writes a Timestamp's RFC 3339 text ("2026-11-21T09:30:00.120Z") without allocating.</summary>
    internal void WriteTimestamp(DateTime time, int nanos)
    {
        BeginValue();
        Span<byte> target = Reserve(32);
        target[0] = (byte)'"';
        Digits(target.Slice(1, 4), time.Year);
        target[5] = (byte)'-';
        Digits(target.Slice(6, 2), time.Month);
        target[8] = (byte)'-';
        Digits(target.Slice(9, 2), time.Day);
        target[11] = (byte)'T';
        Digits(target.Slice(12, 2), time.Hour);
        target[14] = (byte)':';
        Digits(target.Slice(15, 2), time.Minute);
        target[17] = (byte)':';
        Digits(target.Slice(18, 2), time.Second);
        int p = 20 + Fraction(target.Slice(20), nanos);
        target[p++] = (byte)'Z';
        target[p++] = (byte)'"';
        _position += p;
    }

    /// <summary>Writes a Duration's text ("-1.500s") without allocating.</summary>
    internal void WriteDuration(bool negative, ulong seconds, int nanos)
    {
        BeginValue();
        Span<byte> target = Reserve(36);
        int p = 0;
        target[p++] = (byte)'"';
        if (negative) target[p++] = (byte)'-';
        Utf8Formatter.TryFormat(seconds, target.Slice(p), out int written);
        p += written;
        p += Fraction(target.Slice(p), nanos);
        target[p++] = (byte)'s';
        target[p++] = (byte)'"';
        _position += p;
    }

    // Writes value as exactly target.Length decimal digits.
    private static void Digits(Span<byte> target, int value)
    {
        for (int i = target.Length - 1; i >= 0; i--)
        {
            target[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    // ".123", ".123456" or ".123456789": the fewest groups of three digits that hold the nanos; nothing for none.
    private static int Fraction(Span<byte> target, int nanos)
    {
        if (nanos == 0) return 0;
        target[0] = (byte)'.';
        if (nanos % 1_000_000 == 0)
        {
            Digits(target.Slice(1, 3), nanos / 1_000_000);
            return 4;
        }
        if (nanos % 1_000 == 0)
        {
            Digits(target.Slice(1, 6), nanos / 1_000);
            return 7;
        }
        Digits(target.Slice(1, 9), nanos);
        return 10;
    }

    // Google.Protobuf writes exponents in lower case ("1e-45", "3.4028235e+38").
    private static void LowerExponent(Span<byte> digits)
    {
        for (int i = 0; i < digits.Length; i++)
        {
            if (digits[i] == (byte)'E') digits[i] = (byte)'e';
        }
    }

    /// <summary>Writes a float: the shortest digits that round-trip as a float, or "NaN", "Infinity", "-Infinity" quoted.</summary>
    public void WriteFloat(float value) => WriteFloatingPoint(value, value);

    // A float or double: classified through its (exact) double value, formatted in its own type so that a float gets
    // the shortest digits that round-trip as a float. Exponents in lower case, as Google.Protobuf writes them.
    private void WriteFloatingPoint<T>(T value, double classified)
#if NET8_0_OR_GREATER
        where T : struct, IUtf8SpanFormattable
#else
        where T : struct, IFormattable
#endif
    {
        BeginValue();
        if (double.IsNaN(classified)) WriteRaw("\"NaN\""u8);
        else if (double.IsPositiveInfinity(classified)) WriteRaw("\"Infinity\""u8);
        else if (double.IsNegativeInfinity(classified)) WriteRaw("\"-Infinity\""u8);
        else
        {
#if NET8_0_OR_GREATER
            // "R" digits of a double or float are at most 17 digits, a sign, a point and "E+308": 25 bytes.
            Span<byte> target = Reserve(32);
            value.TryFormat(target, out int written, "R", CultureInfo.InvariantCulture);
            LowerExponent(target.Slice(0, written));
            _position += written;
#else
            WriteAscii(value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e'));
#endif
        }
    }

    /// <summary>Writes an enum value: its name from <paramref name="names"/>, or its number when it has none (or the
    /// settings ask for numbers).</summary>
    public void WriteEnum(JsonEnumNames names, int value)
    {
        BeginValue();
        if (!EnumsAsIntegers && names.TryGetUtf8Name(value, out byte[]? quoted))
        {
            WriteRaw(quoted);
            return;
        }
        WriteInteger(value);
    }

    /// <summary>Writes bytes as a base64 string.</summary>
    public void WriteBytes(ByteString value)
    {
        BeginValue();
        ReadOnlySpan<byte> bytes = value.Span;
        int length = Base64.GetMaxEncodedToUtf8Length(bytes.Length);
        Span<byte> target = Reserve(length + 2);
        target[0] = (byte)'"';
        Base64.EncodeToUtf8(bytes, target.Slice(1), out _, out int written);
        target[written + 1] = (byte)'"';
        _position += written + 2;
    }

    /// <summary>Writes a string, quoted and escaped as Google.Protobuf escapes it (control characters, <c>"</c>,
    /// <c>\</c>, <c>&lt;</c>, <c>&gt;</c>, DEL, C1 controls and a set of invisible format characters as <c>\uXXXX</c>).</summary>
    public void WriteString(string value)
    {
        BeginValue();
        WriteQuoted(value);
    }

    private void WriteQuoted(string value)
    {
        WriteByte((byte)'"');
        ReadOnlySpan<char> rest = value.AsSpan();
        while (true)
        {
            int plain = JsonEscaping.PlainLength(rest);
            if (plain != 0)
            {
                WriteUtf8(rest.Slice(0, plain));
                rest = rest.Slice(plain);
            }
            if (rest.IsEmpty) break;
            rest = rest.Slice(WriteEscape(rest));
        }
        WriteByte((byte)'"');
    }

    // Text without chars to escape (so without surrogates), as UTF-8: at most 3 bytes a char, in chunks that keep the
    // reservation small for long strings.
    private void WriteUtf8(ReadOnlySpan<char> text)
    {
        const int Chunk = 2048;
        while (!text.IsEmpty)
        {
            ReadOnlySpan<char> part = text.Length > Chunk ? text.Slice(0, Chunk) : text;
            Span<byte> target = Reserve(part.Length * 3);
            Wire.Utf8Transcoder.TryEncode(part, target, out int written);
            _position += written;
            text = text.Slice(part.Length);
        }
    }

    // Writes the escape of text[0] (a char JsonEscaping.NeedsEscape), or of the surrogate pair it starts; returns the
    // chars consumed.
    private int WriteEscape(ReadOnlySpan<char> text)
    {
        char c = text[0];
        Span<byte> target = Reserve(12);
        switch (c)
        {
            case '"': target[0] = (byte)'\\'; target[1] = (byte)'"'; _position += 2; return 1;
            case '\\': target[0] = (byte)'\\'; target[1] = (byte)'\\'; _position += 2; return 1;
            case '\b': target[0] = (byte)'\\'; target[1] = (byte)'b'; _position += 2; return 1;
            case '\t': target[0] = (byte)'\\'; target[1] = (byte)'t'; _position += 2; return 1;
            case '\n': target[0] = (byte)'\\'; target[1] = (byte)'n'; _position += 2; return 1;
            case '\f': target[0] = (byte)'\\'; target[1] = (byte)'f'; _position += 2; return 1;
            case '\r': target[0] = (byte)'\\'; target[1] = (byte)'r'; _position += 2; return 1;
        }
        if (char.IsHighSurrogate(c))
        {
            if (text.Length < 2 || !char.IsLowSurrogate(text[1]))
            {
                throw new ArgumentException("String contains a high surrogate not followed by a low surrogate.");
            }
            // Google.Protobuf writes a pair as two escapes.
            HexEscape(c, target);
            HexEscape(text[1], target.Slice(6));
            _position += 12;
            return 2;
        }
        if (char.IsLowSurrogate(c))
        {
            throw new ArgumentException("String contains a low surrogate not preceded by a high surrogate.");
        }
        _position += HexEscape(c, target);
        return 1;
    }

    private static int HexEscape(char c, Span<byte> target)
    {
        const string Hex = "0123456789abcdef";
        target[0] = (byte)'\\';
        target[1] = (byte)'u';
        target[2] = (byte)Hex[(c >> 12) & 0xF];
        target[3] = (byte)Hex[(c >> 8) & 0xF];
        target[4] = (byte)Hex[(c >> 4) & 0xF];
        target[5] = (byte)Hex[c & 0xF];
        return 6;
    }

    /// <summary>Writes text that is known to need no escaping (ASCII), unquoted: a number or a literal.</summary>
    internal void WriteRawValue(string ascii)
    {
        BeginValue();
        WriteAscii(ascii);
    }

    private void WriteAscii(string ascii)
    {
        Span<byte> target = Reserve(ascii.Length);
        for (int i = 0; i < ascii.Length; i++) target[i] = (byte)ascii[i];
        _position += ascii.Length;
    }

    /// <summary>Writes a message as a JSON value (an object, or a well-known type's own form).</summary>
    public void WriteMessage(IJsonMessage message)
    {
        if (++_messageDepth > MaxMessageDepth)
        {
            throw new InvalidOperationException($"The message is nested more than {MaxMessageDepth} levels deep.");
        }
        if (message is IJsonSpecialForm)
        {
            WellKnownJson.WriteSpecial(this, message);
        }
        else
        {
            WriteStartObject();
            message.WriteJsonFields(this);
            WriteEndObject();
        }
        _messageDepth--;
    }

    // Deeper graphs than any parser accepts are refused rather than overflowing the stack.
    private const int MaxMessageDepth = 1000;
    private int _messageDepth;
}
