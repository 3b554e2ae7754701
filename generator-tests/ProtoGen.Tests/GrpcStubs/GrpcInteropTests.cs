extern alias gp;
using Acme.Store.V1;
using Grpc.Core;
using GpStore = gp::Acme.Store.V1;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// ProtoGen's stubs and messages against grpc_csharp_plugin's stubs on Google.Protobuf messages (built from the same
/// store.proto by Grpc.Tools in the oracle project), both ways, through <see cref="InProcessCallInvoker"/>: only the
/// method path and the bytes cross between them, as over HTTP/2.
/// </summary>
public sealed class GrpcInteropTests
{
    [Fact]
    public async Task A_grpc_csharp_plugin_client_calls_a_ProtoGen_server_with_all_four_call_kinds()
    {
        var client = new GpStore.StoreService.StoreServiceClient(new InProcessCallInvoker(StoreService.BindService(new StoreServer())));

        using var unary = client.GetItemAsync(new GpStore.GetItemRequest { Id = "42" }, new Metadata { { "user", "ada" } });
        Assert.Equal(new GpStore.Item { Id = "42", Title = "for ada", Category = GpStore.Category.Book }, await unary);
        Assert.Equal("store-1", unary.GetTrailers().GetValue("served-by"));

        var error = Assert.Throws<RpcException>(() => client.GetItem(new GpStore.GetItemRequest { Id = "missing" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("retired", error.Trailers.GetValue("reason"));

        using var list = client.ListItems(new GpStore.ListItemsRequest { Category = GpStore.Category.Music, PageSize = 2 });
        var items = new List<GpStore.Item>();
        await foreach (var item in list.ResponseStream.ReadAllAsync()) items.Add(item);
        Assert.Equal(["item-0", "item-1"], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal(GpStore.Category.Music, i.Category));

        using var order = client.PlaceOrder();
        await order.RequestStream.WriteAsync(new GpStore.OrderLine { ItemId = "a", Quantity = 2 });
        await order.RequestStream.WriteAsync(new GpStore.OrderLine { ItemId = "b", Quantity = 3 });
        await order.RequestStream.CompleteAsync();
        var placed = await order;
        Assert.Equal(["a", "b"], placed.Lines.Select(l => l.ItemId));
        Assert.Equal(300L, placed.LineTotals["b"]);
        Assert.Equal(GpStore.Order.Types.Status.Pending, placed.Status);

        using var watch = client.WatchStock();
        await watch.RequestStream.WriteAsync(new GpStore.StockUpdate { ItemId = "x", Delta = -7 });
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(-7, watch.ResponseStream.Current.Delta);
        await watch.RequestStream.CompleteAsync();
        Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.Unimplemented, Assert.Throws<RpcException>(() => client.UpdateItem(new GpStore.UpdateItemRequest())).StatusCode);
    }

    [Fact]
    public async Task A_ProtoGen_client_calls_a_grpc_csharp_plugin_server_with_all_four_call_kinds()
    {
        var client = new StoreService.StoreServiceClient(new InProcessCallInvoker(GpStore.StoreService.BindService(new GoogleStoreServer())));

        using var unary = client.GetItemAsync(new GetItemRequest { Id = "42" }, new Metadata { { "user", "ada" } });
        var item = await unary;
        Assert.Equal(new Item { Id = "42", Title = "for ada", Category = Category.Book, Labels = { ["shelf"] = "3" } }, item);
        Assert.Equal("google-1", unary.GetTrailers().GetValue("served-by"));

        var error = Assert.Throws<RpcException>(() => client.GetItem(new GetItemRequest { Id = "missing" }));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no item 'missing'", error.Status.Detail);
        Assert.Equal("retired", error.Trailers.GetValue("reason"));

        using var list = client.ListItems(new ListItemsRequest { PageSize = 3 });
        var items = new List<Item>();
        await foreach (var each in list.ResponseStream.ReadAllAsync()) items.Add(each);
        Assert.Equal(["g-0", "g-1", "g-2"], items.Select(i => i.Id));

        using var order = client.PlaceOrder();
        await order.RequestStream.WriteAsync(new OrderLine { ItemId = "a", Quantity = 5 });
        await order.RequestStream.CompleteAsync();
        Assert.Equal(new Order { Id = "g-order", Lines = { new OrderLine { ItemId = "a", Quantity = 5 } } }, await order);

        using var watch = client.WatchStock();
        foreach (int delta in new[] { 1, 2 })
        {
            await watch.RequestStream.WriteAsync(new StockUpdate { ItemId = "y", Delta = delta });
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(delta * 10, watch.ResponseStream.Current.Delta);
        }
        await watch.RequestStream.CompleteAsync();
        Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);
    }

    /// <summary>The store on grpc_csharp_plugin's stubs and Google.Protobuf's messages.</summary>
    private sealed class GoogleStoreServer : GpStore.StoreService.StoreServiceBase
    {
        public override Task<GpStore.Item> GetItem(GpStore.GetItemRequest request, ServerCallContext context)
        {
            if (request.Id == "missing")
            {
                throw new RpcException(new Status(StatusCode.NotFound, "no item 'missing'"), new Metadata { { "reason", "retired" } });
            }
            context.ResponseTrailers.Add("served-by", "google-1");
            return Task.FromResult(new GpStore.Item
            {
                Id = request.Id,
                Title = "for " + context.RequestHeaders.GetValue("user"),
                Category = GpStore.Category.Book,
                Labels = { ["shelf"] = "3" },
            });
        }

        public override async Task ListItems(GpStore.ListItemsRequest request, IServerStreamWriter<GpStore.Item> responseStream, ServerCallContext context)
        {
            for (int i = 0; i < request.PageSize; i++) await responseStream.WriteAsync(new GpStore.Item { Id = "g-" + i });
        }

        public override async Task<GpStore.Order> PlaceOrder(IAsyncStreamReader<GpStore.OrderLine> requestStream, ServerCallContext context)
        {
            var order = new GpStore.Order { Id = "g-order" };
            await foreach (var line in requestStream.ReadAllAsync()) order.Lines.Add(line);
            return order;
        }

        public override async Task WatchStock(IAsyncStreamReader<GpStore.StockUpdate> requestStream, IServerStreamWriter<GpStore.StockUpdate> responseStream, ServerCallContext context)
        {
            await foreach (var update in requestStream.ReadAllAsync())
            {
                await responseStream.WriteAsync(new GpStore.StockUpdate { ItemId = update.ItemId, Delta = update.Delta * 10 });
            }
        }
    }
}
