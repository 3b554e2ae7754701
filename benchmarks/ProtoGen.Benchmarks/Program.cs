using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// BenchmarkDotNet's default toolchain: each benchmark runs in a process of its own, built from a generated project in
// bin/.../<guid>/ that references this one (with IntermediateOutputPath and OutDir moved there for every project).
// That build redoes the whole project graph (Grpc.Tools' protoc, the source generator) without the compiler server:
// 15-50 s on the shared 2-core machine, so the 120 s default timeout is raised to keep a loaded machine from failing it.
// `--inProcess` runs the benchmarks in this process instead: no second build (a dry run of the suite in about 3 s
// instead of 30 s), less isolation. CI (.ci/run) uses the default, so that the build users get is the one tested.
// `-- --kinds`: the field-kind screen instead of BenchmarkDotNet (see Kinds/KindScreen.cs); `-- --json`, the JSON screen.
// `-- --grpc`: the end-to-end gRPC benchmark (see Grpc/GrpcBenchmark.cs); `--grpc-server` is its child process.
if (args.Contains("--kinds"))
{
    return ProtoGen.Benchmarks.Kinds.KindScreen.Run(args);
}
if (args.Contains("--grpc-server"))
{
    return await ProtoGen.Benchmarks.Grpc.GrpcBenchmark.ServeAsync(args[Array.IndexOf(args, "--grpc-server") + 1]);
}
if (args.Contains("--grpc"))
{
    return await ProtoGen.Benchmarks.Grpc.GrpcBenchmark.RunAsync(args);
}
// `-- --edits <folder>`: the generator driver's time per edit over a large .proto set (see Compiler/EditTimes.cs).
if (args.Contains("--edits"))
{
    return ProtoGen.Benchmarks.Compiler.EditTimes.Run(args);
}
// `-- --phases <folder>`: the compiler's parse, bind and emit times over a folder of .proto files (Compiler/Phases.cs).
if (args.Contains("--phases"))
{
    return ProtoGen.Benchmarks.Compiler.Phases.Run(args);
}

// `-- --compile-cost <folder>`: what the C# compiler spends on a folder of generated C# (Compiler/CompileCost.cs).
if (args.Contains("--compile-cost"))
{
    return ProtoGen.Benchmarks.Compiler.CompileCost.Run(args);
}

// `-- --variant-ab`: two generators' output of the workloads, A/B in one process (Serializers/VariantScreen.cs; needs
// -p:VariantB=...).
if (args.Contains("--variant-ab"))
{
    return ProtoGen.Benchmarks.Serializers.VariantScreen.Run(args);
}

// `-- --json`: the JSON benchmarks timed as the field-kind screen times (Serializers/JsonScreen.cs).
if (args.Contains("--json"))
{
    return ProtoGen.Benchmarks.Serializers.JsonScreen.Run(args);
}

IConfig config = ManualConfig.Create(DefaultConfig.Instance).WithBuildTimeout(TimeSpan.FromMinutes(10));

// Exit code 1 when a benchmark failed (or the filter matched none), so that CI's dry run catches rot.
Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(ProtoGen.Benchmarks.Serializers.Segments).Assembly).Run(args, config).ToArray();
bool failed = summaries.Length == 0
    || summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(report => !report.Success));
return failed ? 1 : 0;
