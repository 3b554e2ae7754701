using ProtoGen.Compiler;

namespace ProtoGen.Protoc;

/// <summary>
/// The plugin's settings, from <c>--protogen_opt</c> (protoc joins several with commas): the same choices the source
/// generator takes from AdditionalFiles metadata.
/// <list type="bullet">
/// <item><c>grpc_services=none|client|server|both</c>: gRPC stubs for every generated file (default <c>both</c>, as GrpcServices).</item>
/// <item><c>namespace=Acme.Contracts</c>: C# namespace of every generated file (as ProtoNamespace on all of them).</item>
/// <item><c>namespace:acme/v1/a.proto=Acme.A</c>: C# namespace of one file, generated now or imported (as ProtoNamespace on that file).</item>
/// </list>
/// </summary>
public sealed record PluginParameters(GrpcServices GrpcServices, string? Namespace, IReadOnlyDictionary<string, string> FileNamespaces)
{
    public static PluginParameters Parse(string? parameter)
    {
        var grpc = GrpcServices.Both;
        string? ns = null;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(parameter)) return new PluginParameters(grpc, ns, files);
        foreach (var raw in parameter.Split(','))
        {
            var entry = raw.Trim();
            if (entry.Length == 0) continue;
            int equals = entry.IndexOf('=');
            if (equals <= 0) throw new PluginParameterException($"Parameter \"{entry}\" is not key=value.");
            var key = entry.Substring(0, equals).Trim();
            var value = entry.Substring(equals + 1).Trim();
            if (key == "grpc_services")
            {
                grpc = value.ToLowerInvariant() switch
                {
                    "none" => GrpcServices.None,
                    "client" => GrpcServices.Client,
                    "server" => GrpcServices.Server,
                    "both" => GrpcServices.Both,
                    _ => throw new PluginParameterException($"grpc_services must be none, client, server or both, not \"{value}\"."),
                };
            }
            else if (key == "namespace")
            {
                ns = RequireNamespace(key, value);
            }
            else if (key.StartsWith("namespace:", StringComparison.Ordinal) && key.Length > "namespace:".Length)
            {
                files[key.Substring("namespace:".Length)] = RequireNamespace(key, value);
            }
            else
            {
                throw new PluginParameterException($"Unknown parameter \"{key}\" (known: grpc_services, namespace, namespace:<file.proto>).");
            }
        }
        return new PluginParameters(grpc, ns, files);
    }

    private static string RequireValue(string key, string value) =>
        value.Length > 0 ? value : throw new PluginParameterException($"Parameter \"{key}\" needs a value.");

    /// <summary>A namespace goes into the generated C# as written, so it must be one (ProtoNamespace is checked alike).</summary>
    private static string RequireNamespace(string key, string value) =>
        ProtoCompiler.CheckNamespace(RequireValue(key, value)) is { } reason
            ? throw new PluginParameterException($"Parameter \"{key}\": \"{value}\" is not a valid C# namespace: {reason}.")
            : value;

    /// <summary>The namespace override of a file: its own entry, else the run-wide one for files being generated.</summary>
    public string? NamespaceOf(string file, bool generated) =>
        FileNamespaces.TryGetValue(file, out var ns) ? ns : generated ? Namespace : null;
}

/// <summary>A malformed <c>--protogen_opt</c>.</summary>
public sealed class PluginParameterException(string message) : Exception(message);
