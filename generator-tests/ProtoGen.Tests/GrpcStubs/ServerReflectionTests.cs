extern alias gp;
using System.Diagnostics;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using ProtoGen.GrpcReflection.V1;
using ProtoGen.TestSupport;
using ProtoGen.Tests.Infrastructure;
using ProtoGen.Tests.OptionProtos;
using ProtoGen.Tests.SheetProtos;
using FileDescriptor = ProtoGen.Reflection.FileDescriptor;
using V1Alpha = ProtoGen.GrpcReflection.V1Alpha;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// gRPC server reflection for ProtoGen services, on Kestrel (127.0.0.1, port 0): ProtoGen's own reflection
/// (ProtoGen.Grpc.Reflection) and grpc-dotnet's (Grpc.AspNetCore.Server.Reflection, over the Google.Protobuf descriptors
/// ProtoGen generates beside its own), used by a real client, <c>buf curl</c>, that has no .proto files; and the
/// answers compared with grpc-dotnet's reflection over protoc's build (Grpc.Tools) of the same .proto files.
/// </summary>
public sealed class ServerReflectionTests
{
    private static readonly TimeSpan Patience = StoreServer.Patience;

    /// <summary>The longest one buf run may take (it downloads nothing; a run takes well under a second).</summary>
    private static readonly TimeSpan BufPatience = TimeSpan.FromSeconds(60);

    public enum Reflection { ProtoGen, GrpcDotnet }

    private static readonly string[] StoreMethods =
    [
        "acme.store.v1.StoreService/GetItem", "acme.store.v1.StoreService/UpdateItem", "acme.store.v1.StoreService/ListItems",
        "acme.store.v1.StoreService/PlaceOrder", "acme.store.v1.StoreService/WatchStock",
    ];

    /// <summary>The store and the sheet service (ProtoGen's stubs) with the given reflection service.</summary>
    private static Task<GrpcTestHost> StartAsync(Reflection reflection) => GrpcTestHost.StartAsync(
        services =>
        {
            services.AddGrpc();
            services.AddSingleton(new StoreServer());
            if (reflection == Reflection.ProtoGen) services.AddProtoGenGrpcReflection();
            else services.AddGrpcReflection();
        },
        endpoints =>
        {
            endpoints.MapGrpcService<StoreServer>();
            endpoints.MapGrpcService<SheetServer>();
            if (reflection == Reflection.ProtoGen) endpoints.MapProtoGenGrpcReflectionService();
            else endpoints.MapGrpcReflectionService();
        });

    /// <summary>The oracle: grpc_csharp_plugin's store on Google.Protobuf messages (Grpc.Tools' protoc build), with
    /// grpc-dotnet's reflection.</summary>
    private static Task<GrpcTestHost> StartProtocBuildAsync() => GrpcTestHost.StartAsync(
        services =>
        {
            services.AddGrpc();
            services.AddGrpcReflection();
        },
        endpoints =>
        {
            endpoints.MapGrpcService<GrpcInteropTests.GoogleStoreServer>();
            endpoints.MapGrpcReflectionService();
        });

    private sealed class SheetServer : SheetService.SheetServiceBase
    {
        public override Task<Sheet> Describe(Sheet request, ServerCallContext context) => Task.FromResult(request);
    }

    // ---- buf curl, a reflection client with no .proto files ----

    [Theory]
    [InlineData(Reflection.ProtoGen, "grpc-v1")]
    [InlineData(Reflection.ProtoGen, "grpc-v1alpha")]
    [InlineData(Reflection.GrpcDotnet, null)]
    public async Task Buf_curl_lists_the_services_and_methods_and_calls_a_method_through_reflection_only(Reflection reflection, string? reflectProtocol)
    {
        await using var host = await StartAsync(reflection);
        string baseUrl = host.Address.ToString().TrimEnd('/');

        var services = Lines(await BufCurlAsync(reflectProtocol, "--list-services", baseUrl));
        Assert.Contains("acme.store.v1.StoreService", services);
        Assert.Contains("protogen.tests.reflection.SheetService", services);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection", services);
        if (reflection == Reflection.ProtoGen)
        {
            Assert.Equal(["acme.store.v1.StoreService", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "protogen.tests.reflection.SheetService"], services.Order(StringComparer.Ordinal));
        }

        var methods = Lines(await BufCurlAsync(reflectProtocol, "--list-methods", baseUrl));
        Assert.All(StoreMethods, method => Assert.Contains(method, methods));
        Assert.Contains("protogen.tests.reflection.SheetService/Describe", methods);
        Assert.Contains("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", methods);

        // A unary call whose request and response types (and their imports: common.proto and three well-known types)
        // buf knows only from reflection: it must turn the JSON into protobuf and back.
        using var item = JsonDocument.Parse(await BufCurlAsync(reflectProtocol, "-H", "user: ada", "-d", """{"id": "42"}""", baseUrl + "/acme.store.v1.StoreService/GetItem"));
        Assert.Equal("42", item.RootElement.GetProperty("id").GetString());
        Assert.Equal("for ada", item.RootElement.GetProperty("title").GetString());
        Assert.Equal("CATEGORY_BOOK", item.RootElement.GetProperty("category").GetString());

        // A proto2 message with extensions (the extension fields are known to buf only through the descriptor).
        using var sheet = JsonDocument.Parse(await BufCurlAsync(reflectProtocol, "-d", """{"title": "t", "[protogen.tests.reflection.page_count]": 7}""", baseUrl + "/protogen.tests.reflection.SheetService/Describe"));
        Assert.Equal("t", sheet.RootElement.GetProperty("title").GetString());
        Assert.Equal(7, sheet.RootElement.GetProperty("[protogen.tests.reflection.page_count]").GetInt32());
    }

    private sealed class VaultServer : VaultService.VaultServiceBase
    {
        public override Task<Secret> Reveal(Secret request, ServerCallContext context) =>
            Task.FromResult(new Secret { Name = request.Name, Value = "revealed " + request.Value });
    }

    /// <summary>A file that imports descriptor.proto for custom options: the app does not generate descriptor.proto, so
    /// its descriptor comes from ProtoGen.Runtime, and reflection sends it after the file, as protoc's bytes.</summary>
    [Theory]
    [InlineData("grpc-v1")]
    [InlineData("grpc-v1alpha")]
    public async Task A_file_importing_descriptor_proto_is_listed_called_and_sent_with_it_through_ProtoGen_reflection(string reflectProtocol)
    {
        await using var host = await GrpcTestHost.StartAsync(
            services =>
            {
                services.AddGrpc();
                services.AddProtoGenGrpcReflection();
            },
            endpoints =>
            {
                endpoints.MapGrpcService<VaultServer>();
                endpoints.MapProtoGenGrpcReflectionService();
            });
        string baseUrl = host.Address.ToString().TrimEnd('/');

        Assert.Equal(["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "protogen.tests.reflection.options.VaultService"],
            Lines(await BufCurlAsync(reflectProtocol, "--list-services", baseUrl)).Order(StringComparer.Ordinal));
        Assert.Contains("protogen.tests.reflection.options.VaultService/Reveal", Lines(await BufCurlAsync(reflectProtocol, "--list-methods", baseUrl)));
        using var secret = JsonDocument.Parse(await BufCurlAsync(reflectProtocol, "-d", """{"name": "n", "value": "v"}""", baseUrl + "/protogen.tests.reflection.options.VaultService/Reveal"));
        Assert.Equal("n", secret.RootElement.GetProperty("name").GetString());
        Assert.Equal("revealed v", secret.RootElement.GetProperty("value").GetString());

        var protocDescriptorProto = Convert.ToBase64String(ProtocTool.CompileToFileDescriptor("google/protobuf/descriptor.proto", new Dictionary<string, string>()));
        foreach (var question in new[]
        {
            new ServerReflectionRequest { FileContainingSymbol = "protogen.tests.reflection.options.VaultService" },
            new ServerReflectionRequest { FileByFilename = "protogen/tests/reflection_options.proto" },
        })
        {
            var files = FileBytes(await AskAsync(host, question, alpha: reflectProtocol == "grpc-v1alpha"), question);
            Assert.Equal(["protogen/tests/reflection_options.proto", "google/protobuf/descriptor.proto"], files.Select(NameOf));
            Assert.Equal(protocDescriptorProto, files[1]);
        }
        var descriptorProto = new ServerReflectionRequest { FileByFilename = "google/protobuf/descriptor.proto" };
        Assert.Equal([protocDescriptorProto], FileBytes(await AskAsync(host, descriptorProto, alpha: false), descriptorProto));
    }

    [Fact]
    public async Task Buf_curl_reports_an_unknown_method_through_ProtoGen_reflection()
    {
        await using var host = await StartAsync(Reflection.ProtoGen);
        var run = await RunBufCurlAsync(null, "-d", "{}", host.Address.ToString().TrimEnd('/') + "/acme.store.v1.StoreService/NoSuchMethod");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("NoSuchMethod", run.Error);
    }

    // ---- the answers, compared with grpc-dotnet's over protoc's build ----

    [Fact]
    public async Task File_answers_are_protocs_bytes_in_the_order_grpc_dotnet_gives_for_the_Grpc_Tools_build()
    {
        await using var protogen = await StartAsync(Reflection.ProtoGen);
        await using var grpcDotnet = await StartAsync(Reflection.GrpcDotnet);
        await using var protoc = await StartProtocBuildAsync();

        string[] storeFiles =
        [
            "acme/store/v1/store.proto", "acme/store/v1/common.proto", "google/protobuf/field_mask.proto",
            "google/protobuf/timestamp.proto", "google/protobuf/wrappers.proto",
        ];
        var questions = new[]
        {
            new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.StoreService" },
            new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.StoreService.GetItem" },
            new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.Item" },
            new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.Order.Status" },
            new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.Category" },
            new ServerReflectionRequest { FileByFilename = "acme/store/v1/store.proto" },
        };
        foreach (var question in questions)
        {
            var ours = FileBytes(await AskAsync(protogen, question, alpha: false), question);
            Assert.Equal(storeFiles, ours.Select(NameOf));
            // The descriptors are protoc's --descriptor_set_out bytes (the generator tests check that), the same from
            // both versions of the service; grpc-dotnet's reflection over ProtoGen's Google descriptors sends the same
            // bytes for the files ProtoGen generated, and Google.Protobuf's own for the well-known types they import.
            Assert.Equal(ours, FileBytes(await AskAsync(protogen, question, alpha: true), question));
            var viaGoogleDescriptors = FileBytes(await AskAsync(grpcDotnet, question, alpha: true), question);
            Assert.Equal(ours.Take(2), viaGoogleDescriptors.Take(2));
            Assert.Equal(viaGoogleDescriptors.Select(WithoutJsonNames), ours.Select(WithoutJsonNames));
            // protoc's C# generator embeds each file without the fields' json_name (FileDescriptor::CopyTo leaves it out;
            // --descriptor_set_out adds it): apart from that, the same files in the same order.
            var protocs = FileBytes(await AskAsync(protoc, question, alpha: true), question);
            Assert.Equal(protocs.Select(Parsed), ours.Select(WithoutJsonNames));
        }

        var common = new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.Money" };
        var commonBytes = FileBytes(await AskAsync(protoc, common, alpha: true), common);
        Assert.Equal(["acme/store/v1/common.proto"], commonBytes.Select(NameOf));
        Assert.Equal(commonBytes.Select(Parsed), FileBytes(await AskAsync(protogen, common, alpha: false), common).Select(WithoutJsonNames));
    }

    private static Google.Protobuf.Reflection.FileDescriptorProto Parsed(string base64) =>
        Google.Protobuf.Reflection.FileDescriptorProto.Parser.ParseFrom(Convert.FromBase64String(base64));

    private static Google.Protobuf.Reflection.FileDescriptorProto WithoutJsonNames(string base64)
    {
        var file = Parsed(base64);
        foreach (var extension in file.Extension) extension.ClearJsonName();
        foreach (var message in file.MessageType) ClearJsonNames(message);
        return file;

        static void ClearJsonNames(Google.Protobuf.Reflection.DescriptorProto message)
        {
            foreach (var field in message.Field) field.ClearJsonName();
            foreach (var extension in message.Extension) extension.ClearJsonName();
            foreach (var nested in message.NestedType) ClearJsonNames(nested);
        }
    }

    [Fact]
    public async Task Service_lists_equal_grpc_dotnets_for_the_same_services()
    {
        await using var protogen = await StartAsync(Reflection.ProtoGen);
        await using var grpcDotnet = await StartAsync(Reflection.GrpcDotnet);
        var list = new ServerReflectionRequest { ListServices = "" };

        var ours = ServiceNames(await AskAsync(protogen, list, alpha: false));
        var theirs = ServiceNames(await AskAsync(grpcDotnet, list, alpha: true));

        Assert.Equal(["acme.store.v1.StoreService", "protogen.tests.reflection.SheetService", "grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection"], ours);
        Assert.Equal(theirs.Order(StringComparer.Ordinal), ours.Order(StringComparer.Ordinal));
        Assert.Equal(ours, ServiceNames(await AskAsync(protogen, list, alpha: true)));
    }

    [Fact]
    public async Task Unknown_names_get_NOT_FOUND_as_from_grpc_dotnet()
    {
        await using var protogen = await StartAsync(Reflection.ProtoGen);
        await using var grpcDotnet = await StartAsync(Reflection.GrpcDotnet);
        var questions = new[]
        {
            new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.NoSuchThing" },
            new ServerReflectionRequest { FileContainingSymbol = ".acme.store.v1.Item" },
            new ServerReflectionRequest { FileContainingSymbol = "" },
            new ServerReflectionRequest { FileByFilename = "acme/store/v1/none.proto" },
            new ServerReflectionRequest { FileByFilename = "" },
        };
        foreach (var question in questions)
        {
            var ours = await AskAsync(protogen, question, alpha: false);
            var theirs = await AskAsync(grpcDotnet, question, alpha: true);
            Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ErrorResponse, ours.MessageResponseCase);
            Assert.Equal((int)StatusCode.NotFound, ours.ErrorResponse.ErrorCode);
            Assert.Equal(theirs.ErrorResponse, ours.ErrorResponse);
        }
    }

    // ---- ProtoGen's reflection beyond grpc-dotnet's ----

    [Fact]
    public async Task Fields_enum_values_and_extensions_are_symbols_as_in_protocs_reflection()
    {
        await using var host = await StartAsync(Reflection.ProtoGen);
        foreach (var (symbol, file) in new[]
        {
            ("acme.store.v1.Item.title", "acme/store/v1/store.proto"),
            ("acme.store.v1.CATEGORY_BOOK", "acme/store/v1/store.proto"),
            ("acme.store.v1.Money.currency_code", "acme/store/v1/common.proto"),
            ("google.protobuf.Timestamp", "google/protobuf/timestamp.proto"),
            ("protogen.tests.reflection.page_count", "protogen/tests/reflection_extensions.proto"),
            ("protogen.tests.reflection.Margins.margins", "protogen/tests/reflection_extensions.proto"),
        })
        {
            var question = new ServerReflectionRequest { FileContainingSymbol = symbol };
            Assert.Equal(file, NameOf(FileBytes(await AskAsync(host, question, alpha: false), question)[0]));
        }
    }

    [Fact]
    public async Task Extension_questions_are_answered_from_the_mapped_services_files()
    {
        await using var host = await StartAsync(Reflection.ProtoGen);

        foreach (int number in new[] { 100, 120, 150 })
        {
            var question = new ServerReflectionRequest { FileContainingExtension = new ExtensionRequest { ContainingType = "protogen.tests.reflection.Sheet", ExtensionNumber = number } };
            Assert.Equal(["protogen/tests/reflection_extensions.proto"], FileBytes(await AskAsync(host, question, alpha: false), question).Select(NameOf));
        }
        // The embedded bytes, unchanged.
        var bytes = FileBytes(await AskAsync(host, new ServerReflectionRequest { FileContainingSymbol = "protogen.tests.reflection.Sheet" }, alpha: false), null)[0];
        Assert.Equal(Convert.ToBase64String(ReflectionExtensionsReflection.Descriptor.ToByteArray()), bytes);

        var numbers = await AskAsync(host, new ServerReflectionRequest { AllExtensionNumbersOfType = "protogen.tests.reflection.Sheet" }, alpha: false);
        Assert.Equal("protogen.tests.reflection.Sheet", numbers.AllExtensionNumbersResponse.BaseTypeName);
        Assert.Equal([100, 120, 150], numbers.AllExtensionNumbersResponse.ExtensionNumber);

        var none = await AskAsync(host, new ServerReflectionRequest { AllExtensionNumbersOfType = "acme.store.v1.Item" }, alpha: true);
        Assert.Equal("acme.store.v1.Item", none.AllExtensionNumbersResponse.BaseTypeName);
        Assert.Empty(none.AllExtensionNumbersResponse.ExtensionNumber);

        foreach (var question in new[]
        {
            new ServerReflectionRequest { FileContainingExtension = new ExtensionRequest { ContainingType = "protogen.tests.reflection.Sheet", ExtensionNumber = 101 } },
            new ServerReflectionRequest { FileContainingExtension = new ExtensionRequest { ContainingType = "protogen.tests.reflection.Nope", ExtensionNumber = 100 } },
            new ServerReflectionRequest { FileContainingExtension = new ExtensionRequest() },
            new ServerReflectionRequest { AllExtensionNumbersOfType = "protogen.tests.reflection.Nope" },
            new ServerReflectionRequest { AllExtensionNumbersOfType = "acme.store.v1.Category" },
        })
        {
            var answer = await AskAsync(host, question, alpha: false);
            Assert.Equal((int)StatusCode.NotFound, answer.ErrorResponse?.ErrorCode);
        }
    }

    [Fact]
    public async Task One_stream_answers_each_request_in_order_and_echoes_it()
    {
        await using var host = await StartAsync(Reflection.ProtoGen);
        var client = new ServerReflection.ServerReflectionClient(host.CreateChannel());
        using var call = client.ServerReflectionInfo(deadline: DateTime.UtcNow.Add(Patience));
        var requests = new[]
        {
            new ServerReflectionRequest { Host = "localhost", ListServices = "*" },
            new ServerReflectionRequest { FileContainingSymbol = "acme.store.v1.Nope" },
            new ServerReflectionRequest { Host = "h", FileByFilename = "acme/store/v1/common.proto" },
            new ServerReflectionRequest(),
        };
        foreach (var request in requests) await call.RequestStream.WriteAsync(request).WaitAsync(Patience);
        await call.RequestStream.CompleteAsync().WaitAsync(Patience);

        var answers = new List<ServerReflectionResponse>();
        for (int i = 0; i < requests.Length + 1 && await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience); i++)
        {
            answers.Add(call.ResponseStream.Current);
        }
        Assert.Equal(requests.Length, answers.Count);
        Assert.Equal(requests, answers.Select(a => a.OriginalRequest));
        Assert.Equal(requests.Select(r => r.Host), answers.Select(a => a.ValidHost));
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ListServicesResponse, answers[0].MessageResponseCase);
        Assert.Equal((int)StatusCode.NotFound, answers[1].ErrorResponse.ErrorCode);
        Assert.Equal("acme/store/v1/common.proto", NameOf(answers[2].FileDescriptorResponse.FileDescriptorProto[0].ToBase64()));
        Assert.Equal((int)StatusCode.Unimplemented, answers[3].ErrorResponse.ErrorCode);
        Assert.Equal(StatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task Services_mapped_after_reflection_are_listed_and_those_without_a_ProtoGen_descriptor_left_out()
    {
        await using var host = await GrpcTestHost.StartAsync(
            services =>
            {
                services.AddGrpc();
                services.AddGrpcHealthChecks();
                services.AddProtoGenGrpcReflection();
                services.AddSingleton(new StoreServer());
            },
            endpoints =>
            {
                endpoints.MapProtoGenGrpcReflectionService();
                endpoints.MapGrpcHealthChecksService();
                endpoints.MapGrpcService<GrpcInteropTests.GoogleStoreServer>();
                endpoints.MapGrpcService<StoreServer>();
            });
        var answer = await AskAsync(host, new ServerReflectionRequest { ListServices = "" }, alpha: false);
        Assert.Equal(["grpc.reflection.v1.ServerReflection", "grpc.reflection.v1alpha.ServerReflection", "acme.store.v1.StoreService"], ServiceNames(answer));

        var health = await AskAsync(host, new ServerReflectionRequest { FileContainingSymbol = "grpc.health.v1.Health" }, alpha: false);
        Assert.Equal((int)StatusCode.NotFound, health.ErrorResponse.ErrorCode);
    }

    [Fact]
    public async Task Mapping_without_adding_the_services_says_what_to_call()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => GrpcTestHost.StartAsync(
            services => services.AddGrpc(),
            endpoints => endpoints.MapProtoGenGrpcReflectionService()));
        Assert.Contains("AddProtoGenGrpcReflection()", error.Message);
    }

    // ---- helpers ----

    /// <summary>One request on a new reflection stream (v1, or v1alpha carried over to v1's identical messages by their
    /// bytes), its one answer, and the stream's clean end.</summary>
    private static async Task<ServerReflectionResponse> AskAsync(GrpcTestHost host, ServerReflectionRequest request, bool alpha)
    {
        var channel = host.CreateChannel();
        if (alpha)
        {
            var client = new V1Alpha.ServerReflection.ServerReflectionClient(channel);
            using var call = client.ServerReflectionInfo(deadline: DateTime.UtcNow.Add(Patience));
            await call.RequestStream.WriteAsync(V1Alpha.ServerReflectionRequest.Parser.ParseFrom(request.ToByteArray())).WaitAsync(Patience);
            await call.RequestStream.CompleteAsync().WaitAsync(Patience);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            var answer = call.ResponseStream.Current;
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            return ServerReflectionResponse.Parser.ParseFrom(answer.ToByteArray());
        }
        else
        {
            var client = new ServerReflection.ServerReflectionClient(channel);
            using var call = client.ServerReflectionInfo(deadline: DateTime.UtcNow.Add(Patience));
            await call.RequestStream.WriteAsync(request).WaitAsync(Patience);
            await call.RequestStream.CompleteAsync().WaitAsync(Patience);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            var answer = call.ResponseStream.Current;
            Assert.False(await call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(Patience));
            return answer;
        }
    }

    /// <summary>The answer's FileDescriptorProtos, base64 (so that xunit shows a difference readably).</summary>
    private static List<string> FileBytes(ServerReflectionResponse answer, ServerReflectionRequest? question)
    {
        Assert.True(answer.MessageResponseCase == ServerReflectionResponse.MessageResponseOneofCase.FileDescriptorResponse,
            $"{question}: {answer}");
        return answer.FileDescriptorResponse.FileDescriptorProto.Select(b => b.ToBase64()).ToList();
    }

    private static string NameOf(string fileDescriptorProtoBase64) =>
        FileDescriptor.FromGeneratedCode(Convert.FromBase64String(fileDescriptorProtoBase64), () => []).Name;

    private static List<string> ServiceNames(ServerReflectionResponse answer)
    {
        Assert.Equal(ServerReflectionResponse.MessageResponseOneofCase.ListServicesResponse, answer.MessageResponseCase);
        return answer.ListServicesResponse.Service.Select(s => s.Name).ToList();
    }

    private static List<string> Lines(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static async Task<string> BufCurlAsync(string? reflectProtocol, params string[] arguments)
    {
        var run = await RunBufCurlAsync(reflectProtocol, arguments);
        Assert.True(run.ExitCode == 0, $"buf curl {string.Join(' ', arguments)} exited with {run.ExitCode}:\n{run.Error}");
        return run.Output;
    }

    /// <summary>buf curl over gRPC with HTTP/2 prior knowledge (h2c), the schema from server reflection only; killed
    /// if it runs longer than <see cref="BufPatience"/>.</summary>
    private static async Task<ProtocTool.Result> RunBufCurlAsync(string? reflectProtocol, params string[] arguments)
    {
        var start = new ProcessStartInfo(BufTool.Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--connect-timeout", "10" }) start.ArgumentList.Add(argument);
        if (reflectProtocol is not null)
        {
            start.ArgumentList.Add("--reflect-protocol");
            start.ArgumentList.Add(reflectProtocol);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using (var limit = new CancellationTokenSource(BufPatience))
        {
            try
            {
                await process.WaitForExitAsync(limit.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"buf curl {string.Join(' ', arguments)} ran longer than {BufPatience.TotalSeconds} s");
            }
        }
        return new ProtocTool.Result(process.ExitCode, await output, await error);
    }
}
