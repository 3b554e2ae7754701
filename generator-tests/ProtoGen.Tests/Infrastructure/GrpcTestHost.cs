using System.Net;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ProtoGen.Tests.Infrastructure;

/// <summary>
/// A real gRPC server for tests: Kestrel in this process, HTTP/2 cleartext only, on 127.0.0.1 and a port the OS picks
/// (port 0), with the services and endpoints the test gives; and real <see cref="GrpcChannel"/> clients to it.
/// Disposing stops the server (bounded by <see cref="StopTimeout"/>) and disposes the channels it made.
/// </summary>
/// <example>
/// <code>
/// await using var host = await GrpcTestHost.StartAsync(
///     services => services.AddGrpc(),
///     endpoints => endpoints.MapGrpcService&lt;StoreServer&gt;());
/// var client = new StoreService.StoreServiceClient(host.CreateChannel());
/// </code>
/// </example>
public sealed class GrpcTestHost : IAsyncDisposable
{
    /// <summary>How long disposing waits for calls still running before the server is stopped anyway.</summary>
    public static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication _app;
    private readonly List<GrpcChannel> _channels = new();

    private GrpcTestHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The server's address, such as http://127.0.0.1:41234.</summary>
    public Uri Address { get; }

    /// <summary>The server's services (to reach a singleton the test registered).</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a server with the given services (call AddGrpc there) and endpoints (MapGrpcService there).</summary>
    public static async Task<GrpcTestHost> StartAsync(Action<IServiceCollection> configureServices, Action<IEndpointRouteBuilder> mapEndpoints)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        configureServices(builder.Services);

        var app = builder.Build();
        mapEndpoints(app);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new GrpcTestHost(app, new Uri(address));
    }

    /// <summary>A channel to this server; <paramref name="configure"/> may set options (message limits, compression
    /// providers...). Disposed with the host.</summary>
    public GrpcChannel CreateChannel(Action<GrpcChannelOptions>? configure = null)
    {
        var options = new GrpcChannelOptions();
        configure?.Invoke(options);
        var channel = GrpcChannel.ForAddress(Address, options);
        lock (_channels) _channels.Add(channel);
        return channel;
    }

    public async ValueTask DisposeAsync()
    {
        lock (_channels)
        {
            foreach (var channel in _channels) channel.Dispose();
        }
        using (var stopping = new CancellationTokenSource(StopTimeout))
        {
            await _app.StopAsync(stopping.Token);
        }
        await _app.DisposeAsync();
    }
}
