using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(ProtoGen.Benchmarks.Serializers.Segments).Assembly).Run(args);
