using ProtoGen.Compiler;

namespace ProtoGen.Protoc;

/// <summary>
/// The plugin's settings, from <c>--protogen_opt</c> (protoc joins several with commas): the same choices the source
/// generator takes from AdditionalFiles metadata.
/// <list type="bullet">
/// <item><c>grpc_services=none|client|server|both</c>: gRPC stubs for every generated file (default <c>both</c>, as GrpcServices).</item>
/// <item><c>namespace=Acme.Contracts</c>: C# namespace of every generated file (as ProtoNamespace on all of them).</item>
/// <item><c>namespace:acme/v1/a.proto=Acme.A</c>: C# namespace of one file, generated now or imported (as ProtoNamespace on that file).</item>
/// <item><c>nullable=enable|disable</c>: annotated or nullable-oblivious API (default <c>disable</c>, as ProtoGenNullable).</item>
/// <item><c>access=public|internal</c>: accessibility of the generated top-level types (default <c>public</c>, as Access).</item>
/// <item><c>baseline=api.binpb</c>: instead of C#, write the request's files as one binary FileDescriptorSet with that
/// name (what <c>protoc --include_imports --descriptor_set_out</c> writes), the baseline of the breaking-change checks.</item>
/// </list>
/// </summary>
public sealed record PluginParameters(GrpcServices GrpcServices, string? Namespace, IReadOnlyDictionary<string, string> FileNamespaces,
    bool NullableAnnotations = false, bool InternalAccess = false)
{
    /// <summary>The baseline file to write instead of C#, or null.</summary>
    public string? Baseline { get; init; }

    public static PluginParameters Parse(string? parameter)
    {
        var grpc = GrpcServices.Both;
        string? ns = null;
        string? baseline = null;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        bool nullable = false, internalAccess = false;
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
            else if (key == "nullable")
            {
                nullable = value.ToLowerInvariant() switch
                {
                    "enable" => true,
                    "disable" => false,
                    _ => throw new PluginParameterException($"nullable must be enable or disable, not \"{value}\"."),
                };
            }
            else if (key == "access")
            {
                internalAccess = value.ToLowerInvariant() switch
                {
                    "internal" => true,
                    "public" => false,
                    _ => throw new PluginParameterException($"access must be public or internal, not \"{value}\"."),
                };
            }
            else if (key == "namespace")
            {
                ns = RequireNamespace(key, value);
            }
            else if (key == "baseline")
            {
                baseline = RequireValue(key, value);
            }
            else if (key.StartsWith("namespace:", StringComparison.Ordinal) && key.Length > "namespace:".Length)
            {
                files[key.Substring("namespace:".Length)] = RequireNamespace(key, value);
            }
            else
            {
                throw new PluginParameterException($"Unknown parameter \"{key}\" (known: grpc_services, namespace, namespace:<file.proto>, nullable, access, baseline).");
            }
        }
        return new PluginParameters(grpc, ns, files, nullable, internalAccess) { Baseline = baseline };
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
