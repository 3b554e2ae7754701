extern alias gp;
using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using GpStore = gp::Acme.Store.V1;
using PgStore = Acme.Store.V1;

namespace ProtoGen.Benchmarks;

/// <summary>
/// One realistic service message (strings, nested messages, repeated, map, Timestamp, enum) in ProtoGen and in
/// Google.Protobuf: size, write to a reused buffer writer, ToByteArray, parse. The full suite is issue 6.
/// </summary>
[MemoryDiagnoser]
public class OrderBenchmarks
{
    private PgStore.Order _ours = null!;
    private GpStore.Order _google = null!;
    private byte[] _bytes = null!;
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    [GlobalSetup]
    public void Setup()
    {
        _google = new GpStore.Order
        {
            Id = "order-1042",
            Status = GpStore.Order.Types.Status.Shipped,
            Total = new GpStore.Money { CurrencyCode = "EUR", Units = 1234, Nanos = 990_000_000 },
            ShippingAddress = new GpStore.Address { Lines = { "1 Rue de la Paix", "Bâtiment B" }, City = "Paris", PostalCode = "75002", RegionCode = "FR" },
            PlacedAt = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = 1_763_717_400, Nanos = 123_000_000 },
        };
        for (int i = 0; i < 20; i++)
        {
            _google.Lines.Add(new GpStore.OrderLine { ItemId = $"item-{i:D4}", Quantity = (uint)(i % 5 + 1) });
            _google.LineTotals[$"item-{i:D4}"] = i * 1000L;
        }
        _bytes = _google.ToByteArray();
        _ours = PgStore.Order.Parser.ParseFrom(_bytes);
        if (!_ours.ToByteArray().AsSpan().SequenceEqual(_bytes))
        {
            throw new InvalidOperationException("ProtoGen and Google.Protobuf disagree on the benchmark message's bytes.");
        }
    }

    [Benchmark(Baseline = true)]
    public int Google_CalculateSize() => _google.CalculateSize();

    [Benchmark]
    public int ProtoGen_CalculateSize() => _ours.CalculateSize();

    [Benchmark]
    public int Google_WriteToBufferWriter()
    {
        _buffer.ResetWrittenCount();
        _google.WriteTo(_buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public int ProtoGen_WriteToBufferWriter()
    {
        _buffer.ResetWrittenCount();
        _ours.WriteTo(_buffer);
        return _buffer.WrittenCount;
    }

    [Benchmark]
    public byte[] Google_ToByteArray() => _google.ToByteArray();

    [Benchmark]
    public byte[] ProtoGen_ToByteArray() => _ours.ToByteArray();

    [Benchmark]
    public object Google_Parse() => GpStore.Order.Parser.ParseFrom(_bytes);

    [Benchmark]
    public object ProtoGen_Parse() => PgStore.Order.Parser.ParseFrom(_bytes);
}
