extern alias gp;
using System.Runtime.CompilerServices;
using ProtoGen.Reflection;
using ProtoGen.TestSupport;
using Gpb = Google.Protobuf.Reflection;

namespace ProtoGen.Tests.Descriptors;

/// <summary>The runtime descriptor API over the descriptors generated code embeds: the bytes are protoc's, the structure
/// matches Google.Protobuf's descriptors of the same files (protoc's C# generator, the oracle project), imports are
/// linked, and the static properties of generated types lead to their descriptors.</summary>
public sealed class RuntimeDescriptorTests
{
    /// <summary>Every file the oracle project compiled with protoc's C# generator, by its <c>{File}Reflection</c> class,
    /// which ProtoGen names the same way in the same namespace.</summary>
    public static TheoryData<string> OracleFiles()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(gp::Acme.Store.V1.StoreReflection).Assembly.GetTypes()
                     .Where(t => t.Name.EndsWith("Reflection", StringComparison.Ordinal) && t.GetProperty("Descriptor") is not null)
                     .OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            data.Add(type.FullName!);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(OracleFiles))]
    public void Embedded_descriptors_have_the_structure_of_Google_Protobufs(string reflectionClass)
    {
        var theirs = (Gpb.FileDescriptor)typeof(gp::Acme.Store.V1.StoreReflection).Assembly.GetType(reflectionClass)!
            .GetProperty("Descriptor")!.GetValue(null)!;
        var ours = (FileDescriptor)typeof(RuntimeDescriptorTests).Assembly.GetType(reflectionClass)!
            .GetProperty("Descriptor")!.GetValue(null)!;

        Assert.Equal(theirs.Name, ours.Name);
        Assert.Equal(theirs.Package, ours.Package);
        Assert.Equal(theirs.Dependencies.Select(d => d.Name), ours.DependencyNames);
        Assert.Equal(theirs.Dependencies.Select(d => d.Name), ours.Dependencies.Select(d => d.Name));
        Assert.Equal(string.Join("\n", Describe(theirs)), string.Join("\n", Describe(ours)));
    }

    [Fact]
    public void Embedded_bytes_are_what_protoc_writes()
    {
        var root = SampleProtosRoot();
        var sources = Directory.GetFiles(root, "*.proto", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText);
        Assert.Equal(ProtocTool.CompileToFileDescriptor("acme/store/v1/store.proto", sources),
            Acme.Store.V1.StoreReflection.Descriptor.SerializedData.ToArray());
        Assert.Equal(ProtocTool.CompileToFileDescriptor("protogen/samples/all_types.proto", sources),
            ProtoGen.Samples.Types.AllTypesReflection.Descriptor.ToByteArray());
    }

    [Fact]
    public void Imports_of_descriptor_proto_link_to_the_runtimes_descriptor_of_it_which_is_protocs()
    {
        var file = ProtoGen.Tests.OptionProtos.ReflectionOptionsReflection.Descriptor;
        Assert.Equal(["google/protobuf/descriptor.proto"], file.DependencyNames);
        Assert.Same(DescriptorReflection.Descriptor, Assert.Single(file.Dependencies));
        var descriptorProto = DescriptorReflection.Descriptor;
        Assert.Equal("google/protobuf/descriptor.proto", descriptorProto.Name);
        Assert.Equal("google.protobuf", descriptorProto.Package);
        Assert.Empty(descriptorProto.Dependencies);
        Assert.Equal("google.protobuf.FieldDescriptorProto.Type", descriptorProto.FindEnumType("google.protobuf.FieldDescriptorProto.Type")?.FullName);
        Assert.Equal(ProtocTool.CompileToFileDescriptor("google/protobuf/descriptor.proto", new Dictionary<string, string>()),
            descriptorProto.ToByteArray());
        // The custom options' extendee resolves through the link.
        var httpPath = file.Extensions.Single(e => e.Name == "http_path");
        Assert.Same(descriptorProto.FindMessageType("google.protobuf.MethodOptions"), httpPath.ContainingType);
        Assert.NotNull(httpPath.ContainingType);
    }

    [Fact]
    public void Static_properties_lead_to_the_types_descriptors()
    {
        Assert.Same(Acme.Store.V1.StoreReflection.Descriptor.MessageTypes[0], Acme.Store.V1.Item.Descriptor);
        Assert.Equal("acme.store.v1.Item", Acme.Store.V1.Item.Descriptor.FullName);
        Assert.Same(Acme.Store.V1.StoreReflection.Descriptor, Acme.Store.V1.Item.Descriptor.File);
        Assert.Equal("acme.store.v1.StoreService", Acme.Store.V1.StoreService.ProtoGenDescriptor.FullName);
        Assert.Equal("google.protobuf.Timestamp", ProtoGen.WellKnownTypes.Timestamp.Descriptor.FullName);
        Assert.Equal("google/protobuf/timestamp.proto", ProtoGen.WellKnownTypes.TimestampReflection.Descriptor.Name);
    }

    [Fact]
    public void Imports_are_linked_through_to_the_well_known_types_in_the_runtime()
    {
        var item = Acme.Store.V1.Item.Descriptor;
        var createdAt = item.FindFieldByName("created_at")!;
        Assert.Same(ProtoGen.WellKnownTypes.Timestamp.Descriptor, createdAt.MessageType);
        Assert.Same(ProtoGen.WellKnownTypes.TimestampReflection.Descriptor, createdAt.MessageType!.File);
        Assert.Equal("acme.store.v1.Category", item.FindFieldByName("category")!.EnumType!.FullName);

        var method = Acme.Store.V1.StoreService.ProtoGenDescriptor.FindMethodByName("WatchStock")!;
        Assert.True(method.IsClientStreaming);
        Assert.True(method.IsServerStreaming);
        Assert.Same(Acme.Store.V1.StockUpdate.Descriptor, method.InputType);
    }

    [Fact]
    public void Fields_report_presence_oneofs_maps_and_json_names()
    {
        var item = Acme.Store.V1.Item.Descriptor;
        var subtitle = item.FindFieldByName("subtitle")!;
        Assert.True(subtitle.HasPresence);
        Assert.True(subtitle.IsProto3Optional);
        Assert.True(subtitle.ContainingOneof!.IsSynthetic);
        Assert.Null(subtitle.RealContainingOneof);
        Assert.False(item.FindFieldByName("title")!.HasPresence);

        var downloadUrl = item.FindFieldByName("download_url")!;
        Assert.Equal("downloadUrl", downloadUrl.JsonName);
        Assert.Equal("delivery", downloadUrl.RealContainingOneof!.Name);
        Assert.True(downloadUrl.HasPresence);

        var labels = item.FindFieldByNumber(5)!;
        Assert.True(labels.IsMap);
        Assert.True(labels.IsRepeated);
        Assert.Equal(FieldType.Message, labels.FieldType);
        Assert.Equal(FieldType.String, labels.MessageType!.FindFieldByNumber(2)!.FieldType);
    }

    [Fact]
    public void With_Google_Protobuf_referenced_services_expose_the_descriptor_grpc_dotnet_reflection_reads()
    {
        // grpc-dotnet's reflection service finds a service's descriptor as a public static "Descriptor" property of the
        // class named by the [BindServiceMethod] attribute on the service base class.
        var bind = (Grpc.Core.BindServiceMethodAttribute)Attribute.GetCustomAttribute(
            typeof(Acme.Store.V1.StoreService.StoreServiceBase), typeof(Grpc.Core.BindServiceMethodAttribute))!;
        var found = bind.BindType.GetProperty("Descriptor", System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!
            .GetValue(null) as Gpb.ServiceDescriptor;
        Assert.NotNull(found);

        var theirs = gp::Acme.Store.V1.StoreService.Descriptor;
        Assert.Equal(theirs.FullName, found!.FullName);
        Assert.Equal(theirs.Methods.Select(m => (m.Name, m.InputType.FullName, m.OutputType.FullName, m.IsClientStreaming, m.IsServerStreaming)),
            found.Methods.Select(m => (m.Name, m.InputType.FullName, m.OutputType.FullName, m.IsClientStreaming, m.IsServerStreaming)));
        // Built from the embedded bytes, linked to Google.Protobuf's own well-known types and to the other files' Google descriptors.
        Assert.Equal(Acme.Store.V1.StoreReflection.Descriptor.ToByteArray(), found.File.SerializedData.ToByteArray());
        Assert.Same(Google.Protobuf.WellKnownTypes.TimestampReflection.Descriptor, found.File.Dependencies.Single(d => d.Name == "google/protobuf/timestamp.proto"));
        Assert.Same(Acme.Store.V1.CommonReflection.GoogleDescriptor, found.File.Dependencies.Single(d => d.Name == "acme/store/v1/common.proto"));
        Assert.Equal("acme.store.v1.Money", found.File.MessageTypes.Single(m => m.Name == "Item").FindFieldByName("price").MessageType.FullName);
    }

    [Fact]
    public void Groups_keep_their_descriptor_type()
    {
        var audit = ProtoGen.Samples.Legacy.Ticket.Descriptor.FindFieldByNumber(15)!;
        Assert.Equal(FieldType.Group, audit.FieldType);
        Assert.Equal("protogen.samples.legacy.Ticket.Audit", audit.MessageType!.FullName);
    }

    [Fact]
    public void Malformed_descriptor_bytes_fail_with_the_runtimes_exception()
    {
        var truncated = FileDescriptor.FromGeneratedCode(new byte[] { 0x0A, 0x05, (byte)'a' }, () => []);
        Assert.Throws<InvalidProtocolBufferException>(() => truncated.Name);
        var badTag = FileDescriptor.FromGeneratedCode(new byte[] { 0x00 }, () => []);
        Assert.Throws<InvalidProtocolBufferException>(() => badTag.MessageTypes);
    }

    /// <summary>Every fact both APIs expose, one line each, in declaration order.</summary>
    private static List<string> Describe(Gpb.FileDescriptor file)
    {
        var lines = new List<string>();
        void Message(Gpb.MessageDescriptor message)
        {
            lines.Add($"message {message.FullName} oneofs {string.Join(",", message.Oneofs.Select(o => o.Name + (o.IsSynthetic ? "*" : "")))}");
            foreach (var field in message.Fields.InDeclarationOrder()) lines.Add(Field(field.FullName, field.FieldNumber, field.JsonName, field.FieldType.ToString(), field.IsRepeated, field.IsRequired, field.IsMap, field.HasPresence, field.ContainingOneof?.Name));
            foreach (var nested in message.NestedTypes) Message(nested);
            foreach (var enumType in message.EnumTypes) Enum(enumType.FullName, enumType.Values.Select(v => (v.Name, v.Number)));
        }
        foreach (var message in file.MessageTypes) Message(message);
        foreach (var enumType in file.EnumTypes) Enum(enumType.FullName, enumType.Values.Select(v => (v.Name, v.Number)));
        foreach (var service in file.Services)
        {
            lines.Add("service " + service.FullName);
            foreach (var method in service.Methods) lines.Add($"  {method.Name}({method.InputType.FullName}{(method.IsClientStreaming ? "*" : "")}) -> {method.OutputType.FullName}{(method.IsServerStreaming ? "*" : "")}");
        }
        return lines;

        void Enum(string name, IEnumerable<(string, int)> values) => lines.Add($"enum {name} {string.Join(",", values)}");
    }

    private static List<string> Describe(FileDescriptor file)
    {
        var lines = new List<string>();
        void Message(MessageDescriptor message)
        {
            lines.Add($"message {message.FullName} oneofs {string.Join(",", message.Oneofs.Select(o => o.Name + (o.IsSynthetic ? "*" : "")))}");
            foreach (var field in message.Fields) lines.Add(Field(field.FullName, field.Number, field.JsonName, field.FieldType.ToString(), field.IsRepeated, field.IsRequired, field.IsMap, field.HasPresence, field.ContainingOneof?.Name));
            foreach (var nested in message.NestedTypes) Message(nested);
            foreach (var enumType in message.EnumTypes) Enum(enumType.FullName, enumType.Values.Select(v => (v.Name, v.Number)));
        }
        foreach (var message in file.MessageTypes) Message(message);
        foreach (var enumType in file.EnumTypes) Enum(enumType.FullName, enumType.Values.Select(v => (v.Name, v.Number)));
        foreach (var service in file.Services)
        {
            lines.Add("service " + service.FullName);
            foreach (var method in service.Methods) lines.Add($"  {method.Name}({method.InputType!.FullName}{(method.IsClientStreaming ? "*" : "")}) -> {method.OutputType!.FullName}{(method.IsServerStreaming ? "*" : "")}");
        }
        return lines;

        void Enum(string name, IEnumerable<(string, int)> values) => lines.Add($"enum {name} {string.Join(",", values)}");
    }

    // Google.Protobuf's C# runtime reports proto2 groups as Message (ProtoGen's, descriptor.proto's TYPE_GROUP): both are
    // written as "message" here; Proto2 group types are asserted on their own below.
    private static string Field(string fullName, int number, string jsonName, string type, bool repeated, bool required, bool map, bool presence, string? oneof) =>
        $"  {fullName} = {number} json {jsonName} type {(type == "Group" ? "Message" : type)}{(repeated ? " repeated" : "")}{(required ? " required" : "")}{(map ? " map" : "")}{(presence ? " presence" : "")}{(oneof is null ? "" : " in " + oneof)}";

    private static string SampleProtosRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "..", "sample-protos"));
}
