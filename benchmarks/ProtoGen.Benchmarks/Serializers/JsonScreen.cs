using ProtoGen.Benchmarks.Kinds;

namespace ProtoGen.Benchmarks.Serializers;

/// <summary>
/// The JSON screen (<c>-- --json [--seconds S] [workload...]</c>): the JSON benchmarks of the seven workloads
/// (Google.Protobuf's JsonFormatter/JsonParser and ProtoGen's format to string, to a reused buffer writer, parse from a
/// string and from UTF-8) timed in this process as the field-kind screen times its operations (thread CPU clock, the
/// 25th percentile of batches), and printed as ratios to Google.Protobuf's time, with the bytes each call allocates.
/// </summary>
/// <remarks>A screen for a loaded machine, where BenchmarkDotNet's few iterations are moved by other processes; the
/// methods timed are the BenchmarkDotNet methods themselves, after their GlobalSetup (which checks that both libraries
/// write the same text).</remarks>
internal static class JsonScreen
{
    public static int Run(string[] args)
    {
        double seconds = 1;
        var names = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds") seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] != "--json") names.Add(args[i]);
        }

        Console.WriteLine($"{"workload",-9} | {"format G",9} | {"string",15} | {"IBufferWriter",15} | {"parse G",9} | {"string",15} | {"UTF-8",15} | allocated format G/string/writer, parse G/string/UTF-8");
        foreach (var (name, screen) in Workloads())
        {
            if (names.Count == 0 || names.Contains(name)) screen(name, seconds);
        }
        return 0;
    }

    private static void Screen<TOurs, TGoogle, TNet>(string name, SerializerBenchmarks<TOurs, TGoogle, TNet> bench, double seconds)
        where TOurs : class, ProtoGen.IMessage<TOurs>
        where TGoogle : class, Google.Protobuf.IMessage<TGoogle>, new()
        where TNet : class
    {
        bench.Setup();
        Func<int>[] operations =
        [
            () => bench.Google_JsonFormat().Length,
            () => bench.ProtoGen_JsonFormat().Length,
            bench.ProtoGen_JsonFormatToBufferWriter,
            () => bench.Google_JsonParse() is null ? 0 : 1,
            () => bench.ProtoGen_JsonParse() is null ? 0 : 1,
            () => bench.ProtoGen_JsonParseUtf8() is null ? 0 : 1,
        ];
        var times = operations.Select(operation => KindScreen.Time(operation, seconds)).ToArray();
        var allocated = operations.Select(KindScreen.Allocated).ToArray();
        string Cell(int i, int baseline) => $"{Us(times[i])} {times[i] / times[baseline],4:F2}x";
        Console.WriteLine($"{name,-9} | {Us(times[0]),9} | {Cell(1, 0),15} | {Cell(2, 0),15} | {Us(times[3]),9} | {Cell(4, 3),15} | {Cell(5, 3),15} | "
            + $"{allocated[0]}/{allocated[1]}/{allocated[2]}, {allocated[3]}/{allocated[4]}/{allocated[5]} B");
    }

    private static string Us(double ns) => ns < 1000 ? $"{ns:F0}ns" : $"{ns / 1000:F2}us";

    private static IEnumerable<(string Name, Action<string, double> Screen)> Workloads()
    {
        yield return ("Customer", (name, seconds) => Screen(name, new CustomerBenchmarks(), seconds));
        yield return ("Document", (name, seconds) => Screen(name, new DocumentBenchmarks(), seconds));
        yield return ("LogBatch", (name, seconds) => Screen(name, new LogBatchBenchmarks(), seconds));
        yield return ("Order", (name, seconds) => Screen(name, new OrderBenchmarks(), seconds));
        yield return ("Samples", (name, seconds) => Screen(name, new SamplesBenchmarks(), seconds));
        yield return ("Scalars", (name, seconds) => Screen(name, new ScalarsBenchmarks(), seconds));
        yield return ("Tree", (name, seconds) => Screen(name, new TreeBenchmarks(), seconds));
    }
}
