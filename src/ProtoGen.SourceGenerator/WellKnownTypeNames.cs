namespace ProtoGen.SourceGenerator;

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
        "google/protobuf/descriptor.proto",
    };

    public static bool IsWellKnownTypeFile(string importPath) => Files.Contains(importPath);
}
