using System.Globalization;
using ProtoGen.Protoc;
using ProtoGen.Protoc.Descriptors;
using ProtoGen.Protoc.Plugin;
using ProtoGen.Tests.Infrastructure;
using ProtoGen.TestSupport;
using Xunit.Abstractions;

namespace ProtoGen.Tests.Fuzzing;

/// <summary>
/// The protoc plugin's side of "everything accepted compiles": requests as protoc could send them for the sample
/// protos (from protoc's own descriptors), with odd values where protoc passes any text or any identifier through
/// (csharp_namespace, json_name, field, oneof, enum value and rpc names, the namespace parameters), either answer with
/// <c>error</c> or generate C# that compiles. PROTOGEN_FUZZ_PLUGIN_REQUESTS runs more (docs/testing-fuzzing.md).
/// </summary>
public sealed class PluginFuzzTests(ITestOutputHelper output)
{
    private const int DefaultRequests = 120, DefaultCompiles = 2;

    [Fact]
    public void Every_mutated_request_generates_compilable_csharp_or_an_error()
    {
        int seed = Setting("PROTOGEN_FUZZ_SEED", 24);
        bool longRun = Environment.GetEnvironmentVariable("PROTOGEN_FUZZ_PLUGIN_REQUESTS") is not null;
        int requests = Setting("PROTOGEN_FUZZ_PLUGIN_REQUESTS", DefaultRequests);
        int compileBudget = Setting("PROTOGEN_FUZZ_COMPILES", longRun ? int.MaxValue : DefaultCompiles);
        output.WriteLine($"plugin fuzz seed {seed}, {requests} requests, compile budget {compileBudget}");

        byte[] sample = SampleRequest().ToByteArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var failures = new List<string>();
        int errors = 0, generated = 0, compiled = 0;
        for (int index = 0; index < requests; index++)
        {
            var random = new Random(unchecked(seed * 1_000_003 + index));
            var request = CodeGeneratorRequest.Parser.ParseFrom(sample);
            var mutations = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => Mutate(request, random)).ToList();
            string what = $"request #{index.ToString(CultureInfo.InvariantCulture)} ({string.Join("; ", mutations)})";

            var response = CodeGenerator.Generate(request);
            if (response.HasError)
            {
                errors++;
                // An exception of ours is reported as "failed (ExceptionType)": a bug, not an answer.
                if (response.Error.StartsWith("protoc-gen-protogen failed", StringComparison.Ordinal)) failures.Add($"{what}: {response.Error}");
                continue;
            }
            generated++;
            string key = string.Join("\n", response.File.Select(f => f.Content));
            if (!seen.Add(key) || compileBudget-- <= 0) continue;
            compiled++;
            var problems = Compilations.Problems(Compilations.Create(response.File.Select(f => f.Content), "PluginFuzz" + index, withGrpc: true));
            if (problems.Count > 0) failures.Add($"{what}: generated C# does not compile:\n{string.Join("\n", problems.Take(6))}");
        }

        output.WriteLine($"{requests} requests: {errors} answered with error, {generated} generated ({compiled} distinct outputs compiled)");
        foreach (var failure in failures.Take(20)) output.WriteLine(failure);
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} failing requests; the first:\n{failures.FirstOrDefault()}");
        Assert.True(errors > 0 && compiled > 0, $"errors {errors}, compiled {compiled}");
    }

    [Theory]
    [InlineData("Acme Store", null, "csharp_namespace \"Acme Store\" is not a valid C# namespace: \"Acme Store\" is not a C# identifier.")]
    [InlineData(null, "namespace:protogen/samples/legacy.proto=Acme..Store", "Parameter \"namespace:protogen/samples/legacy.proto\": \"Acme..Store\" is not a valid C# namespace: it has an empty part between dots.")]
    // Long-run finding (seed 24, request #29): an imported well-known type's namespace moved to one that holds nothing.
    [InlineData(null, "namespace:google/protobuf/timestamp.proto=a1", "ProtoNamespace \"a1\" of \"google/protobuf/timestamp.proto\" is not a valid C# namespace: the well-known types are ProtoGen.Runtime's, in namespace ProtoGen.WellKnownTypes.")]
    public void A_namespace_that_is_no_csharp_namespace_gets_an_error_naming_the_file(string? csharpNamespace, string? parameter, string message)
    {
        var request = SampleRequest();
        var legacy = request.ProtoFile.Single(f => f.Name == "protogen/samples/legacy.proto");
        if (csharpNamespace is not null) legacy.Options!.CsharpNamespace = csharpNamespace;
        if (parameter is not null) request.Parameter = parameter;

        var response = CodeGenerator.Generate(request);

        Assert.Contains(message, response.Error);
        Assert.Contains(csharpNamespace is null && parameter!.Contains("timestamp") ? "google/protobuf/timestamp.proto" : "protogen/samples/legacy.proto", response.Error);
        Assert.Empty(response.File);
    }

    [Fact]
    public void Fields_whose_csharp_names_collide_get_an_error()
    {
        var request = SampleRequest();
        var ticket = request.ProtoFile.Single(f => f.Name == "protogen/samples/legacy.proto").MessageType.Single(m => m.Name == "Ticket");
        ticket.Field.Single(f => f.Name == "title").Name = "id_field_number";

        var response = CodeGenerator.Generate(request);

        Assert.Equal("protogen/samples/legacy.proto: PG0505: The C# name of field \"id_field_number\" (\"IdFieldNumber\") conflicts with field \"id\" in message protogen.samples.legacy.Ticket.", response.Error);
    }

    private static string Mutate(CodeGeneratorRequest request, Random random)
    {
        var file = request.ProtoFile[random.Next(request.ProtoFile.Count)];
        var messages = file.MessageType.ToList();
        switch (random.Next(8))
        {
            case 0:
            {
                file.Options ??= new ProtoGen.Protoc.Descriptors.FileOptions();
                string ns = ProtoMutator.Pick(ProtoMutator.OddStrings, random);
                file.Options.CsharpNamespace = ns;
                return $"{file.Name}: csharp_namespace = \"{ns}\"";
            }
            case 1:
            {
                string ns = ProtoMutator.Pick(ProtoMutator.OddStrings, random).Replace(",", "");
                request.Parameter = random.Next(2) == 0 ? "namespace=" + ns : $"namespace:{file.Name}=" + ns;
                return "parameter " + request.Parameter;
            }
            case 2 when messages.Count > 0:
            {
                var message = messages[random.Next(messages.Count)];
                if (message.Field.Count == 0) return "no field";
                var field = message.Field[random.Next(message.Field.Count)];
                string name = ProtoMutator.Pick(ProtoMutator.OddIdentifiers, random);
                string old = field.Name;
                field.Name = name;
                return $"{message.Name}.{old} renamed {name}";
            }
            case 3 when messages.Count > 0:
            {
                var message = messages[random.Next(messages.Count)];
                if (message.Field.Count == 0) return "no field";
                var field = message.Field[random.Next(message.Field.Count)];
                field.JsonName = ProtoMutator.Pick(ProtoMutator.OddStrings, random);
                return $"{message.Name}.{field.Name} json_name = \"{field.JsonName}\"";
            }
            case 4 when messages.Any(m => m.OneofDecl.Count > 0):
            {
                var message = messages.First(m => m.OneofDecl.Count > 0);
                var oneof = message.OneofDecl[random.Next(message.OneofDecl.Count)];
                oneof.Name = ProtoMutator.Pick(ProtoMutator.OddIdentifiers, random);
                return $"{message.Name} oneof renamed {oneof.Name}";
            }
            case 5 when file.EnumType.Count > 0:
            {
                var enumType = file.EnumType[random.Next(file.EnumType.Count)];
                var value = enumType.Value[random.Next(enumType.Value.Count)];
                value.Name = ProtoMutator.Pick(ProtoMutator.OddIdentifiers, random);
                return $"{enumType.Name} value renamed {value.Name}";
            }
            case 6 when file.Service.Count > 0:
            {
                var service = file.Service[random.Next(file.Service.Count)];
                if (service.Method.Count == 0) return "no rpc";
                var method = service.Method[random.Next(service.Method.Count)];
                method.Name = ProtoMutator.Pick(ProtoMutator.OddIdentifiers, random);
                return $"{service.Name} rpc renamed {method.Name}";
            }
            default:
                request.Parameter = random.Next(2) == 0 ? "grpc_services=both" : "grpc_services=none";
                return "parameter " + request.Parameter;
        }
    }

    /// <summary>A request as protoc sends it for the sample protos (services included), from protoc's descriptor set.</summary>
    private static CodeGeneratorRequest SampleRequest()
    {
        var sources = SampleProtos.All().ToDictionary(p => p.RelativePath, p => p.Text);
        var request = new CodeGeneratorRequest();
        foreach (var path in sources.Keys) request.FileToGenerate.Add(path);
        var seen = new HashSet<string>();
        foreach (var path in sources.Keys)
        {
            var set = FileDescriptorSet.Parser.ParseFrom(ProtocTool.CompileToDescriptorSet(path, sources));
            foreach (var file in set.File.Where(f => seen.Add(f.Name))) request.ProtoFile.Add(file);
        }
        return request;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
