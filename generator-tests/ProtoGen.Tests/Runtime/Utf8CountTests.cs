using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ProtoGen.Wire;

namespace ProtoGen.Tests.Runtime;

/// <summary>Utf8Count against its definition: whatever Encoding.UTF8.GetByteCount returns, for every input.</summary>
public class Utf8CountTests
{
    // The block widths of the counter (8, 16 and 32 chars) and a few multiples of them.
    private static readonly int[] BlockBoundaries = [8, 16, 32, 64, 96, 128];

    [Fact]
    public void Counts_like_Encoding_UTF8_for_random_text_of_every_length_up_to_300()
    {
        var text = new Utf16Text(seed: 1);
        for (int length = 0; length <= 300; length++)
        {
            for (int sample = 0; sample < 20; sample++)
            {
                // Some samples leave out the surrogate kinds, so that the surrogate-free paths are taken too.
                AssertCountsLikeEncoding(text.Next(length, kinds: sample % 4 == 0 ? 3 : 6));
            }
        }
    }

    [Fact]
    public void Counts_like_Encoding_UTF8_for_thousands_of_random_texts_and_their_slices()
    {
        var text = new Utf16Text(seed: 2);
        var random = new Random(3);
        for (int sample = 0; sample < 3000; sample++)
        {
            string value = text.Next(random.Next(0, 2000));
            AssertCountsLikeEncoding(value);

            // Slices start anywhere, so loads are unaligned and a slice may begin with the low half of a pair.
            int start = random.Next(0, value.Length + 1);
            int length = random.Next(0, value.Length - start + 1);
            AssertCountsLikeEncoding(value.AsSpan(start, length));
        }
    }

    [Fact]
    public void Counts_like_Encoding_UTF8_with_surrogates_at_every_offset_around_block_boundaries()
    {
        // A pair, a lone high, a lone low, low-then-high (two lone ones), a lone high before a pair, a pair before a
        // lone low: each at every offset of texts a little shorter and longer than each block width.
        string[] runs = ["\uD83D\uDE00", "\uD83D", "\uDE00", "\uDE00\uD83D", "\uD83D\uD83D\uDE00", "\uD83D\uDE00\uDE00"];
        foreach (string surrogates in runs)
        {
            foreach (int boundary in BlockBoundaries)
            {
                for (int length = boundary - 2; length <= boundary + 2; length++)
                {
                    foreach (char filler in new[] { 'a', 'é', '日' })
                    {
                        for (int offset = 0; offset + surrogates.Length <= length; offset++)
                        {
                            string before = new(filler, offset), after = new(filler, length - offset - surrogates.Length);
                            AssertCountsLikeEncoding(before + surrogates + after);
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Counts_short_text_like_Encoding_UTF8_with_every_kind_of_char_at_every_position()
    {
        // Up to 32 chars, one char of each kind (or a pair, or a pair split by the overlap of the two loads) at every
        // position among fillers of each kind: the two loads of the short paths must count every char once.
        string[] units = ["a", "\u00E9", "\u65E5", "\uD83D\uDE00", "\uD83D", "\uDE00", "\uDE00\uD83D"];
        foreach (string unit in units)
        {
            foreach (char filler in new[] { 'a', '\u00E9', '\u65E5' })
            {
                for (int length = unit.Length; length <= 32; length++)
                {
                    for (int position = 0; position + unit.Length <= length; position++)
                    {
                        AssertCountsLikeEncoding(new string(filler, position) + unit + new string(filler, length - position - unit.Length));
                    }
                }
            }
        }
    }

    [Fact]
    public void Counts_like_Encoding_UTF8_for_text_made_only_of_one_kind_of_char()
    {
        foreach (string unit in new[] { "a", "\u007F", "\u0080", "\u07FF", "\u0800", "\uD7FF", "\uE000", "\uFFFF", "\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDBFF\uDFFF", "\uD800\uDC00" })
        {
            for (int repeat = 0; repeat <= 70; repeat++)
            {
                AssertCountsLikeEncoding(string.Concat(Enumerable.Repeat(unit, repeat)));
            }
        }
    }

    [Fact]
    public void WireSize_String_is_the_counted_bytes_plus_their_length_prefix()
    {
        var text = new Utf16Text(seed: 4);
        foreach (int length in new[] { 0, 5, 16, 17, 42, 43, 127, 128, 300, 5000 })
        {
            string value = text.Next(length);
            int byteCount = Encoding.UTF8.GetByteCount(value);
            Assert.Equal(WireSize.LengthDelimited(byteCount), WireSize.String(value));
        }
    }

    [Fact]
    public void WireSize_String_of_up_to_70_chars_sizes_ASCII_and_one_other_char_at_every_position()
    {
        // Strings of up to 32 chars, and of 33 to 64, are tested for ASCII in overlapping loads before any counting:
        // one char that is not ASCII, wherever it is, must send them to the count.
        foreach (string other in new[] { "\u00E9", "\u65E5", "\uD83D\uDE80", "\uD800", "\u007F" })
        {
            for (int length = 0; length <= 70; length++)
            {
                string ascii = new string('a', length);
                Assert.Equal(WireSize.LengthDelimited(length), WireSize.String(ascii));
                for (int position = 0; position < length; position++)
                {
                    string value = ascii.Substring(0, position) + other + ascii.Substring(position + 1);
                    Assert.True(WireSize.LengthDelimited(Encoding.UTF8.GetByteCount(value)) == WireSize.String(value), $"{length} chars, {other} at {position}");
                }
            }
        }
    }

    private static void AssertCountsLikeEncoding(ReadOnlySpan<char> value)
    {
        // Every block width is checked, whichever this machine's hardware picks (without it the vector APIs are
        // emulated: slow, but the same arithmetic).
        int expected = Encoding.UTF8.GetByteCount(value);
        AssertCount(expected, Utf8Count.GetByteCount(value), "best width", value);
        AssertCount(expected, Utf8Count.GetByteCount<Utf8Count.Lanes32>(value), "32 lanes", value);
        AssertCount(expected, Utf8Count.GetByteCount<Utf8Count.Lanes16>(value), "16 lanes", value);
        AssertCount(expected, Utf8Count.GetByteCount<Utf8Count.Lanes8>(value), "8 lanes", value);
        AssertCount(expected, Utf8Count.GetByteCountScalar(value), "scalar", value);
        if (value.Length is >= 1 and <= 32)
        {
            // Short text has its own paths: two overlapping loads (or a padded block), and on AVX-512 a masked load.
            ref ushort first = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(value));
            AssertCount(expected, Utf8Count.OverlappingShortByteCount(ref first, value.Length), "short, overlapping", value);
            if (System.Runtime.Intrinsics.X86.Avx512BW.IsSupported)
            {
                AssertCount(expected, Utf8Count.MaskedShortByteCount(ref first, value.Length), "short, masked", value);
            }
        }
    }

    private static void AssertCount(int expected, int actual, string width, ReadOnlySpan<char> value)
    {
        if (expected != actual)
        {
            Assert.Fail($"{width}: expected {expected} bytes, counted {actual}, for {value.Length} chars: {Convert.ToHexString(MemoryMarshal.AsBytes(value))}");
        }
    }
}
