extern alias gp;
using System.Buffers;
using ProtoGen.Tests.Infrastructure;
using Acme.Store.V1;
using Google.Protobuf;
using ProtoGen.Tests.Wire;
using GpStore = gp::Acme.Store.V1;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>The generated gRPC marshallers put on the wire exactly the bytes Google.Protobuf writes for the same
/// message, and read Google.Protobuf's bytes (handed over in several segments) back to the same message. (Whole calls
/// over HTTP/2 against Google.Protobuf peers: <see cref="GrpcInteropTests"/>.)</summary>
public sealed class MarshallerCompatibilityTests
{
    private const int Seeds = 60;

    private static readonly Dictionary<string, Action<int>> Cases = new()
    {
        ["GetItemRequest"] = seed => RoundTrip<GetItemRequest, GpStore.GetItemRequest>(seed),
        ["Item"] = seed => RoundTrip<Item, GpStore.Item>(seed),
        ["UpdateItemRequest"] = seed => RoundTrip<UpdateItemRequest, GpStore.UpdateItemRequest>(seed),
        ["ListItemsRequest"] = seed => RoundTrip<ListItemsRequest, GpStore.ListItemsRequest>(seed),
        ["OrderLine"] = seed => RoundTrip<OrderLine, GpStore.OrderLine>(seed),
        ["Order"] = seed => RoundTrip<Order, GpStore.Order>(seed),
        ["StockUpdate"] = seed => RoundTrip<StockUpdate, GpStore.StockUpdate>(seed),
    };

    public static TheoryData<string> MessageTypes() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Marshaller_bytes_equal_Google_Protobuf_bytes_both_ways(string type)
    {
        for (int seed = 0; seed < Seeds; seed++) Cases[type](seed);
    }

    private static void RoundTrip<TOurs, TGoogle>(int seed)
        where TOurs : class, IMessage<TOurs>, new()
        where TGoogle : Google.Protobuf.IMessage, new()
    {
        var marshaller = GrpcMarshaller<TOurs>.Instance;
        var google = new GoogleRandomMessages(seed).Fill(new TGoogle());
        byte[] bytes = google.ToByteArray();

        TOurs ours = marshaller.ContextualDeserializer(new SequenceDeserializationContext(bytes));
        var context = new BufferSerializationContext();
        marshaller.ContextualSerializer(ours, context);
        byte[] written = context.Payload;

        Assert.True(bytes.AsSpan().SequenceEqual(written), $"{typeof(TOurs).Name} seed {seed}: marshaller bytes differ from Google.Protobuf's");
    }

    /// <summary>Records what the serializer writes, checking it announces the length it then writes, as grpc-dotnet does.</summary>
    private sealed class BufferSerializationContext : global::Grpc.Core.SerializationContext
    {
        private readonly ArrayBufferWriter<byte> _buffer = new();
        private int? _announcedLength;
        private byte[]? _payload;

        public byte[] Payload => _payload ?? throw new InvalidOperationException("The serializer did not call Complete().");

        public override void SetPayloadLength(int payloadLength) => _announcedLength = payloadLength;

        public override IBufferWriter<byte> GetBufferWriter() => _buffer;

        public override void Complete()
        {
            Assert.Null(_payload);
            _payload = _buffer.WrittenSpan.ToArray();
            Assert.Equal(_announcedLength, _payload.Length);
        }

        public override void Complete(byte[] payload) => throw new InvalidOperationException("ProtoGen's marshallers write into the buffer writer.");
    }

    /// <summary>Hands the payload over in three segments, as a transport's pipe may.</summary>
    private sealed class SequenceDeserializationContext(byte[] payload) : global::Grpc.Core.DeserializationContext
    {
        public override int PayloadLength => payload.Length;

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => Sequences.Split(payload, 3);

        public override byte[] PayloadAsNewBuffer() => throw new InvalidOperationException("ProtoGen's marshallers read the sequence.");
    }
}
