using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ProtoGen.Benchmarks.OrderBenchmarks).Assembly).Run(args);
