extern alias gp;
using System.Buffers;
using System.Runtime.Intrinsics.X86;
using System.Text;
using System.Text.Unicode;
using ProtoGen.Wire;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// Utf8Decoder against .NET's strict decoder (Utf8.ToUtf16 without replacement) as the oracle: the same inputs
/// accepted, the same chars, on every path (the 16-byte blocks, the padded tail, the exact fallback, and the
/// decoding without vector instructions).
/// </summary>
public class Utf8DecoderTests
{
    // Text around the bytes under test: each context is a code point whose encoding fills the blocks around them.
    private static readonly byte[][] Contexts = [[(byte)'a'], Encoding.UTF8.GetBytes("é"), Encoding.UTF8.GetBytes("日")];

    // Scripts for random text, each a set of code point ranges; runs of one script make whole blocks of it.
    private static readonly (int First, int Last)[][] Scripts =
    [
        [(0x20, 0x7E)],
        [(0xA0, 0xFF), (0x41, 0x5A)],
        [(0x391, 0x3C9), (0x20, 0x20)],
        [(0x410, 0x44F), (0x2C, 0x2E)],
        [(0x3041, 0x30FF), (0x4E00, 0x9FFF), (0x3001, 0x3002)],
        [(0x1F300, 0x1FAFF), (0x20, 0x20)],
        [(0x80, 0x7FF), (0x800, 0xD7FF), (0xE000, 0xFFFF), (0x10000, 0x10FFFF)],
    ];

    [Fact]
    public void Decodes_like_Dotnet_every_single_byte_at_every_offset()
    {
        var decoding = new Decoding();
        for (int value = 0; value < 256; value++)
        {
            decoding.AtEveryOffset([(byte)value]);
        }

        Assert.True(decoding.Accepted > 0 && decoding.Rejected > 0);
    }

    [Fact]
    public void Decodes_like_Dotnet_every_two_byte_combination_at_every_offset()
    {
        var decoding = new Decoding();
        int accepted = 0;
        for (int first = 0x80; first < 256; first++)
        {
            for (int second = 0; second < 256; second++)
            {
                accepted += decoding.AtEveryOffset([(byte)first, (byte)second]) ? 1 : 0;
            }
        }

        Assert.Equal(0x7FF - 0x80 + 1, accepted);
    }

    [Fact]
    public void Decodes_like_Dotnet_every_code_point_of_three_bytes_and_its_invalid_neighbours_at_every_offset()
    {
        var decoding = new Decoding();
        int accepted = 0;
        for (int codePoint = 0x800; codePoint <= 0xFFFF; codePoint++)
        {
            // Surrogates are not code points of text, but their 3-byte forms (ED A0..BF ..) must be rejected too.
            byte[] sequence = [(byte)(0xE0 | (codePoint >> 12)), (byte)(0x80 | ((codePoint >> 6) & 0x3F)), (byte)(0x80 | (codePoint & 0x3F))];
            // One context per code point (in turn), to keep the test's time down: 6 million inputs even so.
            accepted += decoding.AtEveryOffset(sequence, Contexts[codePoint % Contexts.Length]) ? 1 : 0;
        }

        Assert.Equal(0xFFFF - 0x800 + 1 - 0x800, accepted);
        decoding = new Decoding();

        // Neighbours: each byte of the forms at the edges of the valid ranges replaced by the values around them.
        byte[] leads = [0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF];
        byte[] continuations = [0x00, 0x7F, 0x80, 0x81, 0x9F, 0xA0, 0xBF, 0xC0, 0xC2, 0xE0, 0xF0, 0xFF];
        foreach (byte lead in leads)
        {
            foreach (byte second in continuations)
            {
                foreach (byte third in continuations)
                {
                    decoding.AtEveryOffset([lead, second, third]);
                }
            }
        }

        Assert.True(decoding.Rejected > decoding.Accepted && decoding.Accepted > 0);
    }

    [Fact]
    public void Decodes_like_Dotnet_every_three_byte_combination_with_an_E_lead()
    {
        // All 2^20 forms that start with E0..EF, each at one offset of one context (both cycling).
        var decoding = new Decoding();
        int sample = 0, accepted = 0;
        for (int lead = 0xE0; lead <= 0xEF; lead++)
        {
            for (int second = 0; second < 256; second++)
            {
                for (int third = 0; third < 256; third++, sample++)
                {
                    accepted += decoding.AtOffset([(byte)lead, (byte)second, (byte)third], Contexts[sample % 3], sample % 32) ? 1 : 0;
                }
            }
        }

        Assert.Equal(0xFFFF - 0x800 + 1 - 0x800, accepted);
    }

    [Fact]
    public void Decodes_like_Dotnet_four_byte_leads_with_boundary_continuations_at_every_offset()
    {
        var decoding = new Decoding();
        int accepted = 0;
        byte[] continuations = [0x7F, 0x80, 0x8F, 0x90, 0xBF, 0xC0];
        for (int lead = 0xF0; lead <= 0xFF; lead++)
        {
            foreach (byte second in continuations)
            {
                foreach (byte third in continuations)
                {
                    foreach (byte fourth in continuations)
                    {
                        accepted += decoding.AtEveryOffset([(byte)lead, second, third, fourth]) ? 1 : 0;
                    }
                }
            }
        }

        // F0 90.., F1..F3 80.. and F4 80..8F with continuations 80, 8F, 90 or BF after them.
        Assert.Equal(4 * 4 * (2 + 4 + 4 + 4 + 2), accepted);
    }

    [Fact]
    public void Rejects_like_Dotnet_sequences_cut_short_at_every_offset_and_at_the_end()
    {
        // Every proper prefix of multi-byte forms, followed by ASCII, by another lead, or by the end of the input.
        var decoding = new Decoding();
        foreach (string text in new[] { "é", "߿", "ࠀ", "日", "\uFFFD", "😀", "\U0010FFFF" })
        {
            byte[] sequence = Encoding.UTF8.GetBytes(text);
            for (int prefix = 1; prefix < sequence.Length; prefix++)
            {
                byte[] cut = sequence[..prefix];
                decoding.AtEveryOffset(cut);
                decoding.AtEveryOffset([.. cut, (byte)'a']);
                decoding.AtEveryOffset([.. cut, .. sequence]);
                foreach (byte[] context in Contexts)
                {
                    for (int before = 0; before <= 40; before++)
                    {
                        decoding.Check([.. Repeat(context, before), .. cut]);
                    }
                }
            }
        }

        Assert.Equal(0, decoding.Accepted);
    }

    [Fact]
    public void Decodes_like_Dotnet_text_made_of_one_kind_of_char_of_every_length()
    {
        var decoding = new Decoding();
        foreach (string unit in new[] { "a", "\u0080", "é", "\u07FF", "\u0800", "日", "\uD7FF", "\uE000", "\uFFFF", "😀", "\U0010FFFF", "aé", "a日", "é日", "日😀" })
        {
            byte[] bytes = Encoding.UTF8.GetBytes(unit);
            for (int repeat = 0; repeat <= 80; repeat++)
            {
                decoding.Check(Repeat(bytes, repeat));
            }
        }

        Assert.Equal(0, decoding.Rejected);
    }

    [Fact]
    public void Decodes_like_Dotnet_random_text_of_every_length_up_to_600()
    {
        var random = new Random(11);
        var decoding = new Decoding();
        for (int length = 0; length <= 600; length++)
        {
            for (int sample = 0; sample < 8; sample++)
            {
                decoding.Check(RandomText(random, length));
            }
        }

        Assert.Equal(0, decoding.Rejected);
    }

    [Fact]
    public void Decodes_like_Dotnet_thousands_of_corrupted_random_texts()
    {
        var random = new Random(12);
        var decoding = new Decoding();
        for (int sample = 0; sample < 20_000; sample++)
        {
            var bytes = new List<byte>(RandomText(random, random.Next(1, 300)));
            for (int corruption = random.Next(1, 4); corruption > 0; corruption--)
            {
                int at = random.Next(bytes.Count);
                switch (bytes.Count == 0 ? 1 : random.Next(4))
                {
                    case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                    case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                    case 2: bytes.Insert(at, (byte)random.Next(0x80, 0xC0)); break;
                    default: bytes.RemoveAt(at); break;
                }
            }

            decoding.Check(bytes.ToArray());
        }

        // Most corruptions break the text, and some leave it valid.
        Assert.True(decoding.Rejected > decoding.Accepted && decoding.Accepted > 0);
    }

    [Fact]
    public void The_scalar_path_decodes_like_Dotnet()
    {
        var random = new Random(13);
        char[] chars = new char[700];
        for (int sample = 0; sample < 2000; sample++)
        {
            byte[] bytes = RandomText(random, random.Next(0, 600));
            if (sample % 2 == 1 && bytes.Length > 0)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(0x80, 0x100);
            }

            Decoding.Oracle(bytes, out string? expected);
            bool accepted = Utf8Decoder.TryDecodeScalar(bytes, chars, out int written);
            Assert.Equal(expected is not null, accepted);
            if (accepted)
            {
                Assert.Equal(expected, new string(chars, 0, written));
            }
        }
    }

    [Fact]
    public void Strings_of_every_script_read_back_through_WireReader_and_invalid_ones_throw()
    {
        var random = new Random(14);
        for (int sample = 0; sample < 2000; sample++)
        {
            string value = Encoding.UTF8.GetString(RandomText(random, random.Next(0, 1200)));
            byte[] message = WireWriterTests.OracleBytes(o => o.WriteString(value));
            Assert.Equal(value, new WireReader(message).ReadString());

            // The same bytes with a lone continuation byte in place of one: always invalid.
            int length = Encoding.UTF8.GetByteCount(value);
            if (length > 0)
            {
                int at = message.Length - length + random.Next(length);
                byte[] broken = (byte[])message.Clone();
                broken[at] = 0xBF;
                if (at == message.Length - length || broken[at - 1] < 0x80)
                {
                    Assert.Throws<InvalidProtocolBufferException>(() => new WireReader(broken).ReadString());
                }
            }
        }
    }

    [Fact]
    public void A_message_with_non_ASCII_strings_parses_like_Google_Protobuf()
    {
        var random = new Random(15);
        for (int sample = 0; sample < 200; sample++)
        {
            string value = Encoding.UTF8.GetString(RandomText(random, random.Next(0, 400)));
            var expected = new gp::ProtoGen.Samples.Types.AllTypes { FString = value, RString = { value, "x" + value } };
            byte[] bytes = Google.Protobuf.MessageExtensions.ToByteArray(expected);
            var parsed = ProtoGen.Samples.Types.AllTypes.Parser.ParseFrom(bytes);
            Assert.Equal(value, parsed.FString);
            Assert.Equal([value, "x" + value], parsed.RString);

            if (value.Length > 0)
            {
                bytes[^1] = 0xFF;
                Assert.Throws<InvalidProtocolBufferException>(() => ProtoGen.Samples.Types.AllTypes.Parser.ParseFrom(bytes));
            }
        }
    }

    private static byte[] Repeat(byte[] unit, int count)
    {
        var bytes = new byte[unit.Length * count];
        for (int i = 0; i < count; i++)
        {
            unit.CopyTo(bytes, i * unit.Length);
        }

        return bytes;
    }

    // Valid UTF-8 of about `length` bytes (not more): runs of 1 to 40 code points, each run from one script.
    private static byte[] RandomText(Random random, int length)
    {
        var bytes = new List<byte>(length + 4);
        Span<byte> encoded = stackalloc byte[4];
        while (true)
        {
            (int First, int Last)[] script = Scripts[random.Next(Scripts.Length)];
            for (int run = random.Next(1, 41); run > 0; run--)
            {
                (int first, int last) = script[random.Next(script.Length)];
                int codePoint = random.Next(first, last + 1);
                if (codePoint is >= 0xD800 and <= 0xDFFF)
                {
                    continue;
                }

                int size = new Rune(codePoint).EncodeToUtf8(encoded);
                if (bytes.Count + size > length)
                {
                    return bytes.ToArray();
                }

                bytes.AddRange(encoded[..size]);
            }
        }
    }

    /// <summary>Runs every decoding path on inputs and compares each with the oracle, counting the outcomes.</summary>
    private sealed class Decoding
    {
        private readonly char[] _chars = new char[4096];
        private readonly char[] _expectedChars = new char[4096];
        private readonly byte[] _input = new byte[128];

        public int Accepted { get; private set; }

        public int Rejected { get; private set; }

        // Strict Utf8.ToUtf16: the text, or null if the bytes are not valid UTF-8.
        public static void Oracle(ReadOnlySpan<byte> bytes, out string? text)
        {
            char[] chars = ArrayPool<char>.Shared.Rent(bytes.Length + 1);
            text = Utf8.ToUtf16(bytes, chars, out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done
                ? new string(chars, 0, written)
                : null;
            ArrayPool<char>.Shared.Return(chars);
        }

        // The sequence at every offset 0..31 of text of every context that runs on for 40 bytes more (so each offset
        // crosses or ends at a block edge somewhere), and at the very end of such text: whether it was accepted.
        public bool AtEveryOffset(byte[] sequence) => AtEveryOffset(sequence, Contexts);

        public bool AtEveryOffset(byte[] sequence, params byte[][] contexts)
        {
            bool accepted = false;
            foreach (byte[] context in contexts)
            {
                for (int offset = 0; offset < 32; offset++)
                {
                    accepted |= AtOffset(sequence, context, offset);
                }

                accepted |= Check(_input, 0, Fill(sequence, context, 40, 0));
            }

            return accepted;
        }

        // The sequence after `offset` bytes of context (ASCII first where whole code points of it do not add up to
        // the offset), then about 40 bytes more of context.
        public bool AtOffset(byte[] sequence, byte[] context, int offset) => Check(_input, 0, Fill(sequence, context, offset, 40));

        private int Fill(byte[] sequence, byte[] context, int before, int after)
        {
            int at = before % context.Length;
            _input.AsSpan(0, at).Fill((byte)'a');
            for (; at < before; at += context.Length)
            {
                context.CopyTo(_input, at);
            }

            sequence.CopyTo(_input, at);
            at += sequence.Length;
            for (int end = at + after; at + context.Length <= end; at += context.Length)
            {
                context.CopyTo(_input, at);
            }

            return at;
        }

        public bool Check(byte[] input) => Check(input, 0, input.Length);

        private bool Check(byte[] input, int start, int length)
        {
            ReadOnlySpan<byte> bytes = input.AsSpan(start, length);
            bool expected = Utf8.ToUtf16(bytes, _expectedChars, out _, out int expectedWritten, replaceInvalidSequences: false) == OperationStatus.Done;
            bool accepted = Utf8Decoder.TryDecode(bytes, _chars, out int written);
            if (expected != accepted)
            {
                Assert.Fail($"{Convert.ToHexString(bytes)}: expected {(expected ? "accepted" : "rejected")}");
            }

            if (accepted && !_chars.AsSpan(0, written).SequenceEqual(_expectedChars.AsSpan(0, expectedWritten)))
            {
                Assert.Equal(_expectedChars.AsSpan(0, expectedWritten).ToString(), _chars.AsSpan(0, written).ToString());
            }

            // The blocks below the length where TryDecode takes them, 16-byte blocks only (as without AVX2), and an
            // output of exactly one char per byte, where the last blocks have no room for whole stores.
            if (Ssse3.IsSupported)
            {
                Assert.Equal(accepted, Utf8Decoder.TryDecodeVector(bytes, _chars.AsSpan(0, length), wideBlocks: false, out int vectorWritten));
                Assert.True(!accepted || _chars.AsSpan(0, vectorWritten).SequenceEqual(_expectedChars.AsSpan(0, expectedWritten)));
            }

            if (Avx2.IsSupported)
            {
                Assert.Equal(accepted, Utf8Decoder.TryDecodeVector(bytes, _chars.AsSpan(0, length), wideBlocks: true, out int vectorWritten));
                Assert.True(!accepted || _chars.AsSpan(0, vectorWritten).SequenceEqual(_expectedChars.AsSpan(0, expectedWritten)));
            }

            // The masked short path alone (TryDecode falls back from it): it must decode all valid text of 1 to 64
            // bytes without 4-byte sequences, exactly, and refuse everything else.
            if (Avx512Vbmi2.VL.IsSupported && length is >= 1 and <= Utf8Decoder.MaskedLimit)
            {
                bool masked = Utf8Decoder.TryDecodeMasked(bytes, _chars, out int maskedWritten);
                Assert.Equal(accepted && bytes.IndexOfAnyInRange((byte)0xF0, (byte)0xFF) < 0, masked);
                Assert.True(!masked || _chars.AsSpan(0, maskedWritten).SequenceEqual(_expectedChars.AsSpan(0, expectedWritten)));
            }

            if (accepted)
            {
                Accepted++;
            }
            else
            {
                Rejected++;
            }

            return accepted;
        }
    }
}
