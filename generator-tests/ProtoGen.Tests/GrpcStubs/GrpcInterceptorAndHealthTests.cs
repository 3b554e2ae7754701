using System.Collections.Concurrent;
using Acme.Store.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>Client and server interceptors around the generated stubs, and the standard grpc.health.v1 service
/// (Grpc.AspNetCore.HealthChecks) served beside a ProtoGen service, on the real grpc-dotnet.</summary>
public sealed class GrpcInterceptorAndHealthTests
{
    private static readonly TimeSpan Patience = StoreServer.Patience;

    /// <summary>Adds the bearer token to every call, whatever its kind, and logs each method it sees.</summary>
    private sealed class AuthClientInterceptor(string token) : Interceptor
    {
        public ConcurrentQueue<string> Log { get; } = new();

        private ClientInterceptorContext<TRequest, TResponse> WithToken<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context)
            where TRequest : class
            where TResponse : class
        {
            Log.Enqueue(context.Method.Type + " " + context.Method.FullName);
            var headers = context.Options.Headers ?? new Metadata();
            headers.Add("authorization", "Bearer " + token);
            return new ClientInterceptorContext<TRequest, TResponse>(context.Method, context.Host, context.Options.WithHeaders(headers));
        }

        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithToken(context));

        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(request, WithToken(context));

        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncClientStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithToken(context));

        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(ClientInterceptorContext<TRequest, TResponse> context, AsyncDuplexStreamingCallContinuation<TRequest, TResponse> continuation) =>
            continuation(WithToken(context));
    }

    /// <summary>Rejects calls without the expected token (Unauthenticated), for every call kind, and logs what it lets
    /// through with the request type it saw.</summary>
    private sealed class AuthServerInterceptor(ServerLog log) : Interceptor
    {
        private void Check(ServerCallContext context, string what)
        {
            if (context.RequestHeaders.GetValue("authorization") != "Bearer s3cret")
            {
                throw new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "no valid token"));
            }
            log.Entries.Enqueue(what + " " + context.Method);
        }

        public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        {
            Check(context, "unary(" + typeof(TRequest).Name + ")");
            return continuation(request, context);
        }

        public override Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context, "server-streaming(" + typeof(TRequest).Name + ")");
            return continuation(request, responseStream, context);
        }

        public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context, "client-streaming(" + typeof(TRequest).Name + ")");
            return continuation(requestStream, context);
        }

        public override Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
        {
            Check(context, "duplex(" + typeof(TRequest).Name + ")");
            return continuation(requestStream, responseStream, context);
        }
    }

    private sealed class ServerLog
    {
        public ConcurrentQueue<string> Entries { get; } = new();
    }

    [Fact]
    public async Task Client_and_server_interceptors_wrap_all_four_call_kinds_of_the_generated_stubs()
    {
        var log = new ServerLog();
        await using var host = await GrpcTestHost.StartAsync(
            services =>
            {
                services.AddSingleton(log);
                services.AddSingleton(new StoreServer());
                services.AddGrpc(options => options.Interceptors.Add<AuthServerInterceptor>());
            },
            endpoints => endpoints.MapGrpcService<StoreServer>());
        var channel = host.CreateChannel();
        var clientInterceptor = new AuthClientInterceptor("s3cret");
        var client = new StoreService.StoreServiceClient(channel.Intercept(clientInterceptor));

        Assert.Equal("1", (await client.GetItemAsync(new GetItemRequest { Id = "1" }).ResponseAsync.WaitAsync(Patience)).Id);
        using (var list = client.ListItems(new ListItemsRequest { PageSize = 3 }))
        {
            Assert.Equal(3, await list.ResponseStream.ReadAllAsync().WithTimeout(Patience).CountAsync());
        }
        Assert.Equal("z", Assert.Single((await client.PlaceOrderAsync(new OrderLine { ItemId = "z" }).WaitAsync(Patience)).Lines).ItemId);
        using (var watch = client.WatchStock())
        {
            await watch.RequestStream.WriteAsync(new StockUpdate { ItemId = "w", Delta = 2 }).WaitAsync(Patience);
            Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            await watch.RequestStream.CompleteAsync().WaitAsync(Patience);
            Assert.False(await watch.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        }

        Assert.Equal(
            [
                "Unary /acme.store.v1.StoreService/GetItem",
                "ServerStreaming /acme.store.v1.StoreService/ListItems",
                "ClientStreaming /acme.store.v1.StoreService/PlaceOrder",
                "DuplexStreaming /acme.store.v1.StoreService/WatchStock",
            ],
            clientInterceptor.Log);
        Assert.Equal(
            [
                "unary(GetItemRequest) /acme.store.v1.StoreService/GetItem",
                "server-streaming(ListItemsRequest) /acme.store.v1.StoreService/ListItems",
                "client-streaming(OrderLine) /acme.store.v1.StoreService/PlaceOrder",
                "duplex(StockUpdate) /acme.store.v1.StoreService/WatchStock",
            ],
            log.Entries);

        // Without the client interceptor the server interceptor turns every call away.
        var bare = new StoreService.StoreServiceClient(channel);
        var refused = await Assert.ThrowsAsync<RpcException>(() => bare.GetItemAsync(new GetItemRequest { Id = "1" }).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        var refusedStream = await Assert.ThrowsAsync<RpcException>(() => bare.WatchStock().ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
        Assert.Equal(StatusCode.Unauthenticated, refusedStream.StatusCode);
        Assert.Equal(4, log.Entries.Count);
    }

    [Fact]
    public async Task The_standard_health_service_runs_beside_a_ProtoGen_service_and_reports_its_checks()
    {
        bool storeHealthy = true;
        await using var host = await GrpcTestHost.StartAsync(
            services =>
            {
                services.AddGrpc();
                services.AddSingleton(new StoreServer());
                services.AddGrpcHealthChecks()
                    .AddCheck("store", () => storeHealthy ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("store is down"));
            },
            endpoints =>
            {
                endpoints.MapGrpcService<StoreServer>();
                endpoints.MapGrpcHealthChecksService();
            });
        var channel = host.CreateChannel();
        var health = new Health.HealthClient(channel);
        var store = new StoreService.StoreServiceClient(channel);

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving,
            (await health.CheckAsync(new HealthCheckRequest { Service = "" }).ResponseAsync.WaitAsync(Patience)).Status);
        Assert.Equal("1", (await store.GetItemAsync(new GetItemRequest { Id = "1" }).ResponseAsync.WaitAsync(Patience)).Id);

        storeHealthy = false;
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing,
            (await health.CheckAsync(new HealthCheckRequest { Service = "" }).ResponseAsync.WaitAsync(Patience)).Status);
        var unknown = await Assert.ThrowsAsync<RpcException>(() => health.CheckAsync(new HealthCheckRequest { Service = "no.such.Service" }).ResponseAsync.WaitAsync(Patience));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }
}
