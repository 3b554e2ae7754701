using System.Diagnostics;
using System.Globalization;
using ProtoGen.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ProtoGen.Tests.Fuzzing;

/// <summary>
/// Every .proto the compiler accepts generates C# that compiles: mutants of the repository's .proto files and of a
/// generated stress corpus go through parse, bind and emit, and the C# of accepted ones is compiled with Roslyn.
/// Short in CI; longer with PROTOGEN_FUZZ_MUTANTS (and PROTOGEN_FUZZ_SEED, PROTOGEN_FUZZ_COMPILES): see
/// docs/testing-fuzzing.md.
/// </summary>
public sealed class CompilerFuzzTests(ITestOutputHelper output)
{
    /// <summary>The CI run: mutants in total, and how many distinct accepted outputs are compiled (Roslyn dominates).</summary>
    private const int DefaultMutants = 1000, DefaultCompiles = 8, DefaultSeed = 24;

    [Fact]
    public void Accepted_mutants_generate_csharp_that_compiles()
    {
        int seed = Setting("PROTOGEN_FUZZ_SEED", DefaultSeed);
        int mutants = Setting("PROTOGEN_FUZZ_MUTANTS", DefaultMutants);
        bool longRun = Environment.GetEnvironmentVariable("PROTOGEN_FUZZ_MUTANTS") is not null;
        int compiles = Setting("PROTOGEN_FUZZ_COMPILES", longRun ? int.MaxValue : DefaultCompiles);
        int first = Setting("PROTOGEN_FUZZ_FIRST", 0);
        output.WriteLine($"fuzz seed {seed} (PROTOGEN_FUZZ_SEED), mutants {first}..{first + mutants - 1}, compile budget {compiles}");

        var fuzzer = new CompilerFuzzer(Corpora(seed), seed);
        var clock = Stopwatch.StartNew();
        // In CI, outputs over 100,000 characters (the benchmark's kinds.proto makes 11,000 lines) are not compiled:
        // Roslyn takes seconds on them. Long runs compile every distinct output.
        fuzzer.Run(first, mutants, compiles, maxCompiledLength: longRun ? int.MaxValue : 100_000);
        output.WriteLine($"{fuzzer.Statistics} in {clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s");
        foreach (var failure in fuzzer.Failures.Take(20)) output.WriteLine(failure.ToString());

        Assert.True(fuzzer.Failures.Count == 0,
            $"seed {seed}: {fuzzer.Failures.Count} failing mutants; the first:\n{fuzzer.Failures.FirstOrDefault()}");
        // The run reaches every stage: some mutants are rejected, some accepted and compiled.
        Assert.True(fuzzer.Statistics.Rejected > 0 && fuzzer.Statistics.Compiled > 0, fuzzer.Statistics.ToString());
    }

    /// <summary>The repository's own .proto files (one corpus per proto root, as the projects compile them) and a
    /// generated stress corpus derived from the seed.</summary>
    internal static IReadOnlyList<CompilerFuzzer.Corpus> Corpora(int seed)
    {
        var roots = new[] { "sample-protos", "benchmarks/protos", "generator-tests/protos" };
        var corpora = roots.Select(root =>
        {
            string directory = Path.Combine(RepositoryRoot.Path, root);
            var files = Directory.GetFiles(directory, "*.proto", SearchOption.AllDirectories)
                .ToDictionary(p => Path.GetRelativePath(directory, p).Replace('\\', '/'), File.ReadAllText, StringComparer.Ordinal);
            return new CompilerFuzzer.Corpus(root, files);
        }).ToList();
        corpora.Add(new CompilerFuzzer.Corpus("stress", StressCorpus.Create(seed, 8)));
        return corpora;
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : fallback;
}
