using System.Diagnostics;
using System.Reflection;
using ProtoGen.Compiler;
using ProtoGen.Tests.Emit;

namespace ProtoGen.Tests.Descriptors;

/// <summary>descriptor.proto itself (proto2: optional fields with defaults, required fields, closed enums, extension
/// ranges, deep nesting), emitted into a namespace of its own and compiled, parses the FileDescriptorSet protoc writes
/// with <c>--include_source_info</c> and writes back exactly the same bytes.</summary>
public sealed class DescriptorRoundTripTests
{
    private const string Namespace = "ProtoGen.Tests.Descriptors.Generated";

    private static readonly string GrpcTools = typeof(DescriptorRoundTripTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "GrpcToolsPath").Value!;

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() => GeneratedAssembly.CompileWith(
        WellKnownTypeTests.BindWellKnownTypes().Where(f => f.Name == "google/protobuf/descriptor.proto").ToArray(),
        options: new EmitOptions(NamespaceOverride: Namespace)));

    public static TheoryData<string> Files() => new()
    {
        "google/protobuf/descriptor.proto",
        "google/protobuf/api.proto",
        "google/protobuf/struct.proto",
        "acme/store/v1/store.proto",
        "protogen/samples/all_types.proto",
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Protoc_descriptor_set_round_trips_byte_identically(string path)
    {
        byte[] bytes = DescriptorSetFromProtoc(path);
        var set = Assembly.Value.Parse(Namespace + ".FileDescriptorSet", bytes);
        Assert.True((bool)set.IsInitialized());
        var files = ((System.Collections.IEnumerable)set.File).Cast<dynamic>().ToList();
        Assert.Contains(files, f => (string)f.Name == path);
        Assert.All(files, f => Assert.NotNull(f.SourceCodeInfo));
        Assert.Equal(bytes, GeneratedAssembly.Bytes(set));
        Assert.Equal(bytes, GeneratedAssembly.Bytes(set.Clone()));
        Assert.True(set.Equals(Assembly.Value.Parse(Namespace + ".FileDescriptorSet", GeneratedAssembly.Bytes(set))));
    }

    [Fact]
    public void Every_field_protoc_writes_is_known_to_the_generated_types()
    {
        var set = Assembly.Value.Parse(Namespace + ".FileDescriptorSet", DescriptorSetFromProtoc("google/protobuf/descriptor.proto"));
        var file = ((System.Collections.IEnumerable)set.File).Cast<dynamic>().Single();
        Assert.Equal("google.protobuf", (string)file.Package);
        Assert.False((bool)file.HasSyntax); // protoc leaves "proto2" out
        Assert.Equal("Google.Protobuf.Reflection", (string)file.Options.CsharpNamespace);
        Assert.Contains(((System.Collections.IEnumerable)file.MessageType).Cast<dynamic>(), m => (string)m.Name == "FieldDescriptorProto");
        Assert.NotEmpty((System.Collections.IEnumerable)file.SourceCodeInfo.Location);
        Assert.Equal(0, CountUnknownFields(set));
    }

    // Walks the parsed messages through their properties: the byte-identical round trip must come from known fields,
    // not from bytes kept aside.
    private static int CountUnknownFields(object message)
    {
        var type = message.GetType();
        var unknown = type.GetField("_unknownFields", BindingFlags.NonPublic | BindingFlags.Instance)!.GetValue(message);
        int count = unknown is null ? 0 : 1;
        foreach (var property in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0))
        {
            var value = property.GetValue(message);
            if (value is IMessage child) count += CountUnknownFields(child);
            else if (value is System.Collections.IEnumerable items and not string)
            {
                foreach (var item in items) if (item is IMessage element) count += CountUnknownFields(element);
            }
        }
        return count;
    }

    [Fact]
    public void Descriptor_types_have_proto2_defaults_and_required_fields()
    {
        var options = Assembly.Value.New(Namespace + ".FileOptions");
        Assert.Equal("Speed", options.OptimizeFor.ToString());
        Assert.False((bool)options.HasOptimizeFor);
        var part = Assembly.Value.New(Namespace + ".UninterpretedOption+Types+NamePart");
        part.NamePart_ = "x";
        Assert.False((bool)part.IsInitialized());
        part.IsExtension = false;
        Assert.True((bool)part.IsInitialized());
    }

    private static byte[] DescriptorSetFromProtoc(string path)
    {
        string platform = OperatingSystem.IsWindows() ? "windows_x64" : OperatingSystem.IsMacOS() ? "macosx_x64" : "linux_x64";
        string exe = Path.Combine(GrpcTools, "tools", platform, OperatingSystem.IsWindows() ? "protoc.exe" : "protoc");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(exe, File.GetUnixFileMode(exe) | UnixFileMode.UserExecute);
        string include = Path.Combine(GrpcTools, "build", "native", "include");
        string output = Path.Combine(Path.GetTempPath(), "protogen-descriptor-" + Guid.NewGuid().ToString("N") + ".pb");
        try
        {
            var start = new ProcessStartInfo(exe) { RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-I" + SampleProtosRoot(), "-I" + include, "--include_imports", "--include_source_info", "--descriptor_set_out=" + output, path })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, "protoc failed: " + error);
            return File.ReadAllBytes(output);
        }
        finally
        {
            File.Delete(output);
        }
    }

    private static string SampleProtosRoot([System.Runtime.CompilerServices.CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "sample-protos"));
}
