using Acme.Store.V1;
using Grpc.Core;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// The stubs generated for sample-protos/acme/store/v1/store.proto (this project references the Grpc.Core.Api
/// stand-in, so the generator writes them into this assembly), called end to end through
/// <see cref="InProcessCallInvoker"/>: client stub -> marshaller bytes -> bound server handler -> bytes -> client.
/// </summary>
public sealed class GrpcCallTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>A server that overrides nothing.</summary>
    private sealed class NothingImplemented : StoreService.StoreServiceBase
    {
    }

    private static (StoreService.StoreServiceClient Client, StoreServer Server, InProcessCallInvoker Invoker) Connect()
    {
        var server = new StoreServer();
        var invoker = new InProcessCallInvoker(StoreService.BindService(server));
        return (new StoreService.StoreServiceClient(invoker), server, invoker);
    }

    [Fact]
    public void Blocking_unary_call_sends_request_headers_and_returns_the_response()
    {
        var (client, server, _) = Connect();

        var item = client.GetItem(new GetItemRequest { Id = "42" }, new Metadata { { "user", "ada" } });

        Assert.Equal(new Item { Id = "42", Title = "for ada", Category = Category.Book }, item);
        Assert.Equal("/acme.store.v1.StoreService/GetItem", server.LastContext!.Method);
        Assert.Equal(DateTime.MaxValue, server.LastContext.Deadline);
    }

    [Fact]
    public async Task Async_unary_call_returns_the_response_the_status_and_the_trailers()
    {
        var (client, _, _) = Connect();

        using var call = client.GetItemAsync(new GetItemRequest { Id = "7" }, new CallOptions(new Metadata { { "user", "grace" } }));
        var item = await call;

        Assert.Equal("for grace", item.Title);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("store-1", call.GetTrailers().GetValue("served-by"));
        Assert.Equal(new byte[] { 1, 2, 3 }, call.GetTrailers().GetValueBytes("trace-bin"));
    }

    [Fact]
    public async Task RpcException_from_the_handler_reaches_the_client_with_its_status_detail_and_trailers()
    {
        var (client, _, _) = Connect();

        var blocking = Assert.Throws<RpcException>(() => client.GetItem(new GetItemRequest { Id = "missing" }));
        var call = client.GetItemAsync(new GetItemRequest { Id = "missing" });
        var async = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        foreach (var exception in new[] { blocking, async })
        {
            Assert.Equal(StatusCode.NotFound, exception.StatusCode);
            Assert.Equal("no item 'missing'", exception.Status.Detail);
            Assert.Equal("retired", exception.Trailers.GetValue("reason"));
            Assert.Equal("catalogue", exception.Trailers.GetValue("looked-in"));
        }
        Assert.Equal(StatusCode.NotFound, call.GetStatus().StatusCode);
    }

    [Fact]
    public void Other_exceptions_from_the_handler_reach_the_client_as_Unknown()
    {
        var (client, _, _) = Connect();
        var exception = Assert.Throws<RpcException>(() => client.GetItem(new GetItemRequest { Id = "crash" }));
        Assert.Equal(StatusCode.Unknown, exception.StatusCode);
    }

    [Fact]
    public async Task Server_streaming_call_delivers_every_message_then_the_trailers()
    {
        var (client, _, _) = Connect();

        using var call = client.ListItems(new ListItemsRequest { Category = Category.Music, PageSize = 3 });
        var items = new List<Item>();
        await foreach (var item in call.ResponseStream.ReadAllAsync()) items.Add(item);

        Assert.Equal(["item-0", "item-1", "item-2"], items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal(Category.Music, i.Category));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("1", call.GetTrailers().GetValue("pages"));
    }

    [Fact]
    public async Task Server_streaming_call_that_fails_after_some_messages_ends_the_stream_with_RpcException()
    {
        var (client, _, _) = Connect();

        using var call = client.ListItems(new ListItemsRequest { PageSize = 2, PageToken = "too-far" }, new CallOptions());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.OutOfRange, exception.StatusCode);
        Assert.Equal("no page after the last", exception.Status.Detail);
    }

    [Fact]
    public async Task Client_streaming_call_sends_every_message_and_gets_one_response()
    {
        var (client, _, _) = Connect();

        using var call = client.PlaceOrder(new Metadata { { "user", "ada" } });
        await call.RequestStream.WriteAsync(new OrderLine { ItemId = "a", Quantity = 1 });
        await call.RequestStream.WriteAsync(new OrderLine { ItemId = "b", Quantity = 300 });
        await call.RequestStream.WriteAsync(new OrderLine { ItemId = "c" });
        await call.RequestStream.CompleteAsync();
        var order = await call;

        Assert.Equal(["a", "b", "c"], order.Lines.Select(l => l.ItemId));
        Assert.Equal(30_000L, order.LineTotals["b"]);
        Assert.Equal(Order.Types.Status.Pending, order.Status);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Duplex_streaming_call_interleaves_requests_and_responses()
    {
        var (client, _, _) = Connect();

        using var call = client.WatchStock(new CallOptions());
        int[] expected = [5, 2, 12];
        int i = 0;
        foreach (int delta in new[] { 5, -3, 10 })
        {
            await call.RequestStream.WriteAsync(new StockUpdate { ItemId = "x", Delta = delta });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(new StockUpdate { ItemId = "x", Delta = expected[i++] }, call.ResponseStream.Current);
        }
        await call.RequestStream.CompleteAsync();

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Every_rpc_a_server_does_not_override_fails_with_Unimplemented_for_all_four_call_kinds()
    {
        var client = new StoreService.StoreServiceClient(new InProcessCallInvoker(StoreService.BindService(new NothingImplemented())));

        var unary = Assert.Throws<RpcException>(() => client.GetItem(new GetItemRequest()));
        var unaryAsync = await Assert.ThrowsAsync<RpcException>(() => client.UpdateItemAsync(new UpdateItemRequest()).ResponseAsync);
        var serverStreaming = await Assert.ThrowsAsync<RpcException>(() => client.ListItems(new ListItemsRequest()).ResponseStream.MoveNext(CancellationToken.None));
        var clientStreamingCall = client.PlaceOrder();
        await clientStreamingCall.RequestStream.CompleteAsync();
        var clientStreaming = await Assert.ThrowsAsync<RpcException>(() => clientStreamingCall.ResponseAsync);
        var duplex = await Assert.ThrowsAsync<RpcException>(() => client.WatchStock().ResponseStream.MoveNext(CancellationToken.None));

        Assert.All([unary, unaryAsync, serverStreaming, clientStreaming, duplex], e => Assert.Equal(StatusCode.Unimplemented, e.StatusCode));
    }

    [Fact]
    public void UpdateItem_keeps_the_generated_Unimplemented_next_to_overridden_methods()
    {
        var (client, _, _) = Connect();
        Assert.Equal(StatusCode.Unimplemented, Assert.Throws<RpcException>(() => client.UpdateItem(new UpdateItemRequest())).StatusCode);
    }

    [Fact]
    public void The_deadline_reaches_ServerCallContext()
    {
        var (client, server, _) = Connect();
        var deadline = DateTime.UtcNow.AddHours(1);

        client.GetItem(new GetItemRequest { Id = "1" }, deadline: deadline);

        Assert.Equal(deadline, server.LastContext!.Deadline);
        Assert.False(server.LastContext.CancellationToken.IsCancellationRequested);
    }

    [Fact]
    public async Task A_passed_deadline_cancels_the_handler_and_fails_the_call_with_DeadlineExceeded()
    {
        var (client, server, _) = Connect();

        var call = client.GetItemAsync(new GetItemRequest { Id = "slow" }, deadline: DateTime.UtcNow.AddMilliseconds(50));
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
        Assert.True(await server.SawCancellation.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Cancelling_the_client_token_cancels_the_handler_and_fails_the_call_with_Cancelled()
    {
        var (client, server, _) = Connect();
        using var cancellation = new CancellationTokenSource();

        var call = client.GetItemAsync(new GetItemRequest { Id = "slow" }, cancellationToken: cancellation.Token);
        while (server.LastContext is null) await Task.Delay(5);
        cancellation.Cancel();
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
        Assert.True(await server.SawCancellation.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task BindService_on_a_ServiceBinderBase_binds_the_same_handlers_as_the_ServerServiceDefinition()
    {
        var server = new StoreServer();
        var client = new StoreService.StoreServiceClient(new InProcessCallInvoker(binder => StoreService.BindService(binder, server)));

        Assert.Equal("for ", client.GetItem(new GetItemRequest { Id = "1" }).Title);
        using var stream = client.ListItems(new ListItemsRequest { PageSize = 1 });
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None));
        using var order = client.PlaceOrder();
        await order.RequestStream.WriteAsync(new OrderLine { ItemId = "z" });
        await order.RequestStream.CompleteAsync();
        Assert.Equal("z", Assert.Single((await order).Lines).ItemId);
        using var watch = client.WatchStock();
        await watch.RequestStream.WriteAsync(new StockUpdate { ItemId = "z", Delta = 4 });
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(4, watch.ResponseStream.Current.Delta);
    }

    [Fact]
    public void BindService_without_an_implementation_binds_every_method_name_as_grpc_dotnet_discovers_them()
    {
        var client = new StoreService.StoreServiceClient(new InProcessCallInvoker(binder => StoreService.BindService(binder, null)));
        Assert.Equal(StatusCode.Unimplemented, Assert.Throws<RpcException>(() => client.GetItem(new GetItemRequest())).StatusCode);
    }

    [Fact]
    public void Client_constructed_from_a_channel_calls_through_the_channel_invoker()
    {
        var channel = new InProcessChannel(new InProcessCallInvoker(StoreService.BindService(new StoreServer())));
        var client = new StoreService.StoreServiceClient(channel);
        Assert.Equal("5", client.GetItem(new GetItemRequest { Id = "5" }).Id);
    }

    [Fact]
    public void Protected_constructor_lets_tests_derive_a_client_double()
    {
        StoreService.StoreServiceClient client = new ClientDouble();
        Assert.Equal("double", client.GetItem(new GetItemRequest()).Id);
    }

    private sealed class InProcessChannel(CallInvoker invoker) : ChannelBase("in-process")
    {
        public override CallInvoker CreateCallInvoker() => invoker;
    }

    private sealed class ClientDouble : StoreService.StoreServiceClient
    {
        public override Item GetItem(GetItemRequest request, CallOptions options) => new() { Id = "double" };
    }
}
