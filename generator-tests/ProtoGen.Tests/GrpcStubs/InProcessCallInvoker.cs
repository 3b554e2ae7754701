using System.Buffers;
using System.Threading.Channels;
using Grpc.Core;
using ProtoGen.Tests.Infrastructure;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// A <see cref="CallInvoker"/> that runs each call against server handlers bound in this process, the way a gRPC
/// server would: every message crosses as bytes, written by the client method's marshaller into a buffer writer and
/// parsed by the server method's marshaller from a (deliberately multi-segment) sequence, and back. Status, trailers,
/// headers, deadline and cancellation travel as grpc-dotnet carries them (RpcException on the client; ServerCallContext
/// on the server). Unknown methods fail with Unimplemented, as a server does.
/// </summary>
public sealed class InProcessCallInvoker : CallInvoker
{
    private readonly Dictionary<string, Func<CallOptions, ServerCall>> _handlers = new(StringComparer.Ordinal);

    /// <summary>Binds what <c>BindService(ServiceBinderBase, impl)</c> adds.</summary>
    public InProcessCallInvoker(Action<ServiceBinderBase> bind) => bind(new Binder(this));

    /// <summary>Binds a <see cref="ServerServiceDefinition"/> (from <c>BindService(impl)</c>).</summary>
    public InProcessCallInvoker(ServerServiceDefinition definition) => definition.BindService(new Binder(this));

    /// <summary>Every payload that crossed, in order, as (method full name, bytes): the tests compare them with Google.Protobuf's.</summary>
    public List<(string Method, byte[] Payload)> Payloads { get; } = new();

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        AsyncUnaryCall(method, host, options, request).ResponseAsync.GetAwaiter().GetResult();

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = Start(method, options);
        call.Send(request, complete: true);
        return new AsyncUnaryCall<TResponse>(call.SingleResponseAsync(), call.ResponseHeaders, call.GetStatus, call.GetTrailers, call.Cancel);
    }

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        var call = Start(method, options);
        call.Send(request, complete: true);
        return new AsyncServerStreamingCall<TResponse>(call.ResponseReader(), call.ResponseHeaders, call.GetStatus, call.GetTrailers, call.Cancel);
    }

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = Start(method, options);
        return new AsyncClientStreamingCall<TRequest, TResponse>(call.RequestWriter(), call.SingleResponseAsync(), call.ResponseHeaders, call.GetStatus, call.GetTrailers, call.Cancel);
    }

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options)
    {
        var call = Start(method, options);
        return new AsyncDuplexStreamingCall<TRequest, TResponse>(call.RequestWriter(), call.ResponseReader(), call.ResponseHeaders, call.GetStatus, call.GetTrailers, call.Cancel);
    }

    private ClientCall<TRequest, TResponse> Start<TRequest, TResponse>(Method<TRequest, TResponse> method, CallOptions options)
    {
        var server = _handlers.TryGetValue(method.FullName, out var start)
            ? start(options)
            : ServerCall.Unimplemented(method.FullName, options);
        return new ClientCall<TRequest, TResponse>(this, method, server);
    }

    internal static byte[] Serialize<T>(Marshaller<T> marshaller, T message)
    {
        var context = new BufferSerializationContext();
        marshaller.ContextualSerializer(message, context);
        return context.Payload;
    }

    internal static T Deserialize<T>(Marshaller<T> marshaller, byte[] payload) =>
        marshaller.ContextualDeserializer(new SequenceDeserializationContext(payload));

    /// <summary>Records each AddMethod as a factory of server calls for that method.</summary>
    private sealed class Binder(InProcessCallInvoker invoker) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            Add(method, handler is null ? null : async (call, context) =>
            {
                var request = await call.ReadSingleRequestAsync(method);
                call.Respond(method, await handler(request, context));
            });

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            Add(method, handler is null ? null : async (call, context) =>
                await handler(await call.ReadSingleRequestAsync(method), call.ResponseWriter(method), context));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            Add(method, handler is null ? null : async (call, context) =>
                call.Respond(method, await handler(call.RequestReader(method), context)));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            Add(method, handler is null ? null : (call, context) => handler(call.RequestReader(method), call.ResponseWriter(method), context));

        /// <summary>A method bound without an implementation (grpc-dotnet binds so to discover methods) stays unimplemented.</summary>
        private void Add<TRequest, TResponse>(Method<TRequest, TResponse> method, Func<ServerCall, ServerCallContext, Task>? run) =>
            invoker._handlers.Add(method.FullName, run is null
                ? options => ServerCall.Unimplemented(method.FullName, options)
                : options => ServerCall.Start(method.FullName, options, run, invoker.Payloads));
    }

    /// <summary>The server side of one call: the byte channels both ways, the context, and the status it ends with.</summary>
    internal sealed class ServerCall
    {
        private readonly TestServerCallContext _context;
        private readonly List<(string, byte[])> _payloads;
        private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private ServerCall(string method, CallOptions options, List<(string, byte[])> payloads)
        {
            Method = method;
            _payloads = payloads;
            _context = new TestServerCallContext(method, options, _responseHeaders);
        }

        public string Method { get; }
        public Channel<byte[]> Requests { get; } = Channel.CreateUnbounded<byte[]>();
        public Channel<byte[]> Responses { get; } = Channel.CreateUnbounded<byte[]>();
        public Task<Metadata> ResponseHeaders => _responseHeaders.Task;

        /// <summary>Completes when the handler has finished, with the status and trailers the client sees.</summary>
        public Task<(Status Status, Metadata Trailers)> Finished { get; private set; } = null!;

        public void Cancel() => _context.Cancel();

        public void Record(byte[] payload)
        {
            lock (_payloads) _payloads.Add((Method, payload));
        }

        public static ServerCall Start(string method, CallOptions options, Func<ServerCall, ServerCallContext, Task> run, List<(string, byte[])> payloads)
        {
            var call = new ServerCall(method, options, payloads);
            call.Finished = call.RunAsync(run);
            return call;
        }

        public static ServerCall Unimplemented(string method, CallOptions options) =>
            Start(method, options, (_, _) => throw new RpcException(new Status(StatusCode.Unimplemented, "Service is unimplemented.")), new());

        private async Task<(Status, Metadata)> RunAsync(Func<ServerCall, ServerCallContext, Task> run)
        {
            await Task.Yield();
            var trailers = _context.ResponseTrailers;
            Status status;
            try
            {
                await run(this, _context);
                status = _context.Status;
            }
            catch (RpcException exception)
            {
                status = exception.Status;
                foreach (var entry in exception.Trailers) trailers.Add(entry);
            }
            catch (OperationCanceledException) when (_context.CancellationToken.IsCancellationRequested)
            {
                status = _context.CancellationStatus;
            }
            catch (Exception exception)
            {
                status = new Status(StatusCode.Unknown, "Exception was thrown by handler.", exception);
            }
            if (_context.CancellationToken.IsCancellationRequested && status.StatusCode == StatusCode.OK)
            {
                status = _context.CancellationStatus;
            }
            _responseHeaders.TrySetResult(new Metadata());
            Responses.Writer.TryComplete();
            return (status, trailers);
        }

        public async Task<TRequest> ReadSingleRequestAsync<TRequest, TResponse>(Method<TRequest, TResponse> method)
        {
            // The client writes the single request before the handler starts, so this never waits (and the handler
            // runs even when the deadline has already passed, to observe its cancelled token).
            var payload = await Requests.Reader.ReadAsync();
            return Deserialize(method.RequestMarshaller, payload);
        }

        public void Respond<TRequest, TResponse>(Method<TRequest, TResponse> method, TResponse response)
        {
            _responseHeaders.TrySetResult(new Metadata());
            var payload = Serialize(method.ResponseMarshaller, response);
            Record(payload);
            Responses.Writer.TryWrite(payload);
        }

        public IAsyncStreamReader<TRequest> RequestReader<TRequest, TResponse>(Method<TRequest, TResponse> method) =>
            new MessageReader<TRequest>(Requests.Reader, method.RequestMarshaller, _context.CancellationToken, onEnd: null);

        public IServerStreamWriter<TResponse> ResponseWriter<TRequest, TResponse>(Method<TRequest, TResponse> method) =>
            new ServerWriter<TResponse>(this, method.ResponseMarshaller);

        private sealed class ServerWriter<T>(ServerCall call, Marshaller<T> marshaller) : IServerStreamWriter<T>
        {
            public WriteOptions? WriteOptions { get; set; }

            public Task WriteAsync(T message)
            {
                call._context.CancellationToken.ThrowIfCancellationRequested();
                call._responseHeaders.TrySetResult(new Metadata());
                var payload = Serialize(marshaller, message);
                call.Record(payload);
                return call.Responses.Writer.WriteAsync(payload).AsTask();
            }
        }
    }

    /// <summary>The client side of one call: serializes what it sends, parses what it receives, ends with the server's status.</summary>
    private sealed class ClientCall<TRequest, TResponse>(InProcessCallInvoker invoker, Method<TRequest, TResponse> method, ServerCall server)
    {
        public ServerCall Server => server;

        private (Status Status, Metadata Trailers)? _finished;

        public Task<Metadata> ResponseHeaders => server.ResponseHeaders;

        public void Cancel() => server.Cancel();

        public Status GetStatus() => (_finished ?? throw new InvalidOperationException("Status can only be accessed once the call has finished.")).Status;

        public Metadata GetTrailers() => (_finished ?? throw new InvalidOperationException("Trailers can only be accessed once the call has finished.")).Trailers;

        public void Send(TRequest request, bool complete)
        {
            var payload = Serialize(method.RequestMarshaller, request);
            lock (invoker.Payloads) invoker.Payloads.Add((method.FullName, payload));
            server.Requests.Writer.TryWrite(payload);
            if (complete) server.Requests.Writer.TryComplete();
        }

        /// <summary>The status once the server has finished; an RpcException unless it is OK.</summary>
        private async Task EndAsync()
        {
            var finished = await server.Finished;
            _finished = finished;
            if (finished.Status.StatusCode != StatusCode.OK)
            {
                throw new RpcException(finished.Status, finished.Trailers);
            }
        }

        public async Task<TResponse> SingleResponseAsync()
        {
            await EndAsync();
            Assert.True(server.Responses.Reader.TryRead(out var payload), "an OK unary response carries a message");
            return Deserialize(method.ResponseMarshaller, payload!);
        }

        public IAsyncStreamReader<TResponse> ResponseReader() =>
            new MessageReader<TResponse>(server.Responses.Reader, method.ResponseMarshaller, CancellationToken.None, EndAsync);

        public IClientStreamWriter<TRequest> RequestWriter() => new ClientWriter(this);

        private sealed class ClientWriter(ClientCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
        {
            public WriteOptions? WriteOptions { get; set; }

            public Task WriteAsync(TRequest message)
            {
                if (call.Server.Finished.IsCompleted) throw new RpcException(call.Server.Finished.Result.Status);
                call.Send(message, complete: false);
                return Task.CompletedTask;
            }

            public Task CompleteAsync()
            {
                call.Server.Requests.Writer.TryComplete();
                return Task.CompletedTask;
            }
        }
    }

    /// <summary>Reads messages from a byte channel; at the end, <paramref name="onEnd"/> (the client's status check) runs.</summary>
    private sealed class MessageReader<T>(ChannelReader<byte[]> channel, Marshaller<T> marshaller, CancellationToken callToken, Func<Task>? onEnd)
        : IAsyncStreamReader<T>
    {
        public T Current { get; private set; } = default!;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(callToken, cancellationToken);
            bool more;
            try
            {
                more = await channel.WaitToReadAsync(linked.Token);
            }
            catch (OperationCanceledException) when (onEnd is null)
            {
                return false; // the server side sees a cancelled call as the end of its request stream
            }
            if (more && channel.TryRead(out var payload))
            {
                Current = Deserialize(marshaller, payload);
                return true;
            }
            if (onEnd is not null) await onEnd();
            return false;
        }
    }

    private sealed class BufferSerializationContext : SerializationContext
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
    private sealed class SequenceDeserializationContext(byte[] payload) : DeserializationContext
    {
        public override int PayloadLength => payload.Length;

        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => Sequences.Split(payload, 3);

        public override byte[] PayloadAsNewBuffer() => throw new InvalidOperationException("ProtoGen's marshallers read the sequence.");
    }

    private sealed class TestServerCallContext : ServerCallContext
    {
        private readonly CancellationTokenSource _cancellation;
        private readonly CancellationTokenSource _deadlineTimer = new();
        private readonly DateTime _deadline;
        private readonly Metadata _requestHeaders;
        private readonly string _method;
        private readonly TaskCompletionSource<Metadata> _responseHeaders;
        private readonly Metadata _responseTrailers = new();

        public TestServerCallContext(string method, CallOptions options, TaskCompletionSource<Metadata> responseHeaders)
        {
            _method = method;
            _responseHeaders = responseHeaders;
            _requestHeaders = options.Headers ?? new Metadata();
            _deadline = options.Deadline ?? DateTime.MaxValue;
            if (options.Deadline is { } deadline)
            {
                var remaining = deadline.ToUniversalTime() - DateTime.UtcNow;
                _deadlineTimer.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero);
            }
            _cancellation = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken, _deadlineTimer.Token);
        }

        /// <summary>Why the call was cancelled: its deadline passed, or the client cancelled it.</summary>
        public Status CancellationStatus => _deadlineTimer.IsCancellationRequested
            ? new Status(StatusCode.DeadlineExceeded, "Deadline Exceeded")
            : new Status(StatusCode.Cancelled, "Call canceled by the client.");

        public void Cancel() => _cancellation.Cancel();

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders)
        {
            if (!_responseHeaders.TrySetResult(responseHeaders)) throw new InvalidOperationException("Response headers can only be sent once per call.");
            return Task.CompletedTask;
        }

        protected override string MethodCore => _method;
        protected override string HostCore => "localhost";
        protected override string PeerCore => "in-process";
        protected override DateTime DeadlineCore => _deadline;
        protected override Metadata RequestHeadersCore => _requestHeaders;
        protected override CancellationToken CancellationTokenCore => _cancellation.Token;
        protected override Metadata ResponseTrailersCore => _responseTrailers;
        protected override Status StatusCore { get; set; } = Status.DefaultSuccess;
        protected override WriteOptions? WriteOptionsCore { get; set; }
    }
}
