extern alias gp;
using Acme.Store.V1;
using Google.Protobuf;
using ProtoGen.Tests.Wire;
using GpStore = gp::Acme.Store.V1;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>The generated gRPC marshallers put on the wire exactly the bytes Google.Protobuf writes for the same
/// message, and read Google.Protobuf's bytes (handed over in several segments) back to the same message.</summary>
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

    [Fact]
    public void Every_payload_of_a_call_is_what_Google_Protobuf_writes_for_the_same_message()
    {
        var invoker = new InProcessCallInvoker(StoreService.BindService(new EchoStore()));
        var client = new StoreService.StoreServiceClient(invoker);
        var request = new UpdateItemRequest { Item = new Item { Id = "é", Labels = { ["color"] = "red" }, Stock = 0, Rating = -1 } };

        client.UpdateItem(request);

        var google = new GpStore.UpdateItemRequest
        {
            Item = new GpStore.Item { Id = "é", Labels = { ["color"] = "red" }, Stock = 0, Rating = -1 },
        };
        Assert.Equal(google.ToByteArray(), invoker.Payloads[0].Payload);
        Assert.Equal(google.Item.ToByteArray(), invoker.Payloads[1].Payload);
        Assert.Equal("/acme.store.v1.StoreService/UpdateItem", invoker.Payloads[0].Method);
    }

    private static void RoundTrip<TOurs, TGoogle>(int seed)
        where TOurs : class, IMessage<TOurs>, new()
        where TGoogle : Google.Protobuf.IMessage, new()
    {
        var marshaller = GrpcMarshaller<TOurs>.Instance;
        var google = new GoogleRandomMessages(seed).Fill(new TGoogle());
        byte[] bytes = google.ToByteArray();

        TOurs ours = InProcessCallInvoker.Deserialize(marshaller, bytes);
        byte[] written = InProcessCallInvoker.Serialize(marshaller, ours);

        Assert.True(bytes.AsSpan().SequenceEqual(written), $"{typeof(TOurs).Name} seed {seed}: marshaller bytes differ from Google.Protobuf's");
    }

    private sealed class EchoStore : StoreService.StoreServiceBase
    {
        public override Task<Item> UpdateItem(UpdateItemRequest request, global::Grpc.Core.ServerCallContext context) => Task.FromResult(request.Item!);
    }
}
