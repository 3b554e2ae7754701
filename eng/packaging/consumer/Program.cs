// A gRPC server on 127.0.0.1 (ephemeral port) and a client calling it, with types ProtoGen generated from the .proto
// files in this project and from the googleapis files in third_party/. Exits 0 only when every check holds.
using System.Net;
using Consumer.Greeter.V1;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ProtoGen;
using ProtoGen.WellKnownTypes;

using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
builder.Services.AddGrpc();
await using var app = builder.Build();
app.MapGrpcService<GreeterService>();
await app.StartAsync(timeout.Token);

var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
using var channel = GrpcChannel.ForAddress(address);
var client = new Greeter.GreeterClient(channel);
var deadline = DateTime.UtcNow.AddSeconds(30);

var reply = await client.SayHelloAsync(
    new HelloRequest { Name = new Name { Given = "Ada", Family = "Lovelace" }, SentAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow) },
    deadline: deadline, cancellationToken: timeout.Token);
Check(reply.Message == "Hello, Ada Lovelace", $"unary reply: {reply.Message}");
Check(reply.Tip is { CurrencyCode: "EUR", Units: 2 }, $"tip: {reply.Tip}");

var counted = new List<int>();
using (var call = client.CountTo(new CountRequest { Limit = 3 }, deadline: deadline, cancellationToken: timeout.Token))
{
    await foreach (var item in call.ResponseStream.ReadAllAsync(timeout.Token))
    {
        counted.Add(item.Value);
        Check(counted.Count <= 3, "the stream sent more than asked");
    }
}
Check(counted.SequenceEqual([1, 2, 3]), $"stream: {string.Join(",", counted)}");

// googleapis types, generated from third_party/ with ProtoRoot: a round trip through bytes.
var operation = new Google.LongRunning.Operation
{
    Name = "operations/1",
    Done = true,
    Error = new Google.Rpc.Status { Code = (int)Google.Rpc.Code.NotFound, Message = "gone" },
};
var parsed = Google.LongRunning.Operation.Parser.ParseFrom(operation.ToByteArray());
Check(parsed.Equals(operation) && parsed.Error!.Message == "gone", $"operation round trip: {parsed}");
var date = Google.Type.Date.Parser.ParseFrom(new Google.Type.Date { Year = 2026, Month = 12, Day = 7 }.ToByteArray());
Check(date.Year == 2026 && date.Day == 7, $"date round trip: {date}");

await app.StopAsync(timeout.Token);
Console.WriteLine("consumer: unary, server streaming and googleapis round trips passed");
return 0;

static void Check(bool condition, string what)
{
    if (!condition) throw new InvalidOperationException("check failed: " + what);
}

internal sealed class GreeterService : Greeter.GreeterBase
{
    public override Task<HelloReply> SayHello(HelloRequest request, ServerCallContext context) =>
        Task.FromResult(new HelloReply
        {
            Message = $"Hello, {request.Name!.Given} {request.Name.Family}",
            Tip = new Google.Type.Money { CurrencyCode = "EUR", Units = 2 },
        });

    public override async Task CountTo(CountRequest request, IServerStreamWriter<CountReply> responseStream, ServerCallContext context)
    {
        for (var i = 1; i <= Math.Min(request.Limit, 100); i++)
        {
            await responseStream.WriteAsync(new CountReply { Value = i }, context.CancellationToken);
        }
    }
}
