using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

// Benchmarks run in this process by default: BenchmarkDotNet's out-of-process build rebuilds the oracle project in
// its own output folder, where Grpc.Tools' gRPC stub files go missing (CS2001).
if (!args.Contains("--inProcess"))
{
    args = [.. args, "--inProcess"];
}

// Exit code 1 when a benchmark failed (or the filter matched none), so that CI's dry run catches rot.
Summary[] summaries = BenchmarkSwitcher.FromAssembly(typeof(ProtoGen.Benchmarks.Serializers.Segments).Assembly).Run(args).ToArray();
bool failed = summaries.Length == 0
    || summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Length == 0 || summary.Reports.Any(report => !report.Success));
return failed ? 1 : 0;
