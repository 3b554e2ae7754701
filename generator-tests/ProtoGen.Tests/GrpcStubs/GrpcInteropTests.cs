extern alias gp;
using Acme.Store.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProtoGen.Tests.Infrastructure;
using GpStore = gp::Acme.Store.V1;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// ProtoGen's stubs and messages against grpc_csharp_plugin's stubs on Google.Protobuf messages (built from the same
/// store.proto by Grpc.Tools in the oracle project), both ways, over HTTP/2 on the real grpc-dotnet: only the method
/// path and the bytes cross between them.
/// </summary>
public sealed class GrpcInteropTests
{
    private static readonly TimeSpan Patience = StoreServer.Patience;

    [Fact]
    public async Task A_grpc_csharp_plugin_client_calls_a_ProtoGen_server_with_all_four_call_kinds()
    {
        var (host, _, server) = await GrpcCallTests.StartAsync();
        await using var _ = host;
        var client = new GpStore.StoreService.StoreServiceClient(host.CreateChannel());

        using var unary = client.GetItemAsync(new GpStore.GetItemRequest { Id = "42" }, new Metadata { { "user", "ada" } });
        Assert.Equal(new GpStore.Item { Id = "42", Title = "for ada", Category = GpStore.Category.Book }, await unary.ResponseAsync.WaitAsync(Patience));
        Assert.Equal("store-1", unary.GetTrailers().GetValue("served-by"));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetItemAsync(new GpStore.GetItemRequest { Id = "missing" }).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("retired", error.Trailers.GetValue("reason"));

        using var list = client.ListItems(new GpStore.ListItemsRequest { Category = GpStore.Category.Music, PageSize = 300 });
        var items = new List<GpStore.Item>();
        await foreach (var item in list.ResponseStream.ReadAllAsync().WithTimeout(Patience)) items.Add(item);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => "item-" + i), items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal(GpStore.Category.Music, i.Category));

        using var order = client.PlaceOrder();
        for (int i = 0; i < 300; i++)
        {
            await order.RequestStream.WriteAsync(new GpStore.OrderLine { ItemId = "i" + i, Quantity = (uint)i }).WaitAsync(Patience);
        }
        await order.RequestStream.CompleteAsync().WaitAsync(Patience);
        var placed = await order.ResponseAsync.WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => "i" + i), placed.Lines.Select(l => l.ItemId));
        Assert.Equal(29_900L, placed.LineTotals["i299"]);
        Assert.Equal(GpStore.Order.Types.Status.Pending, placed.Status);

        using var watch = client.WatchStock();
        for (int i = 1; i <= 300; i++)
        {
            await watch.RequestStream.WriteAsync(new GpStore.StockUpdate { ItemId = "x", Delta = -1 }).WaitAsync(Patience);
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            Assert.Equal(-i, watch.ResponseStream.Current.Delta);
        }
        await watch.RequestStream.CompleteAsync().WaitAsync(Patience);
        Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));

        var unimplemented = await Assert.ThrowsAsync<RpcException>(() => client.UpdateItemAsync(new GpStore.UpdateItemRequest()).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.Unimplemented, unimplemented.StatusCode);
        Assert.Equal("/acme.store.v1.StoreService/WatchStock", server.Last!.Method);
    }

    [Fact]
    public async Task A_ProtoGen_client_calls_a_grpc_csharp_plugin_server_with_all_four_call_kinds()
    {
        await using var host = await StartGoogleServerAsync();
        var client = new StoreService.StoreServiceClient(host.CreateChannel());

        using var unary = client.GetItemAsync(new GetItemRequest { Id = "42" }, new Metadata { { "user", "ada" } });
        var item = await unary.ResponseAsync.WaitAsync(Patience);
        Assert.Equal(new Item { Id = "42", Title = "for ada", Category = Category.Book, Labels = { ["shelf"] = "3" } }, item);
        Assert.Equal("google-1", unary.GetTrailers().GetValue("served-by"));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetItemAsync(new GetItemRequest { Id = "missing" }).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.NotFound, error.StatusCode);
        Assert.Equal("no item 'missing'", error.Status.Detail);
        Assert.Equal("retired", error.Trailers.GetValue("reason"));

        using var list = client.ListItems(new ListItemsRequest { PageSize = 300 });
        var items = new List<Item>();
        await foreach (var each in list.ResponseStream.ReadAllAsync().WithTimeout(Patience)) items.Add(each);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => "g-" + i), items.Select(i => i.Id));

        using var order = client.PlaceOrder();
        var sent = Enumerable.Range(0, 300).Select(i => new OrderLine { ItemId = "a" + i, Quantity = (uint)(i * 7) }).ToList();
        foreach (var line in sent) await order.RequestStream.WriteAsync(line).WaitAsync(Patience);
        await order.RequestStream.CompleteAsync().WaitAsync(Patience);
        Assert.Equal(new Order { Id = "g-order", Lines = { sent } }, await order.ResponseAsync.WaitAsync(Patience));

        using var watch = client.WatchStock();
        for (int delta = -150; delta < 150; delta++)
        {
            await watch.RequestStream.WriteAsync(new StockUpdate { ItemId = "y", Delta = delta }).WaitAsync(Patience);
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            Assert.Equal(delta * 10, watch.ResponseStream.Current.Delta);
        }
        await watch.RequestStream.CompleteAsync().WaitAsync(Patience);
        Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(StatusCode.OK, watch.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Every_field_kind_of_the_store_messages_crosses_to_a_grpc_csharp_plugin_server_and_back_unchanged()
    {
        await using var host = await StartGoogleServerAsync();
        var client = new StoreService.StoreServiceClient(host.CreateChannel());
        var item = new Item
        {
            Id = "é-1", Title = "Ünïcode ✓", Category = Category.Digital, Price = new Money { CurrencyCode = "EUR", Units = 12, Nanos = 500_000_000 },
            Labels = { ["color"] = "red", [""] = "empty key" }, Tags = { "a", "", "c" },
            CreatedAt = new ProtoGen.WellKnownTypes.Timestamp { Seconds = 1_700_000_000, Nanos = 5 }, Stock = 0, Subtitle = "", Rating = -3,
            DownloadUrl = "https://example.invalid/x",
        };

        var echoed = await client.UpdateItemAsync(new UpdateItemRequest { Item = item, UpdateMask = new ProtoGen.WellKnownTypes.FieldMask { Paths = { "title" } } })
            .ResponseAsync.WaitAsync(Patience);

        Assert.Equal(item, echoed);
    }

    internal static Task<GrpcTestHost> StartGoogleServerAsync() => GrpcTestHost.StartAsync(
        services => services.AddGrpc(),
        endpoints => endpoints.MapGrpcService<GoogleStoreServer>());

    /// <summary>The store on grpc_csharp_plugin's stubs and Google.Protobuf's messages.</summary>
    internal sealed class GoogleStoreServer : GpStore.StoreService.StoreServiceBase
    {
        public override Task<GpStore.Item> GetItem(GpStore.GetItemRequest request, ServerCallContext context)
        {
            switch (request.Id)
            {
                case "missing":
                    throw new RpcException(new Status(StatusCode.NotFound, "no item 'missing'"), new Metadata { { "reason", "retired" } });
                case "":
                    // The richer error model as a Grpc.StatusProto user writes it.
                    throw Grpc.Core.RpcStatusExtensions.ToRpcException(new Google.Rpc.Status
                    {
                        Code = (int)Google.Rpc.Code.InvalidArgument,
                        Message = "the request is invalid",
                        Details =
                        {
                            Google.Protobuf.WellKnownTypes.Any.Pack(new Google.Rpc.BadRequest
                            {
                                FieldViolations = { new Google.Rpc.BadRequest.Types.FieldViolation { Field = "id", Description = "must not be empty" } },
                            }),
                            Google.Protobuf.WellKnownTypes.Any.Pack(new Google.Rpc.RetryInfo { RetryDelay = Google.Protobuf.WellKnownTypes.Duration.FromTimeSpan(TimeSpan.FromSeconds(1.5)) }),
                        },
                    });
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

        public override Task<GpStore.Item> UpdateItem(GpStore.UpdateItemRequest request, ServerCallContext context)
        {
            Assert.Equal(["title"], request.UpdateMask.Paths);
            return Task.FromResult(request.Item);
        }

        public override async Task ListItems(GpStore.ListItemsRequest request, IServerStreamWriter<GpStore.Item> responseStream, ServerCallContext context)
        {
            for (int i = 0; i < request.PageSize; i++) await responseStream.WriteAsync(new GpStore.Item { Id = "g-" + i });
        }

        public override async Task<GpStore.Order> PlaceOrder(IAsyncStreamReader<GpStore.OrderLine> requestStream, ServerCallContext context)
        {
            var order = new GpStore.Order { Id = "g-order" };
            await foreach (var line in requestStream.ReadAllAsync(context.CancellationToken)) order.Lines.Add(line);
            return order;
        }

        public override async Task WatchStock(IAsyncStreamReader<GpStore.StockUpdate> requestStream, IServerStreamWriter<GpStore.StockUpdate> responseStream, ServerCallContext context)
        {
            await foreach (var update in requestStream.ReadAllAsync(context.CancellationToken))
            {
                await responseStream.WriteAsync(new GpStore.StockUpdate { ItemId = update.ItemId, Delta = update.Delta * 10 });
            }
        }
    }
}
