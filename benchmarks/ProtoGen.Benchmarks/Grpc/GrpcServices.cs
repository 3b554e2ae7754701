extern alias gp;
using Grpc.Core;
using Gp = gp::Protogen.Bench.V1;
using GpGrpc = gp::Protogen.Bench.Grpc.V1;
using Pg = Protogen.Bench.V1;
using PgGrpc = Protogen.Bench.Grpc.V1;

namespace ProtoGen.Benchmarks.Grpc;

// The two implementations of protos/protogen/bench/grpc/v1/bench_service.proto: the same code on ProtoGen's generated
// base class and on grpc_csharp_plugin's. A unary method returns its request, so each call parses and writes the
// payload once on the server; StreamLogs writes `count` records, cycling through the LogBatch workload's 20.

/// <summary>The service on ProtoGen's stubs and messages.</summary>
public sealed class ProtoGenBenchService : PgGrpc.BenchService.BenchServiceBase
{
    private static readonly Pg.LogRecord[] Records = [.. Pg.LogBatch.Parser.ParseFrom(GrpcPayloads.LogBatchBytes).Records];

    public override Task<Pg.Scalars> EchoScalars(Pg.Scalars request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Pg.Customer> EchoCustomer(Pg.Customer request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Pg.Document> EchoDocument(Pg.Document request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Pg.LogBatch> EchoLogBatch(Pg.LogBatch request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Pg.Order> EchoOrder(Pg.Order request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Pg.Samples> EchoSamples(Pg.Samples request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Pg.TreeNode> EchoTree(Pg.TreeNode request, ServerCallContext context) => Task.FromResult(request);
    public override Task<PgGrpc.Blob> EchoBlob(PgGrpc.Blob request, ServerCallContext context) => Task.FromResult(request);

    public override async Task StreamLogs(PgGrpc.StreamRequest request, IServerStreamWriter<Pg.LogRecord> responseStream, ServerCallContext context)
    {
        int count = Math.Min(request.Count, GrpcPayloads.MaxStreamCount);
        for (int i = 0; i < count; i++)
        {
            await responseStream.WriteAsync(Records[i % Records.Length]);
        }
    }
}

/// <summary>The service on grpc_csharp_plugin's stubs and protoc's messages (Google.Protobuf).</summary>
public sealed class GoogleBenchService : GpGrpc.BenchService.BenchServiceBase
{
    private static readonly Gp.LogRecord[] Records = [.. Gp.LogBatch.Parser.ParseFrom(GrpcPayloads.LogBatchBytes).Records];

    public override Task<Gp.Scalars> EchoScalars(Gp.Scalars request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Gp.Customer> EchoCustomer(Gp.Customer request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Gp.Document> EchoDocument(Gp.Document request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Gp.LogBatch> EchoLogBatch(Gp.LogBatch request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Gp.Order> EchoOrder(Gp.Order request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Gp.Samples> EchoSamples(Gp.Samples request, ServerCallContext context) => Task.FromResult(request);
    public override Task<Gp.TreeNode> EchoTree(Gp.TreeNode request, ServerCallContext context) => Task.FromResult(request);
    public override Task<GpGrpc.Blob> EchoBlob(GpGrpc.Blob request, ServerCallContext context) => Task.FromResult(request);

    public override async Task StreamLogs(GpGrpc.StreamRequest request, IServerStreamWriter<Gp.LogRecord> responseStream, ServerCallContext context)
    {
        int count = Math.Min(request.Count, GrpcPayloads.MaxStreamCount);
        for (int i = 0; i < count; i++)
        {
            await responseStream.WriteAsync(Records[i % Records.Length]);
        }
    }
}
