// One program that hosts a gRPC service built on ProtoGen and calls it: health check, server reflection, a unary call, a
// validation error with BadRequest details, a server stream. Exits 1 if any answer is not the expected one.
using System.Net;
using Acme.Inventory.V1;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using ProtoGen.GrpcReflection.V1;
using ProtoGen.GrpcSample;
using ProtoGen.Rpc;

// --- Server: Kestrel, HTTP/2 without TLS on loopback, a port the OS picks. ---
var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter(typeof(LoggingInterceptor).FullName, LogLevel.Information);
builder.Services.AddGrpc(options => options.Interceptors.Add<LoggingInterceptor>());
builder.Services.AddSingleton<InventoryService>();
builder.Services.AddGrpcHealthChecks().AddCheck("inventory", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy());
// Server reflection (grpc.reflection.v1 and v1alpha) for grpcurl, buf curl, Postman: ProtoGen.Grpc.Reflection.
builder.Services.AddProtoGenGrpcReflection();

var app = builder.Build();
app.MapGrpcService<InventoryService>();
app.MapGrpcHealthChecksService();
app.MapProtoGenGrpcReflectionService();
await app.StartAsync();
string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();

// --- Client: one channel; every call gets a 5-second deadline from the interceptor. ---
using var channel = GrpcChannel.ForAddress(address);
var invoker = channel.Intercept(new DefaultDeadlineInterceptor(TimeSpan.FromSeconds(5)));
var inventory = new Inventory.InventoryClient(invoker);
var health = new Health.HealthClient(invoker);
int failures = 0;
void Expect(bool condition, string what)
{
    Console.WriteLine((condition ? "ok   " : "FAIL ") + what);
    if (!condition) failures++;
}

var serving = await health.CheckAsync(new HealthCheckRequest());
Expect(serving.Status == HealthCheckResponse.Types.ServingStatus.Serving, $"health: {serving.Status}");

// What `buf curl --list-services` and `grpcurl list` ask: the ProtoGen services (the health service comes from
// Grpc.HealthCheck's Google.Protobuf code, so ProtoGen's reflection leaves it out), then the file declaring one of them.
using (var reflection = new ServerReflection.ServerReflectionClient(invoker).ServerReflectionInfo())
{
    await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
    await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { FileContainingSymbol = "acme.inventory.v1.Inventory" });
    await reflection.RequestStream.CompleteAsync();
    var answers = new List<ServerReflectionResponse>();
    await foreach (var answer in reflection.ResponseStream.ReadAllAsync()) answers.Add(answer);
    var services = answers.FirstOrDefault()?.ListServicesResponse?.Service.Select(s => s.Name).ToList() ?? [];
    Expect(services.Contains("acme.inventory.v1.Inventory"), "reflection lists: " + string.Join(", ", services));
    var file = answers.Skip(1).FirstOrDefault()?.FileDescriptorResponse?.FileDescriptorProto.FirstOrDefault();
    Expect(file is not null && file.Span.SequenceEqual(InventoryReflection.Descriptor.SerializedData.Span),
        $"reflection describes acme.inventory.v1.Inventory with inventory.proto's descriptor ({file?.Length} bytes)");
}

var apples = await inventory.GetStockAsync(new GetStockRequest { Sku = "apple" });
Expect(apples.OnHand == 10, $"GetStock: {apples}");

var reservation = await inventory.ReserveAsync(new ReserveRequest { Sku = "apple", Quantity = 4 });
Expect(reservation.Remaining?.OnHand == 6, $"Reserve: {reservation.Remaining?.OnHand} apples left");

try
{
    await inventory.ReserveAsync(new ReserveRequest { Sku = "plum", Quantity = 0 });
    Expect(false, "Reserve of an unknown SKU should fail");
}
catch (RpcException e) when (e.StatusCode == StatusCode.InvalidArgument)
{
    // The richer error model: the details travel in the grpc-status-details-bin trailer.
    var badRequest = e.GetRpcStatus()?.GetDetail<BadRequest>();
    foreach (var violation in badRequest?.FieldViolations ?? [])
    {
        Console.WriteLine($"     {violation.Field}: {violation.Description}");
    }
    Expect(badRequest?.FieldViolations.Select(v => v.Field).SequenceEqual(["sku", "quantity"]) == true, $"Reserve rejected: {e.Status.Detail}");
}

using (var watch = inventory.WatchStock(new WatchStockRequest { Skus = { "apple", "pear" } }))
{
    var levels = new List<string>();
    await foreach (var stock in watch.ResponseStream.ReadAllAsync()) levels.Add($"{stock.Sku}={stock.OnHand}");
    Expect(levels.SequenceEqual(["apple=6", "pear=3"]), "WatchStock: " + string.Join(", ", levels));
}

try
{
    // An explicit deadline wins over the interceptor's default; this one has already passed.
    await inventory.GetStockAsync(new GetStockRequest { Sku = "pear" }, deadline: DateTime.UtcNow.AddMilliseconds(-1));
    Expect(false, "a call past its deadline should fail");
}
catch (RpcException e)
{
    Expect(e.StatusCode == StatusCode.DeadlineExceeded, $"past deadline: {e.StatusCode}");
}

await app.StopAsync();
return failures == 0 ? 0 : 1;
