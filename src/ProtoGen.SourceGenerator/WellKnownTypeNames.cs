namespace ProtoGen.SourceGenerator;

/// <summary>The .proto files whose types ProtoGen.Runtime holds. descriptor.proto is not one of them: a project that
/// lists it gets its types (under a ProtoNamespace of its choice, as the protoc plugin does).</summary>
internal static class WellKnownTypeNames
{
    private static readonly HashSet<string> Files = new(StringComparer.Ordinal)
    {
        "google/protobuf/any.proto",
        "google/protobuf/api.proto",
        "google/protobuf/duration.proto",
        "google/protobuf/empty.proto",
        "google/protobuf/field_mask.proto",
        "google/protobuf/source_context.proto",
        "google/protobuf/struct.proto",
        "google/protobuf/timestamp.proto",
        "google/protobuf/type.proto",
        "google/protobuf/wrappers.proto",
    };

    public static bool IsWellKnownTypeFile(string importPath) => Files.Contains(importPath);
}
