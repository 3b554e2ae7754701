// TEST-ONLY STAND-IN for Grpc.Core.Api (not restorable here): the real namespace, names and signatures of just the types
// generated stubs (ProtoGen's, and grpc_csharp_plugin's for the interop tests) and the tests use, each checked against
// grpc-dotnet's src/Grpc.Core.Api. Bodies are minimal.
using System.Runtime.CompilerServices;

namespace Grpc.Core;

/// <summary>Abstraction of client-side RPC invocation.</summary>
public abstract class CallInvoker
{
    public abstract TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class
        where TResponse : class;

    public abstract AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class
        where TResponse : class;

    public abstract AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
        where TRequest : class
        where TResponse : class;

    public abstract AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        where TRequest : class
        where TResponse : class;

    public abstract AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
        where TRequest : class
        where TResponse : class;
}

/// <summary>Options for calls made by client (the stand-in leaves out write options, propagation and credentials).</summary>
public struct CallOptions
{
    public CallOptions(Metadata? headers = null, DateTime? deadline = null, CancellationToken cancellationToken = default(CancellationToken),
                       WriteOptions? writeOptions = null)
    {
        Headers = headers;
        Deadline = deadline;
        CancellationToken = cancellationToken;
        WriteOptions = writeOptions;
    }

    public Metadata? Headers { get; }
    public DateTime? Deadline { get; }
    public CancellationToken CancellationToken { get; }
    public WriteOptions? WriteOptions { get; }
}

/// <summary>Base class for gRPC channel.</summary>
public abstract class ChannelBase
{
    protected ChannelBase(string target) => Target = target ?? throw new ArgumentNullException(nameof(target));

    public string Target { get; }

    public abstract CallInvoker CreateCallInvoker();
}

/// <summary>Generic base class for client-side stubs.</summary>
public abstract class ClientBase<T> : ClientBase
    where T : ClientBase<T>
{
    protected ClientBase() : base()
    {
    }

    protected ClientBase(ClientBaseConfiguration configuration) : base(configuration)
    {
    }

    public ClientBase(ChannelBase channel) : base(channel)
    {
    }

    public ClientBase(CallInvoker callInvoker) : base(callInvoker)
    {
    }

    protected abstract T NewInstance(ClientBaseConfiguration configuration);
}

/// <summary>Base class for client-side stubs. (The real one decorates the invoker to apply a host; the stand-in does not.)</summary>
public abstract class ClientBase
{
    private readonly CallInvoker _callInvoker;

    protected ClientBase() : this(new UnimplementedCallInvoker())
    {
    }

    protected ClientBase(ClientBaseConfiguration configuration)
    {
        Configuration = configuration ?? throw new ArgumentNullException(nameof(configuration));
        _callInvoker = configuration.UndecoratedCallInvoker;
    }

    public ClientBase(ChannelBase channel) : this(channel.CreateCallInvoker())
    {
    }

    public ClientBase(CallInvoker callInvoker) : this(new ClientBaseConfiguration(callInvoker, null))
    {
    }

    protected CallInvoker CallInvoker => _callInvoker;

    internal ClientBaseConfiguration Configuration { get; }

    /// <summary>Represents configuration of ClientBase; opaque to subclasses.</summary>
    protected internal class ClientBaseConfiguration
    {
        internal ClientBaseConfiguration(CallInvoker undecoratedCallInvoker, string? host)
        {
            UndecoratedCallInvoker = undecoratedCallInvoker ?? throw new ArgumentNullException(nameof(undecoratedCallInvoker));
            Host = host;
        }

        internal CallInvoker UndecoratedCallInvoker { get; }

        internal string? Host { get; }
    }

    private sealed class UnimplementedCallInvoker : CallInvoker
    {
        public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotImplementedException();
        public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotImplementedException();
        public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) => throw new NotImplementedException();
        public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotImplementedException();
        public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) => throw new NotImplementedException();
    }
}

/// <summary>A stream of messages to be read.</summary>
public interface IAsyncStreamReader<out T>
{
    T Current { get; }

    Task<bool> MoveNext(CancellationToken cancellationToken);
}

/// <summary>A writable stream of messages.</summary>
public interface IAsyncStreamWriter<in T>
{
    Task WriteAsync(T message);

    Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        if (cancellationToken.CanBeCanceled)
        {
            throw new NotSupportedException("Cancellation of stream writes is not supported by this gRPC implementation.");
        }
        return WriteAsync(message);
    }

    WriteOptions? WriteOptions { get; set; }
}

/// <summary>Client-side writable stream of messages with Close capability.</summary>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    Task CompleteAsync();
}

/// <summary>A writable stream of messages that is used in server-side handlers.</summary>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>
{
}

/// <summary>Extension methods for <see cref="IAsyncStreamReader{T}"/>.</summary>
public static class AsyncStreamReaderExtensions
{
    public static async IAsyncEnumerable<T> ReadAllAsync<T>(this IAsyncStreamReader<T> streamReader, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (streamReader == null) throw new ArgumentNullException(nameof(streamReader));
        while (await streamReader.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return streamReader.Current;
        }
    }
}

/// <summary>Return type for single request - single response call.</summary>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly CallState _state;

    public AsyncUnaryCall(Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseAsync = responseAsync;
        _state = new CallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public Task<TResponse> ResponseAsync { get; }
    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
    public ConfiguredTaskAwaitable<TResponse> ConfigureAwait(bool continueOnCapturedContext) => ResponseAsync.ConfigureAwait(continueOnCapturedContext);
    public Status GetStatus() => _state.GetStatus();
    public Metadata GetTrailers() => _state.GetTrailers();
    public void Dispose() => _state.Dispose();
}

/// <summary>Return type for server streaming calls.</summary>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly CallState _state;

    public AsyncServerStreamingCall(IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        ResponseStream = responseStream;
        _state = new CallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }
    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;
    public Status GetStatus() => _state.GetStatus();
    public Metadata GetTrailers() => _state.GetTrailers();
    public void Dispose() => _state.Dispose();
}

/// <summary>Return type for client streaming calls.</summary>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly CallState _state;

    public AsyncClientStreamingCall(IClientStreamWriter<TRequest> requestStream, Task<TResponse> responseAsync, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        RequestStream = requestStream;
        ResponseAsync = responseAsync;
        _state = new CallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public Task<TResponse> ResponseAsync { get; }
    public IClientStreamWriter<TRequest> RequestStream { get; }
    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();
    public ConfiguredTaskAwaitable<TResponse> ConfigureAwait(bool continueOnCapturedContext) => ResponseAsync.ConfigureAwait(continueOnCapturedContext);
    public Status GetStatus() => _state.GetStatus();
    public Metadata GetTrailers() => _state.GetTrailers();
    public void Dispose() => _state.Dispose();
}

/// <summary>Return type for bidirectional streaming calls.</summary>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly CallState _state;

    public AsyncDuplexStreamingCall(IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream, Task<Metadata> responseHeadersAsync, Func<Status> getStatusFunc, Func<Metadata> getTrailersFunc, Action disposeAction)
    {
        RequestStream = requestStream;
        ResponseStream = responseStream;
        _state = new CallState(responseHeadersAsync, getStatusFunc, getTrailersFunc, disposeAction);
    }

    public IAsyncStreamReader<TResponse> ResponseStream { get; }
    public IClientStreamWriter<TRequest> RequestStream { get; }
    public Task<Metadata> ResponseHeadersAsync => _state.ResponseHeadersAsync;
    public Status GetStatus() => _state.GetStatus();
    public Metadata GetTrailers() => _state.GetTrailers();
    public void Dispose() => _state.Dispose();
}

/// <summary>What the four call objects share (the real package's AsyncCallState, reduced).</summary>
internal sealed class CallState(Task<Metadata> responseHeadersAsync, Func<Status> getStatus, Func<Metadata> getTrailers, Action dispose)
{
    public Task<Metadata> ResponseHeadersAsync { get; } = responseHeadersAsync;
    public Status GetStatus() => getStatus();
    public Metadata GetTrailers() => getTrailers();
    public void Dispose() => dispose();
}
