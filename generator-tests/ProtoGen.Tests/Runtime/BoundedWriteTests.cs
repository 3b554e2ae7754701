using System.Buffers;
using ProtoGen.Wire;
using Pg = ProtoGen.Samples.Types;
using PgStore = Acme.Store.V1;

namespace ProtoGen.Tests.Runtime;

/// <summary>
/// WriteTo(IBufferWriter) asks for an upper bound of the size, in which a message's own strings count 3 bytes per char
/// unread, and advances the output by what it wrote; above MessageSerializer.MaxBoundedWrite it asks for the exact size.
/// </summary>
public class BoundedWriteTests
{
    [Fact]
    public void The_output_is_asked_for_the_bound_and_advanced_by_the_size()
    {
        var message = new Pg.AllTypes
        {
            FString = new string('a', 100),
            RString = { "Ελληνικά", "日本語のテキスト", "emoji 🙂" },
            CString = "oneof text",
            FNested = new Pg.AllTypes.Types.Nested { Note = "nested, sized exactly" },
        };
        byte[] expected = MessageSerializer.ToByteArray(message);
        int bound = Bound(message);

        var output = new RecordingBufferWriter();
        MessageSerializer.WriteTo(message, output);

        Assert.Equal(expected, output.Inner.WrittenSpan.ToArray());
        Assert.Equal([bound], output.SizeHints);
        Assert.Equal([expected.Length], output.Advances);
        // The 100 ASCII chars alone leave 200 bytes unused in the bound.
        Assert.True(bound >= expected.Length + 200, $"bound {bound}, size {expected.Length}");
    }

    [Fact]
    public void Text_of_three_byte_chars_only_fills_its_bound()
    {
        // 3 bytes per char is the most any char takes (a surrogate pair is 4 bytes for 2 chars): the bound is exact here.
        var message = new Pg.AllTypes { FString = string.Concat(Enumerable.Repeat("日本語", 100)) };
        byte[] expected = MessageSerializer.ToByteArray(message);
        Assert.Equal(expected.Length, Bound(message));

        var output = new RecordingBufferWriter();
        MessageSerializer.WriteTo(message, output);
        Assert.Equal(expected, output.Inner.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_bound_above_the_limit_asks_for_the_exact_size()
    {
        // 400,000 ASCII chars in strings of up to 64 Ki chars: a bound of about 1.2 MB, a size of about 400 KB.
        var message = new Pg.AllTypes();
        for (int i = 0; i < 8; i++)
        {
            message.RString.Add(new string((char)('a' + i), 50_000));
        }

        byte[] expected = MessageSerializer.ToByteArray(message);
        Assert.True(Bound(message) > MessageSerializer.MaxBoundedWrite);

        var output = new RecordingBufferWriter();
        MessageSerializer.WriteTo(message, output);

        Assert.Equal(expected, output.Inner.WrittenSpan.ToArray());
        Assert.Equal([expected.Length], output.SizeHints);
        Assert.Equal([expected.Length], output.Advances);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(50_000)]
    public void A_stream_gets_the_same_bytes_within_the_bound_or_above_it(int length)
    {
        // 8 strings of 100 chars are written within their bound, 8 of 50,000 (a bound over the limit) exactly sized.
        var message = new Pg.AllTypes { FNested = new Pg.AllTypes.Types.Nested { Note = "Ünïcode" } };
        for (int i = 0; i < 8; i++)
        {
            message.RString.Add(new string((char)('a' + i), length - 1) + "é");
        }

        Assert.Equal(length > 1000, Bound(message) > MessageSerializer.MaxBoundedWrite);
        using var stream = new MemoryStream();
        MessageSerializer.WriteTo(message, stream);
        Assert.Equal(MessageSerializer.ToByteArray(message), stream.ToArray());
    }

    [Fact]
    public void Strings_of_more_than_64_Ki_chars_are_counted_exactly()
    {
        string atLimit = new('é', 64 * 1024);
        string aboveLimit = new('é', 64 * 1024 + 1);
        Assert.Equal(3 + 3 * atLimit.Length, WireSize.StringBound(atLimit));
        Assert.Equal(WireSize.String(aboveLimit), WireSize.StringBound(aboveLimit));
        Assert.Equal(3 + 2 * aboveLimit.Length, WireSize.StringBound(aboveLimit));
        Assert.Equal(1, WireSize.StringBound(string.Empty));
    }

    [Fact]
    public void An_empty_message_asks_for_nothing()
    {
        var output = new RecordingBufferWriter();
        MessageSerializer.WriteTo(new Pg.AllTypes(), output);
        Assert.Empty(output.SizeHints);
        Assert.Equal(0, output.Inner.WrittenCount);
    }

    [Theory]
    [InlineData(0, 1)] // an empty address: a one-byte prefix of 0
    [InlineData(20, 1)] // a bound under 128: one byte left for the prefix
    [InlineData(50, 2)] // two bytes left, 56 written: the address moves left by one (up to 64 bytes)
    [InlineData(100, 2)] // two bytes left, 106 written: moved by the longer copy
    [InlineData(200, 2)] // two bytes left and used
    [InlineData(6000, 0)] // a bound over 16,383: sized exactly
    public void A_small_sub_message_is_written_within_its_bound(int textLength, int prefixBytes)
    {
        var address = new PgStore.Address();
        if (textLength > 0)
        {
            address.Lines.Add(new string('x', textLength / 2));
            address.City = new string('y', textLength - textLength / 2);
        }

        SizeTable table = SizeTable.Rent();
        int bound = WireSize.MessageBound(address, table);
        Assert.Equal(1, table.Count);
        Assert.Equal(prefixBytes == 0 ? address.CalculateSize() : SizeTable.PrefixedAfterWrite(prefixBytes), table[0]);
        Assert.True(bound >= WireSize.LengthDelimited(address.CalculateSize()));
        table.Return();

        var order = new PgStore.Order { Id = "o-1", ShippingAddress = address, Status = PgStore.Order.Types.Status.Pending };
        byte[] expected = MessageSerializer.ToByteArray(order);
        var output = new ArrayBufferWriter<byte>();
        MessageSerializer.WriteTo(order, output);
        Assert.Equal(expected, output.WrittenSpan.ToArray());
        using var stream = new MemoryStream();
        MessageSerializer.WriteTo(order, stream);
        Assert.Equal(expected, stream.ToArray());
    }

    [Fact]
    public void Three_byte_text_fills_a_small_message_bound_exactly()
    {
        var order = new PgStore.Order { ShippingAddress = new PgStore.Address { City = string.Concat(Enumerable.Repeat("東京都", 10)) } };
        byte[] expected = MessageSerializer.ToByteArray(order);
        Assert.Equal(expected.Length, Bound(order));
        var output = new ArrayBufferWriter<byte>();
        MessageSerializer.WriteTo(order, output);
        Assert.Equal(expected, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void Only_the_message_asked_for_its_bound_is_bounded_and_the_slots_are_a_size_pass_s()
    {
        // The root's label (100 ASCII chars) counts 3 bytes per char: 2 + 300 bytes instead of 1 + 100. The child's
        // label is sized exactly: the child's size is its length prefix, written before its bytes.
        var child = new Pg.TreeNode { Label = new string('c', 100), Children = { new Pg.TreeNode { Label = "leaf" } } };
        var root = new Pg.TreeNode { Label = new string('r', 100), Children = { child }, ParentHint = new Pg.TreeNode { Label = "hint" } };

        SizeTable sizes = SizeTable.Rent();
        int size = ((IMessage)root).CalculateSize(sizes);
        int[] sizeSlots = Enumerable.Range(0, sizes.Count).Select(i => sizes[i]).ToArray();
        sizes.Return();
        SizeTable bounds = SizeTable.Rent();
        int bound = ((IMessage)root).CalculateWriteBound(bounds);
        int[] boundSlots = Enumerable.Range(0, bounds.Count).Select(i => bounds[i]).ToArray();
        bounds.Return();

        Assert.Equal(size + 201, bound);
        Assert.Equal(3, sizeSlots.Length);
        Assert.Equal(sizeSlots, boundSlots);
        var output = new ArrayBufferWriter<byte>();
        MessageSerializer.WriteTo(root, output);
        Assert.Equal(MessageSerializer.ToByteArray(root), output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_sub_message_longer_than_its_prefix_allows_is_reported_as_changed()
    {
        // As if the address grew after its bound was taken (by another thread): 200 bytes behind a one-byte prefix.
        var address = new PgStore.Address { City = new string('z', 200) };
        SizeTable table = SizeTable.Rent();
        table.Record(table.Reserve(), SizeTable.PrefixedAfterWrite(1));
        byte[] buffer = new byte[400];
        Assert.Throws<InvalidOperationException>(() =>
        {
            var writer = new WireWriter(buffer, table);
            writer.WriteMessageWithinBound(address);
        });
    }

    private static int Bound(IMessage message)
    {
        SizeTable table = SizeTable.Rent();
        int bound = message.CalculateWriteBound(table);
        table.Return();
        return bound;
    }

    private sealed class RecordingBufferWriter : IBufferWriter<byte>
    {
        public ArrayBufferWriter<byte> Inner { get; } = new();

        public List<int> SizeHints { get; } = [];

        public List<int> Advances { get; } = [];

        public void Advance(int count)
        {
            Advances.Add(count);
            Inner.Advance(count);
        }

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new NotSupportedException();

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            SizeHints.Add(sizeHint);
            return Inner.GetSpan(sizeHint);
        }
    }
}
