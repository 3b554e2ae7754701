using System.Runtime.CompilerServices;
using System.Text;

namespace ProtoGen.Wire;

/// <summary>
/// The runtime's one way between UTF-16 strings and UTF-8 bytes: count, encode, decode. The wire writer, reader and
/// sizes call it, and so does whatever else transcodes text in bulk.
/// </summary>
/// <remarks>
/// <para>
/// Each operation gives exactly the framework's result: the count and bytes of <c>Encoding.UTF8</c> (an unpaired
/// surrogate becomes U+FFFD, EF BF BD, as Google.Protobuf writes it), and a strict decode that accepts what
/// <c>new UTF8Encoding(false, throwOnInvalidBytes: true)</c> accepts. On .NET targets the work is done by the
/// vectorised <see cref="Utf8Count"/>, <see cref="Utf8Encoder"/> and <see cref="Utf8Decoder"/> (this folder); on
/// netstandard2.0, and wherever the AppContext switch <c>ProtoGen.Utf8.UseFrameworkEncoding</c> is on, by the framework
/// itself (the <c>Framework*</c> members). Since both give the same results, the switch changes speed, never output:
/// it is an escape hatch, and the tests compare the two on the same inputs.
/// </para>
/// <para>
/// The switch is read once, when this class is first used (set it in runtimeconfig.json or with
/// <c>AppContext.SetSwitch</c> before any message is written or read). Being a static readonly field, the JIT treats
/// it as a constant once the class is initialised, so the check costs nothing on the fast path.
/// </para>
/// </remarks>
internal static class Utf8Transcoder
{
    /// <summary>The name of the AppContext switch that routes every operation to the framework's transcoder.</summary>
    internal const string UseFrameworkEncodingSwitch = "ProtoGen.Utf8.UseFrameworkEncoding";

    /// <summary>Whether the framework's transcoder does the work (always, on netstandard2.0).</summary>
#if NET
    internal static readonly bool UseFrameworkEncoding = AppContext.TryGetSwitch(UseFrameworkEncodingSwitch, out bool on) && on;
#else
    internal const bool UseFrameworkEncoding = true;
#endif

    // The framework's strict decoder: an invalid sequence throws instead of becoming U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The number of bytes <paramref name="text"/> encodes to, as <c>Encoding.UTF8.GetByteCount</c> counts
    /// them (an unpaired surrogate counts as the 3 bytes of U+FFFD).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int GetByteCount(ReadOnlySpan<char> text)
    {
#if NET
        if (!UseFrameworkEncoding)
        {
            return Utf8Count.GetByteCount(text);
        }
#endif
        return FrameworkGetByteCount(text);
    }

    /// <summary>Encodes <paramref name="text"/> into <paramref name="destination"/> as <c>Encoding.UTF8.GetBytes</c>
    /// does; false when it does not fit (the bytes written so far are then meaningless, and nothing is written outside
    /// the destination).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryEncode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
#if NET
        if (!UseFrameworkEncoding)
        {
            return Utf8Encoder.TryEncode(text, destination, out bytesWritten);
        }
#endif
        return FrameworkTryEncode(text, destination, out bytesWritten);
    }

    /// <summary>Decodes strict UTF-8 <paramref name="source"/> into <paramref name="destination"/>, which must hold
    /// at least <c>source.Length</c> chars (UTF-8 never has fewer bytes than UTF-16 chars); false if it is not valid
    /// UTF-8 (overlong forms, surrogates, code points above U+10FFFF, stray or missing continuation bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<char> destination, out int written)
    {
#if NET
        if (!UseFrameworkEncoding)
        {
            return Utf8Decoder.TryDecode(source, destination, out written);
        }
#endif
        return FrameworkTryDecode(source, destination, out written);
    }

    /// <summary><see cref="GetByteCount"/> by <c>Encoding.UTF8</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static unsafe int FrameworkGetByteCount(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        fixed (char* chars = text)
        {
            return Encoding.UTF8.GetByteCount(chars, text.Length);
        }
    }

    /// <summary><see cref="TryEncode"/> by <c>Encoding.UTF8</c>.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static unsafe bool FrameworkTryEncode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten)
    {
        bytesWritten = 0;
        if (text.IsEmpty)
        {
            return true;
        }

        // Encoding.GetBytes throws when the bytes do not fit; three bytes per char always fit, else count first.
        if (destination.Length < text.Length * 3 && destination.Length < FrameworkGetByteCount(text))
        {
            return false;
        }

        fixed (char* chars = text)
        fixed (byte* bytes = destination)
        {
            bytesWritten = Encoding.UTF8.GetBytes(chars, text.Length, bytes, destination.Length);
            return true;
        }
    }

    /// <summary><see cref="TryDecode"/> by the framework's strict UTF-8 decoder.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static unsafe bool FrameworkTryDecode(ReadOnlySpan<byte> source, Span<char> destination, out int written)
    {
        written = 0;
        if (source.IsEmpty)
        {
            return true;
        }

        fixed (byte* bytes = source)
        fixed (char* chars = destination)
        {
            try
            {
                if (StrictUtf8.GetCharCount(bytes, source.Length) > destination.Length)
                {
                    return false;
                }

                written = StrictUtf8.GetChars(bytes, source.Length, chars, destination.Length);
                return true;
            }
            catch (DecoderFallbackException)
            {
                return false;
            }
        }
    }
}
