using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ProtoGen.GrpcReflection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps ProtoGen's gRPC server reflection services.</summary>
public static class ProtoGenGrpcReflectionEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>grpc.reflection.v1.ServerReflection</c> and <c>grpc.reflection.v1alpha.ServerReflection</c>, answered from
    /// the descriptors of the ProtoGen services the application maps (found when the first reflection call arrives, so
    /// the order of the Map calls does not matter). Requires <c>builder.Services.AddProtoGenGrpcReflection()</c>.
    /// </summary>
    /// <returns>A builder whose conventions (authorization, CORS, ...) apply to both services' endpoints.</returns>
    public static IEndpointConventionBuilder MapProtoGenGrpcReflectionService(this IEndpointRouteBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ServiceProvider.GetService(typeof(ProtoGenReflectionServiceSource)) is null)
        {
            throw new InvalidOperationException("Unable to find the services of ProtoGen's gRPC reflection. Call " +
                "'builder.Services.AddProtoGenGrpcReflection()' where the application's services are configured.");
        }
        return new BothConventions(builder.MapGrpcService<ProtoGenReflectionV1Service>(), builder.MapGrpcService<ProtoGenReflectionV1AlphaService>());
    }

    private sealed class BothConventions : IEndpointConventionBuilder
    {
        private readonly IEndpointConventionBuilder _first, _second;

        public BothConventions(IEndpointConventionBuilder first, IEndpointConventionBuilder second) => (_first, _second) = (first, second);

        public void Add(Action<EndpointBuilder> convention)
        {
            _first.Add(convention);
            _second.Add(convention);
        }

        public void Finally(Action<EndpointBuilder> finallyConvention)
        {
            _first.Finally(finallyConvention);
            _second.Finally(finallyConvention);
        }
    }
}
