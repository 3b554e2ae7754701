using System.Buffers;
using ProtoGen.Benchmarks.Kinds;

namespace ProtoGen.Benchmarks.Serializers;

/// <summary>
/// The write-bound A/B screen (<c>-- --write-bound-ab [--seconds S] [--rounds R] [workload...]</c>): each workload's
/// message as this project generates it (A) and as a second copy of workloads.proto generated into namespace
/// <c>Protogen.Bench.V1.NoBound</c> (B, compiled in with <c>-p:WriteBoundB=file.cs</c>), written by
/// <c>WriteTo(IBufferWriter)</c>, <c>WriteTo(Stream)</c> and <c>ToByteArray</c> (the control: it never uses a
/// bound), A and B alternated round after round in this process on the thread's CPU clock, as the field-kind screen
/// times. Prints each variant's best time and the median of the per-round B/A ratios. Recipe:
/// benchmarks/results/write-bound-ab.md.
/// </summary>
internal static class WriteBoundScreen
{
    public static int Run(string[] args)
    {
        double seconds = 0.3;
        int rounds = 7;
        var names = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds") seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--rounds") rounds = int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] != "--write-bound-ab") names.Add(args[i]);
        }

        Console.WriteLine($"{"workload",-9} {"bytes",6} | {"WriteTo(IBufferWriter) A / B  B/A",36} | {"WriteTo(Stream) A / B  B/A",36} | {"ToByteArray A / B  B/A (control)",36}");
        bool same = true;
        foreach (var (name, create) in Workloads())
        {
            if (names.Count == 0 || names.Contains(name)) same &= Screen(name, create(), seconds, rounds);
        }
        return same ? 0 : 1;
    }

    private static bool Screen(string name, Google.Protobuf.IMessage google, double seconds, int rounds)
    {
        byte[] bytes = Google.Protobuf.MessageExtensions.ToByteArray(google);
        IMessage a = Parse(typeof(WriteBoundScreen).Assembly.GetType("Protogen.Bench.V1." + google.Descriptor.Name)!, bytes);
        System.Type? bType = typeof(WriteBoundScreen).Assembly.GetType("Protogen.Bench.V1.NoBound." + google.Descriptor.Name);
        if (bType is null)
        {
            Console.WriteLine("No variant B compiled in: build with -p:WriteBoundB=<generated file> (benchmarks/results/write-bound-ab.md).");
            return false;
        }
        IMessage b = Parse(bType, bytes);
        var buffer = new ArrayBufferWriter<byte>(bytes.Length * 4 + 64);
        var stream = new MemoryStream(bytes.Length * 4 + 64);
        foreach (var message in new[] { a, b })
        {
            buffer.ResetWrittenCount();
            MessageSerializer.WriteTo(message, buffer);
            stream.SetLength(0);
            MessageSerializer.WriteTo(message, stream);
            if (!buffer.WrittenSpan.SequenceEqual(bytes) || !stream.ToArray().AsSpan().SequenceEqual(bytes) || !MessageSerializer.ToByteArray(message).AsSpan().SequenceEqual(bytes))
            {
                Console.WriteLine($"{name}: {message.GetType().FullName} does not write Google.Protobuf's bytes");
                return false;
            }
        }

        Func<int> Buffer(IMessage m) => () => { buffer.ResetWrittenCount(); MessageSerializer.WriteTo(m, buffer); return buffer.WrittenCount; };
        Func<int> Stream(IMessage m) => () => { stream.SetLength(0); MessageSerializer.WriteTo(m, stream); return (int)stream.Length; };
        Func<int> Array(IMessage m) => () => MessageSerializer.ToByteArray(m).Length;
        Func<int>[] operations = [Buffer(a), Buffer(b), Stream(a), Stream(b), Array(a), Array(b)];
        for (int warm = 0; warm < 3; warm++)
        {
            foreach (var operation in operations) KindScreen.Time(operation, 0.1);
        }

        var samples = operations.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            // A then B in even rounds, B then A in odd ones, so that neither always runs first.
            for (int pair = 0; pair < operations.Length; pair += 2)
            {
                int first = pair + (round & 1), second = pair + 1 - (round & 1);
                samples[first].Add(KindScreen.Time(operations[first], seconds));
                samples[second].Add(KindScreen.Time(operations[second], seconds));
            }
        }

        foreach (var operation in operations)
        {
            if (KindScreen.Allocated(operation) is long allocated && allocated != 0 && operation != operations[4] && operation != operations[5])
            {
                Console.WriteLine($"{name}: a write allocated {allocated} B");
            }
        }

        string Cell(int i)
        {
            var ratios = Enumerable.Range(0, rounds).Select(r => samples[i + 1][r] / samples[i][r]).Order().ToList();
            return $"{Us(samples[i].Min()),9} {Us(samples[i + 1].Min()),9}  {ratios[rounds / 2],5:F3} ({ratios[0]:F2}-{ratios[^1]:F2})";
        }
        Console.WriteLine($"{name,-9} {bytes.Length,6} | {Cell(0),36} | {Cell(2),36} | {Cell(4),36}");
        return true;
    }

    private static IMessage Parse(System.Type type, byte[] bytes)
    {
        var parser = type.GetProperty("Parser")!.GetValue(null)!;
        return (IMessage)parser.GetType().GetMethod("ParseFrom", [typeof(byte[])])!.Invoke(parser, [bytes])!;
    }

    private static string Us(double ns) => ns < 1000 ? $"{ns:F0}ns" : $"{ns / 1000:F2}us";

    private static IEnumerable<(string Name, Func<Google.Protobuf.IMessage> Create)> Workloads()
    {
        yield return ("Customer", () => new CustomerBenchmarks().CreateGoogleMessage());
        yield return ("Document", () => new DocumentBenchmarks().CreateGoogleMessage());
        yield return ("LogBatch", () => new LogBatchBenchmarks().CreateGoogleMessage());
        yield return ("Order", () => new OrderBenchmarks().CreateGoogleMessage());
        yield return ("Samples", () => new SamplesBenchmarks().CreateGoogleMessage());
        yield return ("Scalars", () => new ScalarsBenchmarks().CreateGoogleMessage());
        yield return ("Tree", () => new TreeBenchmarks().CreateGoogleMessage());
    }
}
