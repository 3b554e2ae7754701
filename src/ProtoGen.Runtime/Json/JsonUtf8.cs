using System.Buffers;
using System.Runtime.CompilerServices;
using ProtoGen.Wire;

namespace ProtoGen.Json;

/// <summary>
/// UTF-8 &lt;-&gt; UTF-16 for the JSON entry points that take or give strings, through the runtime's transcoder
/// (<see cref="Utf8Transcoder"/>, vectorized on .NET) and pooled buffers: one decode straight into a buffer the string
/// is copied from, where Encoding.GetString first counts the chars and then decodes.
/// </summary>
internal static class JsonUtf8
{
    private const int StackChars = 256;

    /// <summary>The string <paramref name="utf8"/> holds; false when it is not valid UTF-8.</summary>
    [SkipLocalsInit]
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out string text)
    {
        if (utf8.IsEmpty)
        {
            text = string.Empty;
            return true;
        }
        // UTF-8 never has fewer bytes than the UTF-16 chars it decodes to, so utf8.Length chars are room enough.
        if (utf8.Length <= StackChars)
        {
            Span<char> chars = stackalloc char[StackChars];
            if (!Utf8Transcoder.TryDecode(utf8, chars, out int written))
            {
                text = string.Empty;
                return false;
            }
            text = chars.Slice(0, written).ToString();
            return true;
        }
        char[] rented = ArrayPool<char>.Shared.Rent(utf8.Length);
        try
        {
            if (!Utf8Transcoder.TryDecode(utf8, rented, out int written))
            {
                text = string.Empty;
                return false;
            }
            text = new string(rented, 0, written);
            return true;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(rented);
        }
    }

    /// <summary>Whether <paramref name="text"/> holds a surrogate that is not half of a pair (which UTF-8 cannot encode).</summary>
    public static bool HasUnpairedSurrogate(ReadOnlySpan<char> text)
    {
        while (true)
        {
#if NET8_0_OR_GREATER
            int i = text.IndexOfAnyInRange('\ud800', '\udfff');
            if (i < 0) return false;
#else
            int i = 0;
            while (i < text.Length && !char.IsSurrogate(text[i])) i++;
            if (i == text.Length) return false;
#endif
            if (!char.IsHighSurrogate(text[i]) || i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1])) return true;
            text = text.Slice(i + 2);
        }
    }
}
