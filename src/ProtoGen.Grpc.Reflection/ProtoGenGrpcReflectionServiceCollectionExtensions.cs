using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using ProtoGen.GrpcReflection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers ProtoGen's gRPC server reflection services.</summary>
public static class ProtoGenGrpcReflectionServiceCollectionExtensions
{
    /// <summary>
    /// Adds the services behind <c>app.MapProtoGenGrpcReflectionService()</c>: server reflection (grpc.reflection.v1 and
    /// v1alpha) over the descriptors of every ProtoGen service the application maps. The name differs from
    /// grpc-dotnet's <c>AddGrpcReflection()</c> so that both packages can be referenced; map only one of the two
    /// reflection services, since both answer on the same routes.
    /// </summary>
    public static IServiceCollection AddProtoGenGrpcReflection(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddGrpc();
        services.TryAddSingleton(provider => new ProtoGenReflectionServiceSource(
            provider.GetRequiredService<EndpointDataSource>(), provider.GetRequiredService<ILoggerFactory>()));
        services.TryAddSingleton(provider => new ProtoGenReflectionV1Service(provider.GetRequiredService<ProtoGenReflectionServiceSource>()));
        services.TryAddSingleton(provider => new ProtoGenReflectionV1AlphaService(provider.GetRequiredService<ProtoGenReflectionServiceSource>()));
        return services;
    }
}
