using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Text;
using ProtoGen.Wire;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// Utf8Encoder against its definition: the bytes Encoding.UTF8.GetBytes gives, for every input, into a destination of
/// exactly that size or larger, and a refusal that writes nothing past the end when the destination is one byte short.
/// </summary>
public class Utf8EncoderTests
{
    // The narrower block width (8 chars; the wider is 16); the vector paths stop 32 or 52 bytes before the
    // destination's end.
    private const int Block = 8;

    // Neighbours of 1, 2 and 3 bytes.
    private static readonly char[] Fillers = ['a', 'é', '日'];

    [Fact]
    public void Shuffle_tables_follow_their_rules()
    {
        var twoByte = new List<byte>();
        for (int asciiMask = 0; asciiMask < 256; asciiMask++)
        {
            var row = new List<byte>();
            for (int k = 0; k < 8; k++)
            {
                row.AddRange((asciiMask >> k & 1) != 0 ? [(byte)(2 * k)] : [(byte)(2 * k + 1), (byte)(2 * k)]);
            }

            twoByte.AddRange(row.Concat(Enumerable.Repeat((byte)0x80, 16 - row.Count)));
        }

        var threeByte = new List<byte>();
        for (int index = 0; index < 256; index++)
        {
            var row = new List<byte>();
            for (int k = 0; k < 4; k++)
            {
                bool ascii = (index >> k & 1) != 0, belowU0800 = (index >> (4 + k) & 1) != 0;
                row.AddRange(ascii ? [(byte)(4 * k)] : belowU0800 ? [(byte)(4 * k + 1), (byte)(4 * k)] : [(byte)(4 * k + 2), (byte)(4 * k + 1), (byte)(4 * k)]);
            }

            threeByte.AddRange(row.Concat(Enumerable.Repeat((byte)0x80, 16 - row.Count)));
        }

        Assert.Equal(twoByte.ToArray(), Utf8Encoder.TwoByteShuffles.ToArray());
        Assert.Equal(threeByte.ToArray(), Utf8Encoder.ThreeByteShuffles.ToArray());
    }

    [Fact]
    public void Encodes_every_BMP_code_point_alone_like_Encoding_UTF8()
    {
        for (int c = 0; c <= 0xFFFF; c++)
        {
            AssertEncodesLikeEncoding(((char)c).ToString());
        }
    }

    [Fact]
    public void Encodes_every_BMP_code_point_at_every_offset_of_a_block_among_neighbours_like_Encoding_UTF8()
    {
        // For each neighbour and each offset 0-7, one text of all 65,536 code points, each in its own run of 32 chars
        // at that offset and 8, 16 and 24 chars later: every offset 0-31 of the 16- and 8-char blocks and of 32-char
        // ASCII runs. Neighbours are never surrogates and copies are 8 apart, so a surrogate code point is always
        // unpaired; at offset 7 it is the last char of every 8-char block, at 15 and 31 of every 16-char block.
        foreach (char filler in Fillers)
        {
            for (int offset = 0; offset < 8; offset++)
            {
                var text = new StringBuilder(0x10000 * 32);
                for (int c = 0; c <= 0xFFFF; c++)
                {
                    for (int copy = 0; copy < 4; copy++)
                    {
                        text.Append(filler, offset).Append((char)c).Append(filler, 7 - offset);
                    }
                }

                AssertEncodesLikeEncoding(text.ToString(), charPaths: false);
            }
        }
    }

    [Fact]
    public void Encodes_each_BMP_code_point_in_a_short_text_into_an_exact_destination_like_Encoding_UTF8()
    {
        // Short texts end within 32 bytes of the destination's end, where blocks go through the stack buffer: every
        // code point, at an offset that moves with it, in texts of 1 to 3 blocks and a partial one.
        for (int c = 0; c <= 0xFFFF; c++)
        {
            char filler = Fillers[c % 3];
            int length = Block + c % 19;
            int offset = c % length;
            AssertEncodesLikeEncoding(new string(filler, offset) + (char)c + new string(filler, length - offset - 1), charPaths: false);
        }
    }

    [Fact]
    public void Encodes_surrogates_at_every_offset_around_block_boundaries_like_Encoding_UTF8()
    {
        // A pair, a lone high, a lone low, low-then-high, a lone high before a pair, a pair before a lone low, a pair
        // after a lone high: each at every offset of texts a little shorter and longer than 1 to 6 blocks, so a pair is
        // split across blocks and a lone high is the last char of a block and of the text.
        string[] runs = ["\uD83D\uDE00", "\uD83D", "\uDE00", "\uDE00\uD83D", "\uD83D\uD83D\uDE00", "\uD83D\uDE00\uDE00", "\uDBFF\uDFFF\uD800\uDC00"];
        foreach (string surrogates in runs)
        {
            for (int boundary = Block; boundary <= 6 * Block; boundary += Block)
            {
                for (int length = boundary - 3; length <= boundary + 3; length++)
                {
                    foreach (char filler in Fillers)
                    {
                        for (int offset = 0; offset + surrogates.Length <= length; offset++)
                        {
                            AssertEncodesLikeEncoding(new string(filler, offset) + surrogates + new string(filler, length - offset - surrogates.Length));
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Encodes_thousands_of_random_texts_of_every_length_up_to_600_like_Encoding_UTF8()
    {
        // Mixes of ASCII, Latin-1 and other 2-byte chars, Greek, CJK and other 3-byte chars, emoji and lone
        // surrogates; every fourth sample without surrogates (so whole texts take the vector paths), every fourth only
        // ASCII and 2-byte chars.
        var text = new Utf16Text(seed: 11);
        for (int length = 0; length <= 600; length++)
        {
            for (int sample = 0; sample < 12; sample++)
            {
                int kinds = (sample % 4) switch { 0 => 3, 1 => 2, _ => 6 };
                AssertEncodesLikeEncoding(text.Next(length, kinds));
            }
        }
    }

    [Fact]
    public void Short_texts_encode_in_masked_blocks_like_Encoding_UTF8_when_there_is_room()
    {
        // The masked path must do the work itself (not hand it to the general one) wherever a block's stores fit: with
        // 52 bytes of room after the text's own bytes, always.
        if (!Avx512BW.VL.IsSupported)
        {
            // Without AVX-512, WireWriter never calls it (and it cannot run): the other paths are tested above.
            return;
        }

        var text = new Utf16Text(seed: 12);
        for (int length = 1; length <= 32; length++)
        {
            for (int sample = 0; sample < 300; sample++)
            {
                string value = text.Next(length, kinds: (sample % 3) switch { 0 => 3, 1 => 2, _ => 6 });
                byte[] expected = Encoding.UTF8.GetBytes(value);
                byte[] buffer = new byte[expected.Length + 52];
                int written = Utf8Encoder.EncodeShort(ref Chars(value), value.Length, ref buffer[0], buffer.Length);
                Assert.True(written == expected.Length && buffer.AsSpan(0, written).SequenceEqual(expected),
                    $"{length} chars {Convert.ToHexString(MemoryMarshal.AsBytes(value.AsSpan()))}: wrote {written}, {Convert.ToHexString(buffer, 0, Math.Max(written, 0))}");
            }
        }
    }

    [Fact]
    public void Encodes_random_texts_of_single_scripts_with_spaces_like_Encoding_UTF8()
    {
        // Realistic blocks: runs of one script (Latin-1, Greek, Cyrillic, CJK, emoji) with ASCII spaces and
        // punctuation, so blocks of 1- and 2-byte chars, 1- and 3-byte chars, and ASCII runs all occur.
        string[] scripts = ["äöüßéñ", "αβγδεζηθλμπσω", "абвгдежзийклм—", "日本語中文字素早狐", "🚀🌍🎉🧪✅"];
        var random = new Random(12);
        for (int sample = 0; sample < 4000; sample++)
        {
            string script = scripts[sample % scripts.Length];
            var text = new StringBuilder();
            int length = random.Next(0, 300);
            while (text.Length < length)
            {
                text.Append(random.Next(4) == 0 ? " ,.a"[random.Next(4)] : script[random.Next(script.Length)]);
                if (char.IsHighSurrogate(text[^1]))
                {
                    text.Length--;
                    int at = random.Next(script.Length / 2) * 2;
                    text.Append(script, at, 2);
                }
            }

            AssertEncodesLikeEncoding(text.ToString());
        }
    }

    [Fact]
    public void Encodes_slices_that_start_with_the_low_half_of_a_pair_like_Encoding_UTF8()
    {
        string value = string.Concat(Enumerable.Repeat("é😀日a", 40));
        for (int start = 0; start < 16; start++)
        {
            AssertEncodesLikeEncoding(value.AsSpan(start));
        }
    }

    [Fact]
    public void Long_texts_of_one_kind_encode_like_Encoding_UTF8()
    {
        foreach (string unit in new[] { "a", "\u007F", "\u0080", "\u07FF", "\u0800", "\uFFFF", "\uD800", "\uDFFF", "\uD83D\uDE00", "aé", "a日", "é日" })
        {
            foreach (int repeat in new[] { 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 1000 })
            {
                AssertEncodesLikeEncoding(string.Concat(Enumerable.Repeat(unit, repeat)));
            }
        }
    }

    [Fact]
    public void Written_strings_are_Encoding_UTF8_bytes_behind_their_length()
    {
        // Through WireWriter: short non-ASCII strings behind a one-byte prefix, long ones behind the widest prefix
        // (moved back) or counted first when the buffer is exact.
        var text = new Utf16Text(seed: 13);
        for (int sample = 0; sample < 2000; sample++)
        {
            string value = text.Next(sample % 400, kinds: sample % 3 == 0 ? 3 : 6);
            byte[] utf8 = Encoding.UTF8.GetBytes(value);
            byte[] expected = [.. Varint(utf8.Length), .. utf8];
            foreach (int spare in new[] { 0, 1, 33, 200 })
            {
                byte[] buffer = new byte[expected.Length + spare];
                var writer = new WireWriter(buffer);
                writer.WriteString(value);
                Assert.Equal(expected.Length, writer.Position);
                Assert.True(expected.AsSpan().SequenceEqual(buffer.AsSpan(0, writer.Position)), $"sample {sample}, spare {spare}");
            }
        }

        static byte[] Varint(int value)
        {
            var bytes = new List<byte>();
            for (; value >= 0x80; value >>= 7)
            {
                bytes.Add((byte)(value | 0x80));
            }

            bytes.Add((byte)value);
            return [.. bytes];
        }
    }

    // Checks the encoder, and its 8-char blocks alone (machines without AVX2), into an exact destination, one byte short
    // (refused, nothing written past the end) and larger; texts of 1 to 32 chars on AVX-512 through the masked short
    // path too, and texts of any length through the 32-char masked blocks where VBMI2 has them; with charPaths, the
    // char-at-a-time path and the fallback for machines without SSSE3 too.
    private static void AssertEncodesLikeEncoding(ReadOnlySpan<char> value, bool charPaths = true)
    {
        byte[] expected = Encoding.UTF8.GetBytes(value.ToArray());
        AssertPath(Utf8Encoder.TryEncode, "best", expected, value);
        AssertPath((ReadOnlySpan<char> text, Span<byte> destination, out int written) => Utf8Encoder.TryEncodeBlocks(text, destination, out written, wide: false), "8-char blocks", expected, value);
        if (value.Length is >= 1 and <= 32 && Avx512BW.VL.IsSupported)
        {
            // As TryEncode uses it: the masked blocks where there is room for their stores, else the block loops.
            AssertPath((ReadOnlySpan<char> text, Span<byte> destination, out int written) =>
            {
                written = Utf8Encoder.EncodeShort(ref Chars(text), text.Length, ref MemoryMarshal.GetReference(destination), destination.Length);
                return written >= 0 || Utf8Encoder.TryEncode(text, destination, out written);
            }, "short, masked", expected, value);
        }

        if (Utf8Encoder.MaskedSupported)
        {
            AssertPath(Utf8Encoder.TryEncodeMasked, "32-char masked blocks", expected, value);
        }

        if (charPaths)
        {
            AssertPath(Utf8Encoder.TryEncodeScalar, "scalar", expected, value);
            AssertPath(Utf8Encoder.TryEncodeWithoutVectors, "fallback", expected, value);
        }
    }

    private static ref ushort Chars(ReadOnlySpan<char> text) => ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));

    private delegate bool Encoder(ReadOnlySpan<char> text, Span<byte> destination, out int bytesWritten);

    private static void AssertPath(Encoder encode, string path, byte[] expected, ReadOnlySpan<char> value)
    {
        const int Guard = 48;
        // Texts of millions of chars only into exact and larger destinations (what is refused at the end is the same).
        int[] sizes = expected.Length > 100_000
            ? [expected.Length, expected.Length + 64]
            : [expected.Length, expected.Length - 1, expected.Length + 1, expected.Length + 64];
        foreach (int size in sizes)
        {
            if (size < 0)
            {
                continue;
            }

            byte[] buffer = new byte[size + Guard];
            buffer.AsSpan().Fill(0xCC);
            bool done = encode(value, buffer.AsSpan(0, size), out int written);
            bool fits = size >= expected.Length;
            if (done != fits
                || (fits && (written != expected.Length || !buffer.AsSpan(0, written).SequenceEqual(expected)))
                || buffer.AsSpan(size).IndexOfAnyExcept((byte)0xCC) >= 0)
            {
                Assert.Fail(
                    $"{path}, destination {size} of {expected.Length} bytes: done {done}, wrote {written}; " +
                    $"for {value.Length} chars: {Convert.ToHexString(MemoryMarshal.AsBytes(value))}\n" +
                    $"expected {Convert.ToHexString(expected)}\ngot      {Convert.ToHexString(buffer, 0, Math.Min(size, Math.Max(written, 0)))}");
            }
        }
    }
}
