#if NETSTANDARD2_0
namespace ProtoGen.Wire;

// netstandard2.0 builds: the vectorised counter, encoder and decoder (Utf8Count.cs, Utf8Decoder.cs, Utf8Encoder*.cs)
// need System.Runtime.Intrinsics and are not compiled. Their entry points stay, as the framework's transcoder behind
// Utf8Transcoder, so that a caller compiles the same for every target and gets the same results.

internal static class Utf8Count
{
    public static int GetByteCount(ReadOnlySpan<char> text) => Utf8Transcoder.FrameworkGetByteCount(text);
}

internal static class Utf8Encoder
{
    public static bool TryEncode(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten) =>
        Utf8Transcoder.FrameworkTryEncode(text, destination, out bytesWritten);
}

internal static class Utf8Decoder
{
    public static bool TryDecode(ReadOnlySpan<byte> source, Span<char> destination, out int written) =>
        Utf8Transcoder.FrameworkTryDecode(source, destination, out written);
}
#endif
