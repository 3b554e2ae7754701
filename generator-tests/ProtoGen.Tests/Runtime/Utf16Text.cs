using System.Text;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// Random UTF-16 text that mixes every kind of char the UTF-8 counters tell apart: ASCII, 2-byte and 3-byte chars,
/// surrogate pairs, and unpaired high and low surrogates (which Encoding.UTF8 replaces by U+FFFD).
/// </summary>
internal sealed class Utf16Text(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Exactly <paramref name="length"/> chars; <paramref name="kinds"/> limits the kinds drawn from.</summary>
    public string Next(int length, int kinds = 6)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            switch (_random.Next(kinds))
            {
                case 0: text.Append((char)_random.Next(0, 0x80)); break;
                case 1: text.Append((char)_random.Next(0x80, 0x800)); break;
                case 2: text.Append(_random.Next(2) == 0 ? (char)_random.Next(0x800, 0xD800) : (char)_random.Next(0xE000, 0x10000)); break;
                case 3:
                    if (text.Length + 2 <= length)
                    {
                        text.Append(HighSurrogate()).Append(LowSurrogate());
                    }
                    break;
                case 4: text.Append(HighSurrogate()); break;
                default: text.Append(LowSurrogate()); break;
            }
        }

        // Unpaired surrogates at the very ends, where a counter looks past the text for the other half.
        if (length > 0 && _random.Next(8) == 0)
        {
            text[0] = LowSurrogate();
        }

        if (length > 0 && _random.Next(8) == 0)
        {
            text[length - 1] = HighSurrogate();
        }

        return text.ToString();
    }

    private char HighSurrogate() => (char)_random.Next(0xD800, 0xDC00);

    private char LowSurrogate() => (char)_random.Next(0xDC00, 0xE000);
}
