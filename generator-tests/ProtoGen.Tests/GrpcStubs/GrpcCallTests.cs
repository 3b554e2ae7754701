using Acme.Store.V1;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// The stubs generated for sample-protos/acme/store/v1/store.proto (this project references Grpc.Core.Api, so the
/// generator writes them into this assembly), called end to end on the real grpc-dotnet: a Kestrel server over HTTP/2
/// on loopback and a <see cref="GrpcChannel"/> client, in this process.
/// </summary>
public sealed class GrpcCallTests
{
    private static readonly TimeSpan Patience = StoreServer.Patience;

    /// <summary>A server that overrides nothing.</summary>
    private sealed class NothingImplemented : StoreService.StoreServiceBase
    {
    }

    internal static async Task<(GrpcTestHost Host, StoreService.StoreServiceClient Client, StoreServer Server)> StartAsync(
        Action<GrpcServiceOptions>? grpc = null, Action<GrpcChannelOptions>? channel = null)
    {
        var server = new StoreServer();
        var host = await GrpcTestHost.StartAsync(
            services =>
            {
                services.AddGrpc(options => grpc?.Invoke(options));
                services.AddSingleton(server);
            },
            endpoints => endpoints.MapGrpcService<StoreServer>());
        return (host, new StoreService.StoreServiceClient(host.CreateChannel(channel)), server);
    }

    [Fact]
    public async Task Blocking_unary_call_sends_request_headers_and_returns_the_response()
    {
        var (host, client, server) = await StartAsync();
        await using var _ = host;

        var item = await Task.Run(() => client.GetItem(new GetItemRequest { Id = "42" }, new Metadata { { "user", "ada" } })).WaitAsync(Patience);

        Assert.Equal(new Item { Id = "42", Title = "for ada", Category = Category.Book }, item);
        Assert.Equal("/acme.store.v1.StoreService/GetItem", server.Last!.Method);
        Assert.Equal(DateTime.MaxValue, server.Last!.Deadline);
    }

    [Fact]
    public async Task Async_unary_call_returns_the_response_headers_the_response_the_status_and_the_trailers()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        using var call = client.GetItemAsync(new GetItemRequest { Id = "7" }, new CallOptions(new Metadata { { "user", "grace" } }));
        var headers = await call.ResponseHeadersAsync.WaitAsync(Patience);
        var item = await call.ResponseAsync.WaitAsync(Patience);

        Assert.Equal("7", headers.GetValue("shard"));
        Assert.Equal("for grace", item.Title);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("store-1", call.GetTrailers().GetValue("served-by"));
        Assert.Equal(new byte[] { 1, 2, 3 }, call.GetTrailers().GetValueBytes("trace-bin"));
    }

    [Fact]
    public async Task RpcException_from_the_handler_reaches_the_client_with_its_status_detail_and_trailers()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        var blocking = await Task.Run(() => Assert.Throws<RpcException>(() => client.GetItem(new GetItemRequest { Id = "missing" }))).WaitAsync(Patience);
        using var call = client.GetItemAsync(new GetItemRequest { Id = "missing" });
        var async = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

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
    public async Task Other_exceptions_from_the_handler_reach_the_client_as_Unknown()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;
        var exception = await Assert.ThrowsAsync<RpcException>(() => client.GetItemAsync(new GetItemRequest { Id = "crash" }).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.Unknown, exception.StatusCode);
    }

    [Fact]
    public async Task Server_streaming_call_delivers_a_thousand_messages_in_order_then_the_trailers()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        using var call = client.ListItems(new ListItemsRequest { Category = Category.Music, PageSize = 1000 });
        var items = new List<Item>();
        await foreach (var item in call.ResponseStream.ReadAllAsync().WithTimeout(Patience)) items.Add(item);

        Assert.Equal(Enumerable.Range(0, 1000).Select(i => "item-" + i), items.Select(i => i.Id));
        Assert.All(items, i => Assert.Equal(Category.Music, i.Category));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        Assert.Equal("1", call.GetTrailers().GetValue("pages"));
    }

    [Fact]
    public async Task Server_streaming_call_that_fails_after_some_messages_ends_the_stream_with_RpcException()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        using var call = client.ListItems(new ListItemsRequest { PageSize = 2, PageToken = "too-far" }, new CallOptions());
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));

        Assert.Equal(StatusCode.OutOfRange, exception.StatusCode);
        Assert.Equal("no page after the last", exception.Status.Detail);
    }

    [Fact]
    public async Task Client_cancelling_a_server_stream_midway_cancels_the_handler()
    {
        var (host, client, server) = await StartAsync();
        await using var _ = host;
        using var cancellation = new CancellationTokenSource();

        using var call = client.ListItems(new ListItemsRequest { PageSize = 1_000_000, PageToken = "until-cancelled" }, cancellationToken: cancellation.Token);
        for (int i = 0; i < 10; i++)
        {
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            Assert.Equal("item-" + i, call.ResponseStream.Current.Id);
        }
        cancellation.Cancel();

        var exception = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            // What was buffered before the cancellation may still be read; the stream then fails, bounded by Patience.
            for (int i = 0; i < 1_000_000 && await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience); i++)
            {
            }
        });
        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
        Assert.True(await server.SawCancellation.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Client_streaming_call_sends_a_thousand_messages_and_gets_one_response()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        using var call = client.PlaceOrder(new Metadata { { "user", "ada" } });
        for (int i = 0; i < 1000; i++)
        {
            await call.RequestStream.WriteAsync(new OrderLine { ItemId = "item-" + (i % 10), Quantity = (uint)i }).WaitAsync(Patience);
        }
        await call.RequestStream.CompleteAsync().WaitAsync(Patience);
        var order = await call.ResponseAsync.WaitAsync(Patience);

        Assert.Equal(1000, order.Lines.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (uint)i), order.Lines.Select(l => l.Quantity));
        Assert.Equal(Enumerable.Range(0, 100).Sum(k => (10 * k + 3) * 100L), order.LineTotals["item-3"]);
        Assert.Equal(Order.Types.Status.Pending, order.Status);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Client_streaming_call_the_server_completes_early_returns_its_response_and_refuses_further_writes()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        using var call = client.PlaceOrder();
        await call.RequestStream.WriteAsync(new OrderLine { ItemId = "a", Quantity = 1 }).WaitAsync(Patience);
        await call.RequestStream.WriteAsync(new OrderLine { ItemId = "stop" }).WaitAsync(Patience);
        var order = await call.ResponseAsync.WaitAsync(Patience);

        Assert.Equal(Order.Types.Status.Cancelled, order.Status);
        Assert.Equal("a", Assert.Single(order.Lines).ItemId);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => call.RequestStream.WriteAsync(new OrderLine { ItemId = "late" }).WaitAsync(Patience));
    }

    [Fact]
    public async Task Duplex_streaming_call_interleaves_five_hundred_requests_and_responses()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        using var call = client.WatchStock(new CallOptions());
        int level = 0;
        for (int i = 0; i < 500; i++)
        {
            int delta = i % 3 == 0 ? -i : i;
            level += delta;
            await call.RequestStream.WriteAsync(new StockUpdate { ItemId = "x", Delta = delta }).WaitAsync(Patience);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            Assert.Equal(new StockUpdate { ItemId = "x", Delta = level }, call.ResponseStream.Current);
        }
        await call.RequestStream.CompleteAsync().WaitAsync(Patience);

        Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Duplex_streaming_call_the_client_cancels_midway_cancels_the_handler()
    {
        var (host, client, server) = await StartAsync();
        await using var _ = host;
        using var cancellation = new CancellationTokenSource();

        using var call = client.WatchStock(cancellationToken: cancellation.Token);
        for (int i = 0; i < 20; i++)
        {
            await call.RequestStream.WriteAsync(new StockUpdate { ItemId = "y", Delta = 1 }).WaitAsync(Patience);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        }
        cancellation.Cancel();

        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
        Assert.True(await server.SawCancellation.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task Every_rpc_a_server_does_not_override_fails_with_Unimplemented_for_all_four_call_kinds()
    {
        await using var host = await GrpcTestHost.StartAsync(
            services => services.AddGrpc(),
            endpoints => endpoints.MapGrpcService<NothingImplemented>());
        var client = new StoreService.StoreServiceClient(host.CreateChannel());

        var unary = await Task.Run(() => Assert.Throws<RpcException>(() => client.GetItem(new GetItemRequest()))).WaitAsync(Patience);
        var unaryAsync = await Assert.ThrowsAsync<RpcException>(() => client.UpdateItemAsync(new UpdateItemRequest()).ResponseAsync.WaitAsync(Patience));
        var serverStreaming = await Assert.ThrowsAsync<RpcException>(() => client.ListItems(new ListItemsRequest()).ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        using var clientStreamingCall = client.PlaceOrder();
        var clientStreaming = await Assert.ThrowsAsync<RpcException>(() => clientStreamingCall.ResponseAsync.WaitAsync(Patience));
        var duplex = await Assert.ThrowsAsync<RpcException>(() => client.WatchStock().ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));

        Assert.All([unary, unaryAsync, serverStreaming, clientStreaming, duplex], e => Assert.Equal(StatusCode.Unimplemented, e.StatusCode));
    }

    [Fact]
    public async Task UpdateItem_keeps_the_generated_Unimplemented_next_to_overridden_methods()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;
        var exception = await Assert.ThrowsAsync<RpcException>(() => client.UpdateItemAsync(new UpdateItemRequest()).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.Unimplemented, exception.StatusCode);
    }

    [Fact]
    public async Task The_deadline_reaches_ServerCallContext_and_leaves_its_token_uncancelled()
    {
        var (host, client, server) = await StartAsync();
        await using var _ = host;
        var deadline = DateTime.UtcNow.AddHours(1);

        await client.GetItemAsync(new GetItemRequest { Id = "1" }, deadline: deadline).ResponseAsync.WaitAsync(Patience);

        // grpc-timeout carries the time left, so the server's deadline is the client's plus the time between the client
        // reading its clock and the server reading the header: seconds at most on a loaded machine, never an hour.
        Assert.InRange(server.Last!.Deadline, deadline.AddSeconds(-5), deadline.AddSeconds(5));
        Assert.Equal(DateTimeKind.Utc, server.Last!.Deadline.Kind);
        Assert.False(server.Last!.CancelledAtEnd);
    }

    [Fact]
    public async Task A_passed_deadline_cancels_the_handler_and_fails_the_call_with_DeadlineExceeded()
    {
        var (host, client, server) = await StartAsync();
        await using var _ = host;

        // Long enough for the handler to be running when the deadline passes, even on a loaded machine, so that it is the
        // handler's token that the deadline cancels.
        var deadline = DateTime.UtcNow.AddSeconds(2);
        using var call = client.GetItemAsync(new GetItemRequest { Id = "slow" }, deadline: deadline);
        await server.Waiting.Task.WaitAsync(Patience);
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.DeadlineExceeded, exception.StatusCode);
        Assert.True(await server.SawCancellation.Task.WaitAsync(Patience));
        Assert.InRange(server.Last!.Deadline, deadline.AddSeconds(-5), deadline.AddSeconds(5));
    }

    [Fact]
    public async Task Cancelling_the_client_token_cancels_the_handler_and_fails_the_call_with_Cancelled()
    {
        var (host, client, server) = await StartAsync();
        await using var _ = host;
        using var cancellation = new CancellationTokenSource();

        using var call = client.GetItemAsync(new GetItemRequest { Id = "slow" }, cancellationToken: cancellation.Token);
        await server.Waiting.Task.WaitAsync(Patience);
        cancellation.Cancel();
        var exception = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.Cancelled, exception.StatusCode);
        Assert.True(await server.SawCancellation.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_response_over_the_clients_MaxReceiveMessageSize_fails_with_ResourceExhausted()
    {
        var (host, client, _) = await StartAsync(channel: options => options.MaxReceiveMessageSize = 1024);
        await using var _ = host;

        Assert.Equal(1000, (await client.GetItemAsync(new GetItemRequest { Id = "big:1000" }).ResponseAsync.WaitAsync(Patience)).Title.Length);
        var exception = await Assert.ThrowsAsync<RpcException>(() => client.GetItemAsync(new GetItemRequest { Id = "big:2000" }).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
    }

    [Fact]
    public async Task A_request_over_the_servers_MaxReceiveMessageSize_fails_with_ResourceExhausted()
    {
        var (host, client, _) = await StartAsync(grpc: options => options.MaxReceiveMessageSize = 1024);
        await using var _ = host;

        await client.PlaceOrderAsync(new OrderLine { ItemId = new string('a', 1000) }).WaitAsync(Patience);
        var exception = await Assert.ThrowsAsync<RpcException>(() => client.PlaceOrderAsync(new OrderLine { ItemId = new string('a', 2000) }).WaitAsync(Patience));
        Assert.Equal(StatusCode.ResourceExhausted, exception.StatusCode);
    }

    [Fact]
    public async Task Gzip_compressed_messages_travel_both_ways_through_the_generated_marshallers()
    {
        var responses = new ResponseEncodings { InnerHandler = new SocketsHttpHandler() };
        var (host, client, server) = await StartAsync(
            grpc: options => options.ResponseCompressionAlgorithm = "gzip",
            channel: options => options.HttpHandler = responses);
        await using var _ = host;
        var lines = Enumerable.Range(0, 50).Select(i => new OrderLine { ItemId = "compressible-" + new string('z', 200) + i, Quantity = (uint)i }).ToList();

        // Asks the client to compress its requests (grpc-dotnet's documented per-call switch).
        using var call = client.PlaceOrder(new Metadata { { "grpc-internal-encoding-request", "gzip" } });
        foreach (var line in lines) await call.RequestStream.WriteAsync(line).WaitAsync(Patience);
        await call.RequestStream.CompleteAsync().WaitAsync(Patience);
        var order = await call.ResponseAsync.WaitAsync(Patience);

        Assert.Equal(lines, order.Lines);
        Assert.Equal("gzip", server.Last!.RequestEncoding);

        using var stream = client.ListItems(new ListItemsRequest { PageSize = 100, Category = Category.Digital });
        int count = 0;
        await foreach (var item in stream.ResponseStream.ReadAllAsync().WithTimeout(Patience))
        {
            Assert.Equal(new Item { Id = "item-" + count++, Category = Category.Digital }, item);
        }
        Assert.Equal(100, count);
        Assert.Equal(["gzip", "gzip"], responses.Seen);
    }

    /// <summary>Records the grpc-encoding of every response (grpc-dotnet keeps it out of the call's metadata).</summary>
    private sealed class ResponseEncodings : DelegatingHandler
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Seen { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Seen.Enqueue(response.Headers.TryGetValues("grpc-encoding", out var values) ? string.Join(",", values) : "(none)");
            return response;
        }
    }

    [Fact]
    public async Task A_hundred_concurrent_calls_on_one_channel_all_complete_with_their_own_response()
    {
        var (host, client, _) = await StartAsync();
        await using var _ = host;

        var calls = Enumerable.Range(0, 100).Select(async i =>
        {
            if (i % 2 == 0)
            {
                var item = await client.GetItemAsync(new GetItemRequest { Id = "c" + i }, new Metadata { { "user", "u" + i } }).ResponseAsync;
                Assert.Equal(("c" + i, "for u" + i), (item.Id, item.Title));
            }
            else
            {
                using var stream = client.ListItems(new ListItemsRequest { PageSize = i });
                int count = 0;
                await foreach (var item in stream.ResponseStream.ReadAllAsync()) Assert.Equal("item-" + count++, item.Id);
                Assert.Equal(i, count);
            }
        });

        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(60));
    }

    [Fact]
    public void Client_constructed_from_a_channel_calls_through_the_channel_invoker()
    {
        var channel = new FixedChannel(new CannedInvoker());
        var client = new StoreService.StoreServiceClient(channel);
        Assert.Equal("canned", client.GetItem(new GetItemRequest { Id = "5" }).Id);
    }

    [Fact]
    public void Protected_constructor_lets_tests_derive_a_client_double()
    {
        StoreService.StoreServiceClient client = new ClientDouble();
        Assert.Equal("double", client.GetItem(new GetItemRequest()).Id);
    }

    private sealed class FixedChannel(CallInvoker invoker) : ChannelBase("fixed")
    {
        public override CallInvoker CreateCallInvoker() => invoker;
    }

    /// <summary>Answers every blocking unary call with one item; nothing else is called.</summary>
    private sealed class CannedInvoker : CallInvoker
    {
        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
            (TResponse)(object)new Item { Id = "canned" };

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotSupportedException();

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotSupportedException();
    }

    private sealed class ClientDouble : StoreService.StoreServiceClient
    {
        public override Item GetItem(GetItemRequest request, CallOptions options) => new() { Id = "double" };
    }
}

internal static class CallExtensions
{
    /// <summary>A client-streaming call with one request, for the message-size tests.</summary>
    public static async Task<Order> PlaceOrderAsync(this StoreService.StoreServiceClient client, OrderLine line)
    {
        using var call = client.PlaceOrder();
        await call.RequestStream.WriteAsync(line);
        await call.RequestStream.CompleteAsync();
        return await call.ResponseAsync;
    }

    /// <summary>Fails the enumeration when the whole of it takes longer than <paramref name="timeout"/>.</summary>
    public static async IAsyncEnumerable<T> WithTimeout<T>(this IAsyncEnumerable<T> source, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await foreach (var each in source.WithCancellation(cancellation.Token)) yield return each;
    }
}
