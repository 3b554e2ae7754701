using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>How an rpc streams; the names are those of Grpc.Core's <c>MethodType</c> members (and of its
/// <c>XxxServerMethod</c> delegates), which the stubs write.</summary>
internal enum MethodStreaming
{
    Unary,
    ClientStreaming,
    ServerStreaming,
    DuplexStreaming,
}

/// <summary>Every decision about one rpc's stubs.</summary>
/// <param name="Name">The C# name of its server method and client call: the rpc name as written, as
/// grpc_csharp_plugin does (grpc-dotnet's server finds handlers by that name), escaped if it is a keyword.</param>
/// <param name="AsyncName">For a unary rpc, the client's asynchronous call (<c>FooAsync</c>); null for streaming rpcs,
/// whose one client call is already asynchronous.</param>
/// <param name="DescriptorField">The static <c>Method</c> field of the service class.</param>
/// <param name="RequestType">The <c>global::</c>-qualified C# type of its request messages.</param>
/// <param name="ResponseType">The <c>global::</c>-qualified C# type of its response messages.</param>
internal sealed record MethodSpec(
    MethodModel Method,
    string Name,
    string? AsyncName,
    string DescriptorField,
    string RequestType,
    string ResponseType,
    MethodStreaming Streaming)
{
    /// <summary>Whether a call sends one request as an argument (not a request stream).</summary>
    public bool HasRequestArgument => !Method.ClientStreaming;

    /// <summary>The members the rpc declares in the client class.</summary>
    public IEnumerable<string> ClientMemberNames => AsyncName is null ? new[] { Name } : new[] { Name, AsyncName };

    /// <summary>The members the rpc declares in the server base class.</summary>
    public IEnumerable<string> ServerMemberNames => new[] { Name };
}

/// <summary>Every decision about one service's gRPC stubs: a static class named after the service holding a
/// <c>Method</c> per rpc, <see cref="ServerBaseName"/> and <see cref="ClientName"/>, with grpc_csharp_plugin's names.</summary>
/// <remarks>Names are never changed to resolve a clash: an rpc's name is what grpc-dotnet binds, and code written
/// against grpc_csharp_plugin's stubs calls the same names. CSharpChecks reports a clash (rpc <c>Foo</c> beside
/// <c>FooAsync</c>, an rpc named like a member of ClientBase or like its class) from these member names.</remarks>
/// <param name="ClassName">The static class (the service name, escaped if it is a keyword).</param>
/// <param name="ServiceName">The full name gRPC routes by (<c>acme.store.v1.StoreService</c>).</param>
internal sealed record ServiceSpec(ServiceModel Service, string ClassName, string ServiceName, IReadOnlyList<MethodSpec> Methods)
{
    /// <summary>Members every server base class has besides its rpc methods: object's.</summary>
    public static readonly IReadOnlyList<string> ServerFixedMemberNames = new[]
    {
        "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "ReferenceEquals", "Finalize",
    };

    /// <summary>Members every client class has besides its rpc calls: object's, and those of ClientBase that an rpc call
    /// would hide or clash with.</summary>
    public static readonly IReadOnlyList<string> ClientFixedMemberNames =
        ServerFixedMemberNames.Concat(new[] { "NewInstance", "WithHost", "CallInvoker" }).ToArray();

    /// <summary>The abstract class server implementations derive from.</summary>
    public string ServerBaseName => ClassName + "Base";

    /// <summary>The client class.</summary>
    public string ClientName => ClassName + "Client";
}
