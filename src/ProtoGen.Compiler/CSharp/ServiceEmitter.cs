using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Writes the gRPC stubs of one service on Grpc.Core.Api from its <see cref="ServiceSpec"/>, with the names, signatures
/// and member order of Grpc.Tools' grpc_csharp_plugin, so code written against its stubs compiles against ours: a static
/// class named after the service holding one <c>Method</c> per rpc, the abstract <c>XxxBase</c> with
/// <c>BindService</c> (server), and <c>XxxClient</c> (client). Marshallers are the shared
/// <see cref="GrpcSupportEmitter"/> ones, one per message type.
/// </summary>
internal sealed class ServiceEmitter
{
    private const string Grpc = "grpc::";
    private const string Task = "global::System.Threading.Tasks.Task";
    private string CallParameters => _types.MaybeNull(Grpc + "Metadata") + " headers = null, global::System.DateTime? deadline = null, "
        + "global::System.Threading.CancellationToken cancellationToken = default";

    private readonly ServiceSpec _spec;
    private readonly ServiceModel _service;
    private readonly TypeIndex _types;
    private readonly string _className;

    private ServiceEmitter(ServiceSpec spec, TypeIndex types)
    {
        _spec = spec;
        _service = spec.Service;
        _types = types;
        _className = spec.ClassName;
    }

    public static void Emit(CodeWriter w, ServiceSpec spec, TypeIndex types, GrpcServices kind) =>
        new ServiceEmitter(spec, types).Write(w, kind);

    private bool ServiceDeprecated => _service.Options.GetBool("deprecated");

    private void Write(CodeWriter w, GrpcServices kind)
    {
        DocComments.WriteDocsAndAttributes(w, _service.Comments, _service.Options);
        DocComments.WriteGeneratedCode(w);
        w.Open($"{_types.TopLevelAccess} static partial class {_className}");
        // Only the method descriptors use the name: a service without rpcs would get an unused field (CS0414).
        bool first = _spec.Methods.Count == 0;
        if (!first)
        {
            w.Line($"static readonly string __ServiceName = {CSharpNames.StringLiteral(_spec.ServiceName)};");
        }
        void Section()
        {
            if (!first) w.Line();
            first = false;
        }

        foreach (var method in _spec.Methods)
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

    private static string TypeArguments(MethodSpec method) => $"<{method.RequestType}, {method.ResponseType}>";

    private static string Marshaller(string type) => $"pg::GrpcMarshaller<{type}>.Instance";

    private static void WriteMethodDescriptor(CodeWriter w, MethodSpec method)
    {
        string type = $"{Grpc}Method{TypeArguments(method)}";
        w.Line($"static readonly {type} {method.DescriptorField} = new(");
        w.Indent();
        w.Line($"{Grpc}MethodType.{method.Streaming},");
        w.Line("__ServiceName,");
        w.Line(CSharpNames.StringLiteral(method.Method.Name) + ",");
        w.Line(Marshaller(method.RequestType) + ",");
        w.Line(Marshaller(method.ResponseType) + ");");
        w.Unindent();
    }

    // ---- server

    private void WriteServerBase(CodeWriter w)
    {
        w.Line($"/// <summary>Base class for server-side implementations of {_service.Name}</summary>");
        if (ServiceDeprecated) w.Line("[global::System.Obsolete]");
        w.Line($"[{Grpc}BindServiceMethod(typeof({_className}), \"BindService\")]");
        w.Open($"public abstract partial class {_spec.ServerBaseName}");
        bool first = true;
        foreach (var method in _spec.Methods)
        {
            if (!first) w.Line();
            first = false;
            WriteServerMethod(w, method);
        }
        w.Close();
    }

    private static void WriteServerMethod(CodeWriter w, MethodSpec method)
    {
        DocComments.WriteSummary(w, method.Method.Comments);
        string parameters;
        string returns;
        if (!method.HasRequestArgument)
        {
            w.Line("/// <param name=\"requestStream\">Used for reading requests from the client.</param>");
            parameters = $"{Grpc}IAsyncStreamReader<{method.RequestType}> requestStream";
        }
        else
        {
            w.Line("/// <param name=\"request\">The request received from the client.</param>");
            parameters = $"{method.RequestType} request";
        }
        if (method.Method.ServerStreaming)
        {
            w.Line("/// <param name=\"responseStream\">Used for sending responses back to the client.</param>");
            parameters += $", {Grpc}IServerStreamWriter<{method.ResponseType}> responseStream";
            returns = Task;
        }
        else
        {
            returns = $"{Task}<{method.ResponseType}>";
        }
        w.Line("/// <param name=\"context\">The context of the server-side call handler being invoked.</param>");
        w.Line(method.Method.ServerStreaming
            ? "/// <returns>A task indicating completion of the handler.</returns>"
            : "/// <returns>The response to send back to the client (wrapped by a task).</returns>");
        WriteObsoleteIfDeprecated(w, method);
        w.Open($"public virtual {returns} {method.Name}({parameters}, {Grpc}ServerCallContext context)");
        w.Line($"throw new {Grpc}RpcException(new {Grpc}Status({Grpc}StatusCode.Unimplemented, \"\"));");
        w.Close();
    }

    private void WriteBindServiceMethods(CodeWriter w)
    {
        w.Line("/// <summary>Creates service definition that can be registered with a server</summary>");
        w.Line("/// <param name=\"serviceImpl\">An object implementing the server-side handling logic.</param>");
        w.Open($"public static {Grpc}ServerServiceDefinition BindService({_spec.ServerBaseName} serviceImpl)");
        w.Line($"return {Grpc}ServerServiceDefinition.CreateBuilder()");
        w.Indent();
        w.Indent();
        foreach (var method in _spec.Methods)
        {
            w.Line($".AddMethod({method.DescriptorField}, serviceImpl.{method.Name})");
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
        w.Open($"public static void BindService({Grpc}ServiceBinderBase serviceBinder, {_types.MaybeNull(_spec.ServerBaseName)} serviceImpl)");
        foreach (var method in _spec.Methods)
        {
            // The handler delegates are named after the method types: UnaryServerMethod, ServerStreamingServerMethod...
            w.Line($"serviceBinder.AddMethod({method.DescriptorField}, serviceImpl == null ? null : "
                + $"new {Grpc}{method.Streaming}ServerMethod{TypeArguments(method)}(serviceImpl.{method.Name}));");
        }
        w.Close();
    }

    // ---- client

    private void WriteClient(CodeWriter w)
    {
        string client = _spec.ClientName;
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
        foreach (var method in _spec.Methods)
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

    private void WriteClientMethods(CodeWriter w, MethodSpec method)
    {
        string name = method.Name;
        string field = method.DescriptorField;
        string types = TypeArguments(method);
        switch (method.Streaming)
        {
            case MethodStreaming.Unary:
                WriteClientCallPair(w, method, method.ResponseType, name, "The response received from the server.",
                    $"CallInvoker.BlockingUnaryCall({field}, null, options, request)");
                WriteClientCallPair(w, method, $"{Grpc}AsyncUnaryCall<{method.ResponseType}>", method.AsyncName!, "The call object.",
                    $"CallInvoker.AsyncUnaryCall({field}, null, options, request)");
                break;
            case MethodStreaming.ServerStreaming:
                WriteClientCallPair(w, method, $"{Grpc}AsyncServerStreamingCall<{method.ResponseType}>", name, "The call object.",
                    $"CallInvoker.AsyncServerStreamingCall({field}, null, options, request)");
                break;
            case MethodStreaming.ClientStreaming:
                WriteClientCallPair(w, method, $"{Grpc}AsyncClientStreamingCall{types}", name, "The call object.",
                    $"CallInvoker.AsyncClientStreamingCall({field}, null, options)");
                break;
            default:
                WriteClientCallPair(w, method, $"{Grpc}AsyncDuplexStreamingCall{types}", name, "The call object.",
                    $"CallInvoker.AsyncDuplexStreamingCall({field}, null, options)");
                break;
        }
    }

    /// <summary>The two overloads of one client call: loose call settings, then <c>CallOptions</c>.</summary>
    private void WriteClientCallPair(CodeWriter w, MethodSpec method, string returnType, string name, string returns, string invocation)
    {
        bool hasRequest = method.HasRequestArgument;
        string requestParameter = hasRequest ? $"{method.RequestType} request, " : "";
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

    private static void WriteClientDocs(CodeWriter w, MethodSpec method, bool hasRequest, string returns, bool withOptions)
    {
        DocComments.WriteSummary(w, method.Method.Comments);
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

    private static void WriteObsoleteIfDeprecated(CodeWriter w, MethodSpec method)
    {
        if (method.Method.Options.GetBool("deprecated")) w.Line("[global::System.Obsolete]");
    }
}
