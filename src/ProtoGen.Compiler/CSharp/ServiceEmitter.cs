using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Writes the gRPC stubs of one service on Grpc.Core.Api, with the names, signatures and member order of Grpc.Tools'
/// grpc_csharp_plugin, so code written against its stubs compiles against ours: a static class named after the service
/// holding one <c>Method</c> per rpc, the abstract <c>XxxBase</c> with <c>BindService</c> (server), and
/// <c>XxxClient</c> (client). Marshallers are the shared <see cref="GrpcSupportEmitter"/> ones, one per message type.
/// </summary>
internal sealed class ServiceEmitter
{
    private const string Grpc = "grpc::";
    private const string Task = "global::System.Threading.Tasks.Task";
    private string CallParameters => _types.MaybeNull(Grpc + "Metadata") + " headers = null, global::System.DateTime? deadline = null, "
        + "global::System.Threading.CancellationToken cancellationToken = default(global::System.Threading.CancellationToken)";

    private readonly ServiceModel _service;
    private readonly TypeIndex _types;
    private readonly string _className;

    private ServiceEmitter(ServiceModel service, TypeIndex types)
    {
        _service = service;
        _types = types;
        _className = CSharpNames.Escape(service.Name);
    }

    public static void Emit(CodeWriter w, ServiceModel service, TypeIndex types, GrpcServices kind) =>
        new ServiceEmitter(service, types).Write(w, kind);

    private bool ServiceDeprecated => _service.Options.GetBool("deprecated");

    private void Write(CodeWriter w, GrpcServices kind)
    {
        DocComments.WriteDocsAndAttributes(w, _service.Comments, _service.Options);
        DocComments.WriteGeneratedCode(w);
        w.Open($"{_types.TopLevelAccess} static partial class {_className}");
        // Only the method descriptors use the name: a service without rpcs would get an unused field (CS0414).
        bool first = _service.Methods.IsEmpty;
        if (!first)
        {
            w.Line($"static readonly string __ServiceName = {CSharpNames.StringLiteral(_service.FullName.TrimStart('.'))};");
        }
        void Section()
        {
            if (!first) w.Line();
            first = false;
        }

        foreach (var method in _service.Methods)
        {
            Section();
            WriteMethodDescriptor(w, method);
        }
        bool server = kind is GrpcServices.Server or GrpcServices.Both;
        if (server)
        {
            Section();
            WriteServerBase(w);
        }
        if (kind is GrpcServices.Client or GrpcServices.Both)
        {
            Section();
            WriteClient(w);
        }
        if (server)
        {
            Section();
            WriteBindServiceMethods(w);
        }
        w.Close();
    }

    private string Request(MethodModel method) => _types.Get(method.InputType).CSharpName;

    private string Response(MethodModel method) => _types.Get(method.OutputType).CSharpName;

    private string TypeArguments(MethodModel method) => $"<{Request(method)}, {Response(method)}>";

    /// <summary>The C# name of an rpc's methods: the rpc name as written, as grpc_csharp_plugin does (grpc-dotnet's
    /// server finds handlers by that name), escaped if it is a keyword.</summary>
    private static string Name(MethodModel method) => CSharpNames.Escape(method.Name);

    private static string DescriptorField(MethodModel method) => "__Method_" + method.Name;

    private static string MethodType(MethodModel method) => (method.ClientStreaming, method.ServerStreaming) switch
    {
        (false, false) => "Unary",
        (false, true) => "ServerStreaming",
        (true, false) => "ClientStreaming",
        _ => "DuplexStreaming",
    };

    private static string Marshaller(string type) => $"pg::GrpcMarshaller<{type}>.Instance";

    private void WriteMethodDescriptor(CodeWriter w, MethodModel method)
    {
        string type = $"{Grpc}Method{TypeArguments(method)}";
        w.Line($"static readonly {type} {DescriptorField(method)} = new {type}(");
        w.Indent();
        w.Line($"{Grpc}MethodType.{MethodType(method)},");
        w.Line("__ServiceName,");
        w.Line(CSharpNames.StringLiteral(method.Name) + ",");
        w.Line(Marshaller(Request(method)) + ",");
        w.Line(Marshaller(Response(method)) + ");");
        w.Unindent();
    }

    // ---- server

    private void WriteServerBase(CodeWriter w)
    {
        w.Line($"/// <summary>Base class for server-side implementations of {_service.Name}</summary>");
        if (ServiceDeprecated) w.Line("[global::System.Obsolete]");
        w.Line($"[{Grpc}BindServiceMethod(typeof({_className}), \"BindService\")]");
        w.Open($"public abstract partial class {_className}Base");
        bool first = true;
        foreach (var method in _service.Methods)
        {
            if (!first) w.Line();
            first = false;
            WriteServerMethod(w, method);
        }
        w.Close();
    }

    private void WriteServerMethod(CodeWriter w, MethodModel method)
    {
        DocComments.WriteSummary(w, method.Comments);
        string parameters;
        string returns;
        if (method.ClientStreaming)
        {
            w.Line("/// <param name=\"requestStream\">Used for reading requests from the client.</param>");
            parameters = $"{Grpc}IAsyncStreamReader<{Request(method)}> requestStream";
        }
        else
        {
            w.Line("/// <param name=\"request\">The request received from the client.</param>");
            parameters = $"{Request(method)} request";
        }
        if (method.ServerStreaming)
        {
            w.Line("/// <param name=\"responseStream\">Used for sending responses back to the client.</param>");
            parameters += $", {Grpc}IServerStreamWriter<{Response(method)}> responseStream";
            returns = Task;
        }
        else
        {
            returns = $"{Task}<{Response(method)}>";
        }
        w.Line("/// <param name=\"context\">The context of the server-side call handler being invoked.</param>");
        w.Line(method.ServerStreaming
            ? "/// <returns>A task indicating completion of the handler.</returns>"
            : "/// <returns>The response to send back to the client (wrapped by a task).</returns>");
        WriteObsoleteIfDeprecated(w, method);
        w.Open($"public virtual {returns} {Name(method)}({parameters}, {Grpc}ServerCallContext context)");
        w.Line($"throw new {Grpc}RpcException(new {Grpc}Status({Grpc}StatusCode.Unimplemented, \"\"));");
        w.Close();
    }

    private void WriteBindServiceMethods(CodeWriter w)
    {
        w.Line("/// <summary>Creates service definition that can be registered with a server</summary>");
        w.Line("/// <param name=\"serviceImpl\">An object implementing the server-side handling logic.</param>");
        w.Open($"public static {Grpc}ServerServiceDefinition BindService({_className}Base serviceImpl)");
        w.Line($"return {Grpc}ServerServiceDefinition.CreateBuilder()");
        w.Indent();
        w.Indent();
        foreach (var method in _service.Methods)
        {
            w.Line($".AddMethod({DescriptorField(method)}, serviceImpl.{Name(method)})");
        }
        w.Line(".Build();");
        w.Unindent();
        w.Unindent();
        w.Close();
        w.Line();
        w.Line("/// <summary>Register service method with a service binder with or without implementation. Useful when customizing the service binding logic.");
        w.Line("/// Note: this method is part of an experimental API that can change or be removed without any prior notice.</summary>");
        w.Line("/// <param name=\"serviceBinder\">Service methods will be bound by calling <c>AddMethod</c> on this object.</param>");
        w.Line("/// <param name=\"serviceImpl\">An object implementing the server-side handling logic.</param>");
        // grpc-dotnet calls this with a null serviceImpl to discover the methods, hence the annotation.
        w.Open($"public static void BindService({Grpc}ServiceBinderBase serviceBinder, {_types.MaybeNull(_className + "Base")} serviceImpl)");
        foreach (var method in _service.Methods)
        {
            // The handler delegates are named after the method types: UnaryServerMethod, ServerStreamingServerMethod...
            w.Line($"serviceBinder.AddMethod({DescriptorField(method)}, serviceImpl == null ? null : "
                + $"new {Grpc}{MethodType(method)}ServerMethod{TypeArguments(method)}(serviceImpl.{Name(method)}));");
        }
        w.Close();
    }

    // ---- client

    private void WriteClient(CodeWriter w)
    {
        string client = _className + "Client";
        w.Line($"/// <summary>Client for {_service.Name}</summary>");
        if (ServiceDeprecated) w.Line("[global::System.Obsolete]");
        w.Open($"public partial class {client} : {Grpc}ClientBase<{client}>");
        w.Line($"/// <summary>Creates a new client for {_service.Name}</summary>");
        w.Line("/// <param name=\"channel\">The channel to use to make remote calls.</param>");
        w.Open($"public {client}({Grpc}ChannelBase channel) : base(channel)");
        w.Close();
        w.Line($"/// <summary>Creates a new client for {_service.Name} that uses a custom <c>CallInvoker</c>.</summary>");
        w.Line("/// <param name=\"callInvoker\">The callInvoker to use to make remote calls.</param>");
        w.Open($"public {client}({Grpc}CallInvoker callInvoker) : base(callInvoker)");
        w.Close();
        w.Line("/// <summary>Protected parameterless constructor to allow creation of test doubles.</summary>");
        w.Open($"protected {client}() : base()");
        w.Close();
        w.Line("/// <summary>Protected constructor to allow creation of configured clients.</summary>");
        w.Line("/// <param name=\"configuration\">The client configuration.</param>");
        w.Open($"protected {client}(ClientBaseConfiguration configuration) : base(configuration)");
        w.Close();
        foreach (var method in _service.Methods)
        {
            w.Line();
            WriteClientMethods(w, method);
        }
        w.Line("/// <summary>Creates a new instance of client from given <c>ClientBaseConfiguration</c>.</summary>");
        w.Open($"protected override {client} NewInstance(ClientBaseConfiguration configuration)");
        w.Line($"return new {client}(configuration);");
        w.Close();
        w.Close();
    }

    private void WriteClientMethods(CodeWriter w, MethodModel method)
    {
        string name = Name(method);
        string field = DescriptorField(method);
        string types = TypeArguments(method);
        if (!method.ClientStreaming && !method.ServerStreaming)
        {
            string response = Response(method);
            WriteClientCallPair(w, method, response, name, "The response received from the server.",
                $"CallInvoker.BlockingUnaryCall({field}, null, options, request)");
            WriteClientCallPair(w, method, $"{Grpc}AsyncUnaryCall<{response}>", method.Name + "Async", "The call object.",
                $"CallInvoker.AsyncUnaryCall({field}, null, options, request)");
        }
        else if (!method.ClientStreaming)
        {
            WriteClientCallPair(w, method, $"{Grpc}AsyncServerStreamingCall<{Response(method)}>", name, "The call object.",
                $"CallInvoker.AsyncServerStreamingCall({field}, null, options, request)");
        }
        else if (!method.ServerStreaming)
        {
            WriteClientCallPair(w, method, $"{Grpc}AsyncClientStreamingCall{types}", name, "The call object.",
                $"CallInvoker.AsyncClientStreamingCall({field}, null, options)");
        }
        else
        {
            WriteClientCallPair(w, method, $"{Grpc}AsyncDuplexStreamingCall{types}", name, "The call object.",
                $"CallInvoker.AsyncDuplexStreamingCall({field}, null, options)");
        }
    }

    /// <summary>The two overloads of one client call: loose call settings, then <c>CallOptions</c>.</summary>
    private void WriteClientCallPair(CodeWriter w, MethodModel method, string returnType, string name, string returns, string invocation)
    {
        bool hasRequest = !method.ClientStreaming;
        string requestParameter = hasRequest ? $"{Request(method)} request, " : "";
        string requestArgument = hasRequest ? "request, " : "";

        WriteClientDocs(w, method, hasRequest, returns, withOptions: false);
        w.Open($"public virtual {returnType} {name}({requestParameter}{CallParameters})");
        w.Line($"return {name}({requestArgument}new {Grpc}CallOptions(headers, deadline, cancellationToken));");
        w.Close();
        WriteClientDocs(w, method, hasRequest, returns, withOptions: true);
        w.Open($"public virtual {returnType} {name}({requestParameter}{Grpc}CallOptions options)");
        w.Line($"return {invocation};");
        w.Close();
    }

    private void WriteClientDocs(CodeWriter w, MethodModel method, bool hasRequest, string returns, bool withOptions)
    {
        DocComments.WriteSummary(w, method.Comments);
        if (hasRequest) w.Line("/// <param name=\"request\">The request to send to the server.</param>");
        if (withOptions)
        {
            w.Line("/// <param name=\"options\">The options for the call.</param>");
        }
        else
        {
            w.Line("/// <param name=\"headers\">The initial metadata to send with the call. This parameter is optional.</param>");
            w.Line("/// <param name=\"deadline\">An optional deadline for the call. The call will be cancelled if deadline is hit.</param>");
            w.Line("/// <param name=\"cancellationToken\">An optional token for canceling the call.</param>");
        }
        w.Line($"/// <returns>{returns}</returns>");
        WriteObsoleteIfDeprecated(w, method);
    }

    private static void WriteObsoleteIfDeprecated(CodeWriter w, MethodModel method)
    {
        if (method.Options.GetBool("deprecated")) w.Line("[global::System.Obsolete]");
    }
}
