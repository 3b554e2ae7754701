#if NETSTANDARD2_0
using System.Text;

namespace ProtoGen.Wire;

// netstandard2.0 builds: the vectorised UTF-8 counter, encoder and decoder (Utf8Count.cs, Utf8Decoder.cs,
// Utf8Encoder*.cs) need System.Runtime.Intrinsics, so these targets use .NET's own transcoder through the same three
// entry points, with the same results: Encoding.UTF8's byte count and bytes (an unpaired surrogate becomes U+FFFD), and a
// strict decoder that rejects what Utf8.ToUtf16(replaceInvalidSequences: false) rejects.

internal static class Utf8Count
{
    public static unsafe int GetByteCount(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return 0;
        fixed (char* chars = text)
        {
            return Encoding.UTF8.GetByteCount(chars, text.Length);
        }
    }
}

internal static class Utf8Encoder
{
    public static unsafe bool TryEncode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        if (text.IsEmpty)
        {
            bytesWritten = 0;
            return true;
        }
        if (destination.Length < text.Length * 3 && destination.Length < Utf8Count.GetByteCount(text))
        {
            bytesWritten = 0;
            return false;
        }
        fixed (char* chars = text)
        fixed (byte* bytes = destination)
        {
            bytesWritten = Encoding.UTF8.GetBytes(chars, text.Length, bytes, destination.Length);
            return true;
        }
    }
}

internal static class Utf8Decoder
{
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static unsafe bool TryDecode(ReadOnlySpan<byte> source, Span<char> destination, out int written)
    {
        written = 0;
        if (source.IsEmpty) return true;
        fixed (byte* bytes = source)
        fixed (char* chars = destination)
        {
            try
            {
                if (Strict.GetCharCount(bytes, source.Length) > destination.Length) return false;
                written = Strict.GetChars(bytes, source.Length, chars, destination.Length);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
    }
}
#endif
