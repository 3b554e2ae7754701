// TEST-ONLY STAND-IN for Grpc.Core.Api (not restorable here): the real namespace, names and signatures of just the types
// generated stubs (ProtoGen's, and grpc_csharp_plugin's for the interop tests) and the tests use, each checked against
// grpc-dotnet's src/Grpc.Core.Api. Bodies are minimal.
using System.Diagnostics.CodeAnalysis;

namespace Grpc.Core;

public delegate Task<TResponse> UnaryServerMethod<TRequest, TResponse>(TRequest request, ServerCallContext context)
    where TRequest : class
    where TResponse : class;

public delegate Task<TResponse> ClientStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context)
    where TRequest : class
    where TResponse : class;

public delegate Task ServerStreamingServerMethod<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context)
    where TRequest : class
    where TResponse : class;

public delegate Task DuplexStreamingServerMethod<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context)
    where TRequest : class
    where TResponse : class;

/// <summary>Specifies the location of the service bind method for a gRPC service.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = true)]
public class BindServiceMethodAttribute : Attribute
{
    private const DynamicallyAccessedMemberTypes ServiceBinderAccessibility =
        DynamicallyAccessedMemberTypes.PublicMethods | DynamicallyAccessedMemberTypes.NonPublicMethods | DynamicallyAccessedMemberTypes.PublicProperties;

    public BindServiceMethodAttribute([DynamicallyAccessedMembers(ServiceBinderAccessibility)] Type bindType, string bindMethodName)
    {
        BindType = bindType;
        BindMethodName = bindMethodName;
    }

    [DynamicallyAccessedMembers(ServiceBinderAccessibility)]
    public Type BindType { get; }

    public string BindMethodName { get; }
}

/// <summary>Allows binding server-side method implementations in alternative serving stacks.</summary>
public class ServiceBinderBase
{
    public virtual void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler)
        where TRequest : class
        where TResponse : class => throw new NotImplementedException();

    public virtual void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler)
        where TRequest : class
        where TResponse : class => throw new NotImplementedException();

    public virtual void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler)
        where TRequest : class
        where TResponse : class => throw new NotImplementedException();

    public virtual void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler)
        where TRequest : class
        where TResponse : class => throw new NotImplementedException();
}

/// <summary>Stores mapping of methods to server call handlers.</summary>
public class ServerServiceDefinition
{
    private readonly IReadOnlyList<Action<ServiceBinderBase>> _addMethodActions;

    internal ServerServiceDefinition(List<Action<ServiceBinderBase>> addMethodActions) => _addMethodActions = addMethodActions.AsReadOnly();

    /// <summary>Forwards all the previously stored <c>AddMethod</c> calls to the service binder (internal, as in the real package).</summary>
    internal void BindService(ServiceBinderBase serviceBinder)
    {
        foreach (var addMethodAction in _addMethodActions) addMethodAction(serviceBinder);
    }

    public static Builder CreateBuilder() => new();

    /// <summary>Builder class for <see cref="ServerServiceDefinition"/>.</summary>
    public class Builder
    {
        private readonly Dictionary<string, object?> _duplicateDetector = new();
        private readonly List<Action<ServiceBinderBase>> _addMethodActions = new();

        public Builder()
        {
        }

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse> handler)
            where TRequest : class
            where TResponse : class => Add(method.FullName, binder => binder.AddMethod(method, handler));

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class
            where TResponse : class => Add(method.FullName, binder => binder.AddMethod(method, handler));

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class
            where TResponse : class => Add(method.FullName, binder => binder.AddMethod(method, handler));

        public Builder AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse> handler)
            where TRequest : class
            where TResponse : class => Add(method.FullName, binder => binder.AddMethod(method, handler));

        public ServerServiceDefinition Build() => new(_addMethodActions);

        private Builder Add(string fullName, Action<ServiceBinderBase> addMethod)
        {
            _duplicateDetector.Add(fullName, null);
            _addMethodActions.Add(addMethod);
            return this;
        }
    }
}

/// <summary>Context for a server-side call (the stand-in leaves out auth context, propagation and user state).</summary>
public abstract class ServerCallContext
{
    protected ServerCallContext()
    {
    }

    public Task WriteResponseHeadersAsync(Metadata responseHeaders) => WriteResponseHeadersAsyncCore(responseHeaders);

    public string Method => MethodCore;
    public string Host => HostCore;
    public string Peer => PeerCore;
    public DateTime Deadline => DeadlineCore;
    public Metadata RequestHeaders => RequestHeadersCore;
    public CancellationToken CancellationToken => CancellationTokenCore;
    public Metadata ResponseTrailers => ResponseTrailersCore;

    public Status Status
    {
        get => StatusCore;
        set => StatusCore = value;
    }

    public WriteOptions? WriteOptions
    {
        get => WriteOptionsCore;
        set => WriteOptionsCore = value;
    }

    protected abstract Task WriteResponseHeadersAsyncCore(Metadata responseHeaders);
    protected abstract string MethodCore { get; }
    protected abstract string HostCore { get; }
    protected abstract string PeerCore { get; }
    protected abstract DateTime DeadlineCore { get; }
    protected abstract Metadata RequestHeadersCore { get; }
    protected abstract CancellationToken CancellationTokenCore { get; }
    protected abstract Metadata ResponseTrailersCore { get; }
    protected abstract Status StatusCore { get; set; }
    protected abstract WriteOptions? WriteOptionsCore { get; set; }
}
