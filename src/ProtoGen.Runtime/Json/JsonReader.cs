using System.Buffers;
using System.Runtime.CompilerServices;
#if NET8_0_OR_GREATER
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
#endif
using ProtoGen.Wire;

namespace ProtoGen.Json;

/// <summary>The kind of token a <see cref="JsonReader"/> is on.</summary>
public enum JsonToken : byte
{
    /// <summary>Before the first <see cref="JsonReader.Read"/>.</summary>
    None,

    /// <summary><c>{</c></summary>
    StartObject,

    /// <summary><c>}</c></summary>
    EndObject,

    /// <summary><c>[</c></summary>
    StartArray,

    /// <summary><c>]</c></summary>
    EndArray,

    /// <summary>A member name (its <c>:</c> is consumed with it).</summary>
    PropertyName,

    /// <summary>A string value.</summary>
    String,

    /// <summary>A number (its grammar checked).</summary>
    Number,

    /// <summary><c>true</c></summary>
    True,

    /// <summary><c>false</c></summary>
    False,

    /// <summary><c>null</c></summary>
    Null,
}

/// <summary>
/// ProtoGen's UTF-8 ProtoJSON tokenizer: a forward-only reader over one contiguous buffer, made for what generated
/// <c>MergeJson</c> code needs. It checks RFC 8259's grammar as it goes (no comments, trailing commas, leading zeros,
/// control characters in strings, bad escapes or escaped lone surrogates; nesting beyond the depth limit), and leaves
/// the work a value needs to the call that consumes it: a string's bytes are transcoded to a <see cref="string"/> once,
/// escapes handled in the same pass (<see cref="GetString"/>), which also checks the UTF-8; a number's integer value is
/// accumulated while its grammar is checked (<see cref="TryGetInteger"/>). Every malformed input throws
/// <see cref="InvalidProtocolBufferException"/> (with the parse's path when a <see cref="JsonReadContext"/> is attached).
/// Copying the struct copies the position (a look-ahead).
/// </summary>
public ref struct JsonReader
{
    private const int InlineDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer;
    private readonly JsonReadContext? _context;
    private readonly int _maxDepth;
    private int _position;
    private int _valueStart;
    private int _valueLength;
    private int _depth;
    // Bit d set: the container at depth d + 1 is an object (else an array); depths past 64 go to _moreContainers.
    private ulong _containers;
    private bool[]? _moreContainers;
    private State _state;
    private JsonToken _token;
    private bool _escaped;
    private bool _negative;
    private bool _plainInteger;
    private ulong _magnitude;
    // The text _buffer is the exact UTF-8 encoding of (null when the reader was given bytes). With it, _extra is the
    // number of bytes beyond chars in everything scanned so far (outside strings JSON is ASCII, so only strings and a
    // byte order mark add to it) and _valueExtra that of the current value: byte b at a token boundary is char
    // b - _extra there, and a string is a part of _source found without decoding (GetString).
    private readonly string? _source;
    // Whether strings are counted for _extra: with _source, unless the text is ASCII (as many bytes as chars), where
    // _extra and _valueExtra stay 0.
    private readonly bool _countExtra;
    private int _extra;
    private int _valueExtra;

    private enum State : byte
    {
        Value,
        FirstNameOrEnd,
        FirstValueOrEnd,
        CommaOrEnd,
        Done,
    }

    /// <summary>A reader of <paramref name="utf8Json"/> that allows <paramref name="maxDepth"/> nested objects and
    /// arrays; errors name <paramref name="context"/>'s path when given.</summary>
    public JsonReader(ReadOnlySpan<byte> utf8Json, int maxDepth = 64, JsonReadContext? context = null)
    {
        if (maxDepth < 1) throw new ArgumentOutOfRangeException(nameof(maxDepth));
        _buffer = utf8Json;
        _context = context;
        _maxDepth = maxDepth;
        _position = 0;
        _valueStart = 0;
        _valueLength = 0;
        _depth = 0;
        _containers = 0;
        _moreContainers = null;
        _state = State.Value;
        _token = JsonToken.None;
        _escaped = false;
        _negative = false;
        _plainInteger = false;
        _magnitude = 0;
        _source = null;
        _countExtra = false;
        _extra = 0;
        _valueExtra = 0;
        // A UTF-8 byte order mark before the text is allowed, as System.Text.Json allows it.
        if (utf8Json.Length >= 3 && utf8Json[0] == 0xEF && utf8Json[1] == 0xBB && utf8Json[2] == 0xBF) _position = 3;
    }

    /// <summary>A reader of <paramref name="utf8Json"/>, which must be exactly <paramref name="source"/> encoded as
    /// UTF-8 (a text without unpaired surrogates, so the bytes are valid UTF-8 and every char has its bytes): strings
    /// without escapes are then taken from <paramref name="source"/> instead of decoded.</summary>
    internal JsonReader(ReadOnlySpan<byte> utf8Json, string source, int maxDepth, JsonReadContext? context)
        : this(utf8Json, maxDepth, context)
    {
        _source = source;
        _countExtra = utf8Json.Length != source.Length;
        // A byte order mark: 3 bytes, 1 char.
        _extra = _position;
        if (_extra != 0) _extra--;
    }

    /// <summary>The token the reader is on.</summary>
    public readonly JsonToken TokenType => _token;

    /// <summary>The nesting depth: 0 at the top level, 1 inside the outer object or array, ...</summary>
    public readonly int CurrentDepth => _depth;

    /// <summary>The raw bytes of the current string or property name (between the quotes, escapes as written) or
    /// number.</summary>
    public readonly ReadOnlySpan<byte> ValueSpan => _buffer.Slice(_valueStart, _valueLength);

    /// <summary>Whether the current string or property name holds escapes.</summary>
    public readonly bool ValueIsEscaped => _escaped;

    /// <summary>Where the reader is: the number of bytes consumed.</summary>
    public readonly int BytesConsumed => _position;

    /// <summary>Moves to the next token; false at the end of the input after the top-level value.</summary>
    public bool Read()
    {
        int i = SkipWhitespace(_position);
        ReadOnlySpan<byte> buffer = _buffer;
        switch (_state)
        {
            case State.Value:
                if (i >= buffer.Length) throw Error(_token == JsonToken.None ? "the input is empty" : "the input ends inside a value");
                ReadValue(i);
                return true;
            case State.FirstNameOrEnd:
                if (i >= buffer.Length) throw Error("the input ends inside an object");
                if (buffer[i] == (byte)'}')
                {
                    EndContainer(i, JsonToken.EndObject);
                    return true;
                }
                ReadName(i);
                return true;
            case State.FirstValueOrEnd:
                if (i >= buffer.Length) throw Error("the input ends inside an array");
                if (buffer[i] == (byte)']')
                {
                    EndContainer(i, JsonToken.EndArray);
                    return true;
                }
                ReadValue(i);
                return true;
            case State.CommaOrEnd:
                if (i >= buffer.Length) throw Error("the input ends inside an object or array");
                byte b = buffer[i];
                bool inObject = InObject;
                if (b == (byte)',')
                {
                    i = SkipWhitespace(i + 1);
                    if (i >= buffer.Length) throw Error("the input ends after a comma");
                    if (inObject)
                    {
                        if (buffer[i] == (byte)'}') throw Error("a trailing comma before '}'");
                        ReadName(i);
                    }
                    else
                    {
                        if (buffer[i] == (byte)']') throw Error("a trailing comma before ']'");
                        ReadValue(i);
                    }
                    return true;
                }
                if (b == (byte)'}' && inObject)
                {
                    EndContainer(i, JsonToken.EndObject);
                    return true;
                }
                if (b == (byte)']' && !inObject)
                {
                    EndContainer(i, JsonToken.EndArray);
                    return true;
                }
                throw Error(inObject ? $"expected ',' or '}}' but found {Describe(i)}" : $"expected ',' or ']' but found {Describe(i)}");
            default:
                if (i < buffer.Length) throw Error($"text follows the JSON value ({Describe(i)})");
                _position = i;
                _token = JsonToken.None;
                return false;
        }
    }

    /// <summary>In an object, after its <c>{</c> or a member's value: moves to the next property name (true) or to the
    /// object's <c>}</c> (false). The common case of <see cref="Read"/> for generated code, without its dispatch.</summary>
    public bool ReadPropertyNameOrEnd()
    {
        int i = SkipWhitespace(_position);
        ReadOnlySpan<byte> buffer = _buffer;
        if ((uint)i < (uint)buffer.Length)
        {
            byte b = buffer[i];
            if (_state == State.CommaOrEnd && InObject)
            {
                if (b == (byte)',')
                {
                    int next = SkipWhitespace(i + 1);
                    if ((uint)next < (uint)buffer.Length && buffer[next] == (byte)'"')
                    {
                        ReadName(next);
                        return true;
                    }
                }
                else if (b == (byte)'}')
                {
                    EndContainer(i, JsonToken.EndObject);
                    return false;
                }
            }
            else if (_state == State.FirstNameOrEnd)
            {
                if (b == (byte)'"')
                {
                    ReadName(i);
                    return true;
                }
                if (b == (byte)'}')
                {
                    EndContainer(i, JsonToken.EndObject);
                    return false;
                }
            }
        }
        // Malformed input (or a call outside an object): the general path names the problem.
        Read();
        if (_token == JsonToken.PropertyName) return true;
        if (_token == JsonToken.EndObject) return false;
        throw Error("expected a property name or '}'");
    }

    /// <summary>Skips the current value: on a property name its value, on <c>{</c> or <c>[</c> everything up to the
    /// matching end (which the reader is then on); other tokens are one value already. Strings skipped are checked
    /// to be valid UTF-8, as strings read are.</summary>
    public void Skip()
    {
        if (_token == JsonToken.PropertyName) Read();
        if (_token == JsonToken.String) CheckUtf8();
        if (_token != JsonToken.StartObject && _token != JsonToken.StartArray) return;
        int depth = _depth;
        do
        {
            Read();
            if (_token == JsonToken.String || _token == JsonToken.PropertyName) CheckUtf8();
        }
        while (_depth >= depth);
    }

    private readonly void CheckUtf8()
    {
        ReadOnlySpan<byte> value = ValueSpan;
#if NET8_0_OR_GREATER
        if (System.Text.Unicode.Utf8.IsValid(value)) return;
        throw Error("a string is not valid UTF-8");
#else
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] >= 0x80)
            {
                // Rare outside text fields: the strict decoder decides.
                if (!JsonUtf8.TryDecode(value, out _)) throw Error("a string is not valid UTF-8");
                return;
            }
        }
#endif
    }

    private readonly bool InObject
    {
        get
        {
            int index = _depth - 1;
            return index < InlineDepth ? (_containers & (1UL << index)) != 0 : _moreContainers![index - InlineDepth];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private readonly int SkipWhitespace(int i)
    {
        ReadOnlySpan<byte> buffer = _buffer;
        while ((uint)i < (uint)buffer.Length)
        {
            byte b = buffer[i];
            if (b > (byte)' ' || (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t')) break;
            i++;
        }
        return i;
    }

    private void EndContainer(int i, JsonToken token)
    {
        _depth--;
        _position = i + 1;
        _token = token;
        _state = _depth == 0 ? State.Done : State.CommaOrEnd;
    }

    private void StartContainer(int i, bool isObject)
    {
        if (_depth >= _maxDepth) throw Error($"the input nests objects and arrays deeper than {_maxDepth}");
        if (_depth < InlineDepth)
        {
            if (isObject) _containers |= 1UL << _depth;
            else _containers &= ~(1UL << _depth);
        }
        else
        {
            _moreContainers ??= new bool[_maxDepth - InlineDepth];
            _moreContainers[_depth - InlineDepth] = isObject;
        }
        _depth++;
        _position = i + 1;
        if (isObject)
        {
            _token = JsonToken.StartObject;
            _state = State.FirstNameOrEnd;
        }
        else
        {
            _token = JsonToken.StartArray;
            _state = State.FirstValueOrEnd;
        }
    }

    private void ReadName(int i)
    {
        if (_buffer[i] != (byte)'"') throw Error($"expected a property name in quotes but found {Describe(i)}");
        i = ScanString(i + 1);
        i = SkipWhitespace(i);
        if (i >= _buffer.Length || _buffer[i] != (byte)':') throw Error("expected ':' after a property name");
        _position = i + 1;
        _token = JsonToken.PropertyName;
        _state = State.Value;
    }

    private void ReadValue(int i)
    {
        ReadOnlySpan<byte> buffer = _buffer;
        byte b = buffer[i];
        switch (b)
        {
            case (byte)'"':
                _position = ScanString(i + 1);
                _token = JsonToken.String;
                break;
            case (byte)'{':
                StartContainer(i, isObject: true);
                return;
            case (byte)'[':
                StartContainer(i, isObject: false);
                return;
            case (byte)'t':
                Literal(i, "true"u8, JsonToken.True);
                break;
            case (byte)'f':
                Literal(i, "false"u8, JsonToken.False);
                break;
            case (byte)'n':
                Literal(i, "null"u8, JsonToken.Null);
                break;
            default:
                if (b == (byte)'-' || (uint)(b - '0') <= 9)
                {
                    ScanNumber(i);
                    break;
                }
                throw Error($"expected a JSON value but found {Describe(i)}");
        }
        _state = _depth == 0 ? State.Done : State.CommaOrEnd;
    }

    private void Literal(int i, ReadOnlySpan<byte> literal, JsonToken token)
    {
        if (!_buffer.Slice(i).StartsWith(literal)) throw Error($"expected a JSON value but found {Describe(i)}");
        _position = i + literal.Length;
        _token = token;
    }

#if NET8_0_OR_GREATER
    // The index from i of the first byte a string cannot hold as it is (a control, '"' or '\'), or -1: three
    // lane-wise compares a vector at a time, the tail as one vector ending at the buffer's end. A loop is entered only
    // with a whole vector left from i, so the tail vector overlaps only lanes the vector before it found plain.
    private static int IndexOfStringSpecial(ReadOnlySpan<byte> buffer, int i)
    {
        ref byte start = ref MemoryMarshal.GetReference(buffer);
        int length = buffer.Length;
        if (Vector512.IsHardwareAccelerated && length - i >= Vector512<byte>.Count)
        {
            while (true)
            {
                // The last vector ends at the buffer's end; the lanes it shares with the vector before were found plain.
                int at = Math.Min(i, length - Vector512<byte>.Count);
                var v = Vector512.LoadUnsafe(ref start, (nuint)at);
                var special = Vector512.LessThan(v, Vector512.Create((byte)0x20)) | Vector512.Equals(v, Vector512.Create((byte)'"')) | Vector512.Equals(v, Vector512.Create((byte)'\\'));
                ulong mask = special.ExtractMostSignificantBits();
                if (mask != 0) return at + BitOperations.TrailingZeroCount(mask);
                i = at + Vector512<byte>.Count;
                if (i >= length) return -1;
            }
        }
        if (Vector256.IsHardwareAccelerated && length - i >= Vector256<byte>.Count)
        {
            while (true)
            {
                // The last vector ends at the buffer's end; the lanes it shares with the vector before were found plain.
                int at = Math.Min(i, length - Vector256<byte>.Count);
                var v = Vector256.LoadUnsafe(ref start, (nuint)at);
                var special = Vector256.LessThan(v, Vector256.Create((byte)0x20)) | Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\'));
                uint mask = special.ExtractMostSignificantBits();
                if (mask != 0) return at + BitOperations.TrailingZeroCount(mask);
                i = at + Vector256<byte>.Count;
                if (i >= length) return -1;
            }
        }
        if (Vector128.IsHardwareAccelerated && length - i >= Vector128<byte>.Count)
        {
            while (true)
            {
                // The last vector ends at the buffer's end; the lanes it shares with the vector before were found plain.
                int at = Math.Min(i, length - Vector128<byte>.Count);
                var v = Vector128.LoadUnsafe(ref start, (nuint)at);
                var special = Vector128.LessThan(v, Vector128.Create((byte)0x20)) | Vector128.Equals(v, Vector128.Create((byte)'"')) | Vector128.Equals(v, Vector128.Create((byte)'\\'));
                uint mask = special.ExtractMostSignificantBits();
                if (mask != 0) return at + BitOperations.TrailingZeroCount(mask);
                i = at + Vector128<byte>.Count;
                if (i >= length) return -1;
            }
        }
        for (; i < length; i++)
        {
            if (!PlainStringByte(buffer[i])) return i;
        }
        return -1;
    }
#endif

    // Scans a string from just after its opening quote; returns the index after the closing quote. Records the content
    // span and whether it holds escapes; checks the escapes (including surrogate pairing) and rejects controls.
    private int ScanString(int start)
    {
        ReadOnlySpan<byte> buffer = _buffer;
        _valueStart = start;
        _escaped = false;
        int i = start;
#if NET8_0_OR_GREATER
        // Names and most values are short: one 32-byte compare finds their end (where the buffer has 32 bytes left).
        if (Vector256.IsHardwareAccelerated && buffer.Length - start >= Vector256<byte>.Count)
        {
            var v = Vector256.LoadUnsafe(ref MemoryMarshal.GetReference(buffer), (nuint)start);
            var special = Vector256.LessThan(v, Vector256.Create((byte)0x20)) | Vector256.Equals(v, Vector256.Create((byte)'"')) | Vector256.Equals(v, Vector256.Create((byte)'\\'));
            uint mask = special.ExtractMostSignificantBits();
            if (mask != 0)
            {
                i = start + BitOperations.TrailingZeroCount(mask);
                if (buffer[i] == (byte)'"')
                {
                    _valueLength = i - start;
                    if (_countExtra)
                    {
                        // ASCII (no high bit in the lanes before the quote) adds nothing; else count.
                        if ((v.ExtractMostSignificantBits() & ((1u << _valueLength) - 1)) == 0) _valueExtra = 0;
                        else NoteExtra();
                    }
                    return i + 1;
                }
            }
            else
            {
                i = start + Vector256<byte>.Count;
            }
        }
        else
#endif
        {
            // A plain loop finds a short string's end before a vectorized search would start.
            int quick = Math.Min(buffer.Length, start + 16);
            while (i < quick && PlainStringByte(buffer[i])) i++;
            if (i < quick && buffer[i] == (byte)'"')
            {
                _valueLength = i - start;
                if (_countExtra) NoteExtra();
                return i + 1;
            }
        }
        while (true)
        {
#if NET8_0_OR_GREATER
            i = IndexOfStringSpecial(buffer, i);
            if (i < 0) throw Error("the input ends inside a string");
#else
            while (i < buffer.Length && buffer[i] >= 0x20 && buffer[i] != (byte)'"' && buffer[i] != (byte)'\\') i++;
            if (i >= buffer.Length) throw Error("the input ends inside a string");
#endif
            byte b = buffer[i];
            if (b == (byte)'"')
            {
                _valueLength = i - start;
                if (_countExtra) NoteExtra();
                return i + 1;
            }
            if (b < 0x20) throw Error($"a string holds an unescaped control character (0x{b:X2})");
            _escaped = true;
            i = CheckEscape(i);
        }
    }

    // With _source: the bytes beyond chars of the string just scanned (an escape is ASCII, as many chars as bytes in
    // _source), added to those of the text before it.
    private void NoteExtra()
    {
        _valueExtra = _valueLength - JsonUtf8.Utf16Length(_buffer.Slice(_valueStart, _valueLength));
        _extra += _valueExtra;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool PlainStringByte(byte b) => b >= 0x20 && b != (byte)'"' && b != (byte)'\\';

    // Checks the escape at buffer[i] == '\' and returns the index after it (after both halves of a surrogate pair).
    private readonly int CheckEscape(int i)
    {
        ReadOnlySpan<byte> buffer = _buffer;
        if (i + 1 >= buffer.Length) throw Error("the input ends inside a string");
        switch (buffer[i + 1])
        {
            case (byte)'"':
            case (byte)'\\':
            case (byte)'/':
            case (byte)'b':
            case (byte)'f':
            case (byte)'n':
            case (byte)'r':
            case (byte)'t':
                return i + 2;
            case (byte)'u':
                int unit = Hex4(i + 2);
                if (unit < 0xD800 || unit > 0xDFFF) return i + 6;
                if (unit >= 0xDC00) throw Error("a string holds an escaped unpaired surrogate (a low surrogate first)");
                if (i + 7 >= buffer.Length || buffer[i + 6] != (byte)'\\' || buffer[i + 7] != (byte)'u')
                {
                    throw Error("a string holds an escaped unpaired surrogate (a high surrogate alone)");
                }
                int low = Hex4(i + 8);
                if (low < 0xDC00 || low > 0xDFFF) throw Error("a string holds an escaped unpaired surrogate (a high surrogate alone)");
                return i + 12;
            default:
                throw Error($"a string holds an invalid escape ({Describe(i + 1)} after '\\')");
        }
    }

    private readonly int Hex4(int i)
    {
        if (i + 4 > _buffer.Length) throw Error("the input ends inside a \\u escape");
        int value = Hex4Checked(_buffer, i);
        if (value < 0) throw Error("a \\u escape needs four hex digits");
        return value;
    }

    // A byte's value as a hex digit, or -1: a table, as escapes mix digits and letters ("\\ud83d") in no pattern a
    // branch would predict.
    private static ReadOnlySpan<sbyte> HexValues =>
    [
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, 10, 11, 12, 13, 14, 15, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
        -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    ];

    private static int HexDigit(byte b) => HexValues[b];

    // Scans a number per the JSON grammar -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, keeping the magnitude of a
    // plain integer (no fraction or exponent, at most ulong.MaxValue) for TryGetInteger.
    private void ScanNumber(int start)
    {
        ReadOnlySpan<byte> buffer = _buffer;
        int i = start;
        bool negative = buffer[i] == (byte)'-';
        if (negative) i++;
        if (i >= buffer.Length || (uint)(buffer[i] - '0') > 9) throw Error("a number needs a digit after '-'");
        ulong magnitude = 0;
        bool plain = true;
        if (buffer[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            int digitsStart = i;
            while (i < buffer.Length)
            {
                uint digit = (uint)(buffer[i] - '0');
                if (digit > 9) break;
                // 19 digits always fit a ulong; the 20th is checked.
                if (i - digitsStart >= 19 && magnitude > (ulong.MaxValue - digit) / 10) plain = false;
                magnitude = magnitude * 10 + digit;
                i++;
            }
        }
        if (i < buffer.Length && buffer[i] == (byte)'.')
        {
            plain = false;
            i++;
            int fraction = i;
            while (i < buffer.Length && (uint)(buffer[i] - '0') <= 9) i++;
            if (i == fraction) throw Error("a number needs digits after '.'");
        }
        if (i < buffer.Length && (buffer[i] | 0x20) == (byte)'e')
        {
            plain = false;
            i++;
            if (i < buffer.Length && (buffer[i] == (byte)'+' || buffer[i] == (byte)'-')) i++;
            int exponent = i;
            while (i < buffer.Length && (uint)(buffer[i] - '0') <= 9) i++;
            if (i == exponent) throw Error("a number needs digits in its exponent");
        }
        _valueStart = start;
        _valueLength = i - start;
        _valueExtra = 0;
        _position = i;
        _token = JsonToken.Number;
        _negative = negative;
        _plainInteger = plain;
        _magnitude = magnitude;
    }

    /// <summary>On a number token without fraction or exponent whose magnitude fits a ulong: its sign and magnitude,
    /// accumulated while the number was scanned.</summary>
    public readonly bool TryGetInteger(out bool negative, out ulong magnitude)
    {
        negative = _negative;
        magnitude = _magnitude;
        return _token == JsonToken.Number && _plainInteger;
    }

    /// <summary>Whether the current property name or string is exactly <paramref name="utf8"/> (after unescaping).</summary>
    public readonly bool ValueTextEquals(ReadOnlySpan<byte> utf8)
    {
        if (!_escaped) return ValueSpan.SequenceEqual(utf8);
        byte[] rented = ArrayPool<byte>.Shared.Rent(_valueLength);
        try
        {
            return UnescapeUtf8(rented).SequenceEqual(utf8);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>The current string or property name's text with its escapes applied, as UTF-8 written into
    /// <paramref name="destination"/> (at least <see cref="ValueSpan"/>'s length: unescaping never lengthens).
    /// The UTF-8 is not checked here.</summary>
    public readonly ReadOnlySpan<byte> UnescapeUtf8(Span<byte> destination)
    {
        ReadOnlySpan<byte> value = ValueSpan;
        int written = 0;
        int i = 0;
        while (i < value.Length)
        {
            int next = value.Slice(i).IndexOf((byte)'\\');
            int run = next < 0 ? value.Length - i : next;
            value.Slice(i, run).CopyTo(destination.Slice(written));
            written += run;
            i += run;
            if (i >= value.Length) break;
            i = Unescape(value, i, out int codePoint);
            written += WriteUtf8(codePoint, destination.Slice(written));
        }
        return destination.Slice(0, written);
    }

    // The escape at value[i] == '\' (checked when scanned): its code point (a surrogate pair combined), and the index
    // after it.
    internal static int Unescape(ReadOnlySpan<byte> value, int i, out int codePoint)
    {
        byte e = value[i + 1];
        switch (e)
        {
            case (byte)'b': codePoint = '\b'; return i + 2;
            case (byte)'f': codePoint = '\f'; return i + 2;
            case (byte)'n': codePoint = '\n'; return i + 2;
            case (byte)'r': codePoint = '\r'; return i + 2;
            case (byte)'t': codePoint = '\t'; return i + 2;
            case (byte)'u':
                int unit = Hex4Checked(value, i + 2);
                if (unit >= 0xD800 && unit <= 0xDBFF)
                {
                    int low = Hex4Checked(value, i + 8);
                    codePoint = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                    return i + 12;
                }
                codePoint = unit;
                return i + 6;
            default: codePoint = e; return i + 2;
        }
    }

    // The four hex digits at value[i..i + 4] as a number, or a negative number if one is not a hex digit (a -1 digit
    // sets every bit above it, the sign bit included, whatever its place).
    private static int Hex4Checked(ReadOnlySpan<byte> value, int i) =>
        (HexDigit(value[i]) << 12) | (HexDigit(value[i + 1]) << 8) | (HexDigit(value[i + 2]) << 4) | HexDigit(value[i + 3]);

    private static int WriteUtf8(int codePoint, Span<byte> destination)
    {
        if (codePoint < 0x80)
        {
            destination[0] = (byte)codePoint;
            return 1;
        }
        if (codePoint < 0x800)
        {
            destination[0] = (byte)(0xC0 | (codePoint >> 6));
            destination[1] = (byte)(0x80 | (codePoint & 0x3F));
            return 2;
        }
        if (codePoint < 0x10000)
        {
            destination[0] = (byte)(0xE0 | (codePoint >> 12));
            destination[1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
            destination[2] = (byte)(0x80 | (codePoint & 0x3F));
            return 3;
        }
        destination[0] = (byte)(0xF0 | (codePoint >> 18));
        destination[1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
        destination[2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
        destination[3] = (byte)(0x80 | (codePoint & 0x3F));
        return 4;
    }

    private const int StackChars = 256;

    /// <summary>The current string or property name as a <see cref="string"/>: the UTF-8 runs between escapes
    /// transcoded (and checked) straight into the string's chars, the escapes written as their chars, in one pass.</summary>
    [SkipLocalsInit]
    public readonly string GetString()
    {
        ReadOnlySpan<byte> value = ValueSpan;
        if (value.IsEmpty) return string.Empty;
        if (_source is not null) return SourceText();
#if NET10_0_OR_GREATER
        if (JsonStringDecoder.IsSupported) return DecodeInOnePass(value);
#endif
        // UTF-8 never has fewer bytes than the UTF-16 chars it decodes to, and an escape never has fewer bytes than
        // its chars: value.Length chars are room enough.
        if (value.Length <= StackChars)
        {
            Span<char> chars = stackalloc char[StackChars];
            int length = Decode(value, chars);
            return chars.Slice(0, length).ToString();
        }
        char[] rented = ArrayPool<char>.Shared.Rent(value.Length);
        try
        {
            int length = Decode(value, rented);
            return new string(rented, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    // The current string from _source, where its bytes were encoded from: it starts at char _valueStart - (the extra
    // bytes before it) and has _valueLength - _valueExtra chars. Without escapes it is a substring; with them, the runs
    // between escapes are copied from _source (each run's chars counted from its bytes unless the string is ASCII) and
    // each escape is written as its chars (an escape is ASCII: one char per byte in _source). The constructor's
    // contract makes the bytes valid UTF-8: only counting here.
    [SkipLocalsInit]
    private readonly string SourceText()
    {
        ReadOnlySpan<byte> value = ValueSpan;
        int startChar = _valueStart - (_extra - _valueExtra);
        string source = _source!;
        if (!_escaped) return source.Substring(startChar, _valueLength - _valueExtra);

        // The chars are never more than the bytes (see Decode).
        char[]? rented = null;
        Span<char> chars = value.Length <= StackChars ? stackalloc char[StackChars] : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        int written = 0;
        int sourceChar = startChar;
        int i = 0;
        while (i < value.Length)
        {
            int next = value.Slice(i).IndexOf((byte)'\\');
            int run = next < 0 ? value.Length - i : next;
            if (run != 0)
            {
                int runChars = _valueExtra == 0 ? run : JsonUtf8.Utf16Length(value.Slice(i, run));
                source.AsSpan(sourceChar, runChars).CopyTo(chars.Slice(written));
                written += runChars;
                sourceChar += runChars;
                i += run;
            }
            if (i >= value.Length) break;
            int escape = i;
            i = Unescape(value, i, out int codePoint);
            sourceChar += i - escape;
            written = PutUtf16(chars, written, codePoint);
        }
        string text = chars.Slice(0, written).ToString();
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return text;
    }

#if NET10_0_OR_GREATER
    // The longest content JsonStringDecoder decodes on the stack (with its slack, 2 KiB of chars): paragraphs of text
    // need no pooled buffer.
    private const int StackDecodeBytes = 1024 - JsonStringDecoder.Slack;

    // GetString with JsonStringDecoder: escapes and UTF-8 in one pass, in blocks that need Slack chars of room.
    [SkipLocalsInit]
    private readonly string DecodeInOnePass(ReadOnlySpan<byte> value)
    {
        if (value.Length > StackDecodeBytes) return DecodeInOnePassPooled(value);
        Span<char> chars = stackalloc char[StackDecodeBytes + JsonStringDecoder.Slack];
        int length = JsonStringDecoder.Decode(value, chars);
        if (length < 0) throw Error("a string is not valid UTF-8");
        return new string(chars.Slice(0, length));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private readonly string DecodeInOnePassPooled(ReadOnlySpan<byte> value)
    {
        char[] rented = ArrayPool<char>.Shared.Rent(value.Length + JsonStringDecoder.Slack);
        try
        {
            int length = JsonStringDecoder.Decode(value, rented);
            if (length < 0) throw Error("a string is not valid UTF-8");
            return new string(rented, 0, length);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }
#endif

    private readonly int Decode(ReadOnlySpan<byte> value, Span<char> chars)
    {
        if (!_escaped)
        {
            if (!Utf8Transcoder.TryDecode(value, chars, out int plain)) throw Error("a string is not valid UTF-8");
            return plain;
        }
        int written = 0;
        int i = 0;
        while (i < value.Length)
        {
            int next = value.Slice(i).IndexOf((byte)'\\');
            int run = next < 0 ? value.Length - i : next;
            if (run != 0)
            {
                if (!Utf8Transcoder.TryDecode(value.Slice(i, run), chars.Slice(written), out int decoded)) throw Error("a string is not valid UTF-8");
                written += decoded;
                i += run;
            }
            if (i >= value.Length) break;
            i = Unescape(value, i, out int codePoint);
            written = PutUtf16(chars, written, codePoint);
        }
        return written;
    }

    /// <summary>Writes an escape's code point as one UTF-16 char or a surrogate pair at <paramref name="written"/> and
    /// returns the new count. A pair comes from two <c>\uXXXX</c> escapes, twelve bytes of the source, so a destination
    /// with a char per source byte has room.</summary>
    private static int PutUtf16(Span<char> chars, int written, int codePoint)
    {
        if (codePoint < 0x10000)
        {
            chars[written++] = (char)codePoint;
            return written;
        }
        codePoint -= 0x10000;
        chars[written++] = (char)(0xD800 + (codePoint >> 10));
        chars[written++] = (char)(0xDC00 + (codePoint & 0x3FF));
        return written;
    }

    private readonly string Describe(int i)
    {
        if (i >= _buffer.Length) return "the end of the input";
        byte b = _buffer[i];
        return b >= 0x20 && b < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";
    }

    /// <summary>An exception for malformed input at the reader's position.</summary>
    internal readonly InvalidProtocolBufferException Error(string problem)
    {
        string where = $"{problem} (at byte {_position})";
        return _context is not null ? _context.Error(where) : new InvalidProtocolBufferException("Invalid JSON: " + where);
    }
}
