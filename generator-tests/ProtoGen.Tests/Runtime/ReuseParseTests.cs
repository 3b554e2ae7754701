using ProtoGen.Collections;
using Kinds = Protogen.Bench.Kinds.V1;
using Work = Protogen.Bench.V1;

namespace ProtoGen.Tests.Runtime;

/// <summary>MessageParser&lt;T&gt;.ParseInto: parsing into a reused message gives what a fresh parse gives, presence
/// included, and in steady state allocates only the strings and bytes the new data holds.</summary>
public sealed class ReuseParseTests
{
    private static Kinds.Quotes Quotes(int count, bool symbols)
    {
        var quotes = new Kinds.Quotes();
        for (int i = 0; i < count; i++)
        {
            var quote = new Kinds.Quote { Sequence = i, ExchangeTimeNs = 1_000_000UL * (ulong)i, Last = 100.25 + i, Volume = 10 * i, Vwap = 99.5, ChangePercent = 0.5f };
            if (symbols) quote.Symbol = "SYM" + i;
            for (int level = 0; level < 1 + i % 4; level++)
            {
                quote.Bids.Add(new Kinds.Level { Price = 100 - level, Size = (ulong)(level + 1), Orders = (uint)level });
                quote.Asks.Add(new Kinds.Level { Price = 101 + level, Size = (ulong)(level + 2), Orders = (uint)level + 1 });
            }
            quotes.Quotes_.Add(quote);
        }
        return quotes;
    }

    [Fact]
    public void Steady_state_parsing_of_a_repeated_shape_without_strings_allocates_nothing()
    {
        byte[] bytes = Quotes(20, symbols: false).ToByteArray();
        var reused = new Kinds.Quotes();
        for (int i = 0; i < 3; i++) Kinds.Quotes.Parser.ParseInto(reused, bytes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Kinds.Quotes.Parser.ParseInto(reused, bytes);
        long reusedBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        before = GC.GetAllocatedBytesForCurrentThread();
        var fresh = Kinds.Quotes.Parser.ParseFrom(bytes);
        long freshBytes = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, reusedBytes);
        Assert.True(freshBytes > 1000, $"a fresh parse allocated {freshBytes} B");
        Assert.Equal(fresh, reused);
    }

    [Fact]
    public void Steady_state_parsing_allocates_only_the_new_strings()
    {
        var message = Quotes(20, symbols: true);
        byte[] bytes = message.ToByteArray();
        var reused = new Kinds.Quotes();
        for (int i = 0; i < 3; i++) Kinds.Quotes.Parser.ParseInto(reused, bytes);

        long before = GC.GetAllocatedBytesForCurrentThread();
        Kinds.Quotes.Parser.ParseInto(reused, bytes);
        long parsed = GC.GetAllocatedBytesForCurrentThread() - before;

        // The same strings made anew, outside the parser: what the parse cannot avoid.
        before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var quote in message.Quotes_) _ = new string(quote.Symbol.AsSpan());
        long strings = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(strings > 0);
        Assert.Equal(strings, parsed);
        Assert.Equal(message, reused);
    }

    [Fact]
    public void Kept_elements_are_reused_and_a_shorter_message_reads_exactly_as_a_fresh_parse()
    {
        var reused = new Kinds.Quotes();
        Kinds.Quotes.Parser.ParseInto(reused, Quotes(5, symbols: true).ToByteArray());
        var first = reused.Quotes_[0];

        var shorter = Quotes(2, symbols: false);
        shorter.Quotes_[0].Vwap = null;
        shorter.Quotes_[1].Bids.Clear();
        Kinds.Quotes.Parser.ParseInto(reused, shorter.ToByteArray());

        Assert.Same(first, reused.Quotes_[0]);
        Assert.Equal(2, reused.Quotes_.Count);
        Assert.Equal(shorter, reused);
        Assert.Equal("", reused.Quotes_[0].Symbol);
        Assert.Null(reused.Quotes_[0].Vwap);
        Assert.Empty(reused.Quotes_[1].Bids);
        Assert.Equal(shorter.ToByteArray(), reused.ToByteArray());
        Assert.Equal(shorter.CalculateSize(), reused.CalculateSize());
    }

    [Fact]
    public void Every_field_kind_not_in_the_new_bytes_reads_as_unset()
    {
        var full = new Work.Order
        {
            OrderId = 7,
            CustomerId = "c",
            PlacedAt = new ProtoGen.WellKnownTypes.Timestamp { Seconds = 5 },
            Coupon = "x",
            Note = "n",
            Priority = 3,
            Signature = ByteString.CopyFrom(1, 2),
            Gift = true,
            WeightKg = 1.5,
            Checksum = -1,
            Flags = 9,
            Handling = new ProtoGen.WellKnownTypes.Duration { Seconds = 2 },
        };
        full.Items.Add(new Work.LineItem { Sku = "s", Quantity = 2 });
        full.Shipments[1] = new Work.Shipment { Carrier = "dhl" };
        full.Discounts.Add(0.5);
        full.Counters["a"] = 1;
        full.History.Add(Work.OrderStatus.Shipped);
        full.Card = new Work.Card { Last4 = "1234" };
        full.Status = Work.OrderStatus.Paid;
        full.Total = new Work.Money { Units = 3 };

        var reused = Work.Order.Parser.ParseFrom(full.ToByteArray());
        var small = new Work.Order { OrderId = 8 };
        Work.Order.Parser.ParseInto(reused, small.ToByteArray());

        Assert.Equal(small, reused);
        Assert.Equal(Work.Order.Parser.ParseFrom(small.ToByteArray()), reused);
        Assert.Null(reused.PlacedAt);
        Assert.Null(reused.Total);
        Assert.Equal(Work.OrderStatus.Unspecified, reused.Status);
        Assert.Equal("", reused.CustomerId);
        Assert.True(reused.Signature.IsEmpty);
        Assert.Null(reused.Handling);
        Assert.False(reused.HasCoupon);
        Assert.Null(reused.Note);
        Assert.Null(reused.Priority);
        Assert.Empty(reused.Items);
        Assert.Empty(reused.Shipments);
        Assert.Empty(reused.Counters);
        Assert.Equal(Work.Order.PaymentOneofCase.None, reused.PaymentCase);
        Assert.Equal(small.ToByteArray(), reused.ToByteArray());
    }

    [Fact]
    public void Malformed_bytes_throw_the_protocol_exception()
    {
        var reused = new Kinds.Quotes();
        Kinds.Quotes.Parser.ParseInto(reused, Quotes(3, symbols: true).ToByteArray());
        byte[] truncated = Quotes(3, symbols: true).ToByteArray()[..^3];
        Assert.Throws<InvalidProtocolBufferException>(() => Kinds.Quotes.Parser.ParseInto(reused, truncated));
        Assert.Throws<ArgumentNullException>(() => Kinds.Quotes.Parser.ParseInto(null!, truncated));
    }
}
