namespace ProtoGen.Compiler.WellKnownTypes;

/// <summary>The .proto files whose types ProtoGen.Runtime holds. descriptor.proto is not one of them: a project that
/// lists it gets its types (under a ProtoNamespace of its choice, as the protoc plugin does).</summary>
public static class RuntimeWellKnownTypes
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

    /// <summary>Whether ProtoGen.Runtime holds this file's types (in namespace ProtoGen.WellKnownTypes).</summary>
    public static bool Contains(string importPath) => Files.Contains(importPath);
}
