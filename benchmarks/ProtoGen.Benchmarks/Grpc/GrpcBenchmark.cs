extern alias gp;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Google.Protobuf;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Gp = gp::Protogen.Bench.V1;
using GpGrpc = gp::Protogen.Bench.Grpc.V1;
using Pg = Protogen.Bench.V1;
using PgGrpc = Protogen.Bench.Grpc.V1;

namespace ProtoGen.Benchmarks.Grpc;

/// <summary>The payloads of the gRPC benchmark, as Google.Protobuf's bytes; each side parses its request from them.</summary>
internal static class GrpcPayloads
{
    /// <summary>The records per StreamLogs call in the benchmark, and the most a server writes for one call.</summary>
    public const int StreamCount = 1_000;
    public const int MaxStreamCount = 100_000;
    public const int BlobLength = 1 << 20;

    public static readonly byte[] LogBatchBytes = new Serializers.LogBatchBenchmarks().CreateGoogleMessage().ToByteArray();

    public static byte[] Blob()
    {
        byte[] data = new byte[BlobLength];
        new Random(23).NextBytes(data);
        return new GpGrpc.Blob { Data = Google.Protobuf.ByteString.CopyFrom(data) }.ToByteArray();
    }
}

/// <summary>
/// The end-to-end gRPC benchmark (<c>--grpc</c>): real calls over HTTP/2 on loopback, from a <see cref="GrpcChannel"/>
/// in this process to a Kestrel server in a child process that runs only the server (<c>--grpc-server</c>), one
/// server on ProtoGen's stubs and one on grpc_csharp_plugin's, for the same service and payloads. Calls are sequential
/// (one in flight). Each scenario runs in rounds that alternate the two sides, each round bounded in calls and in time;
/// the table shows each side's median over its rounds of: calls per second, the 50th and 99th percentile latency, and
/// bytes allocated per call in the client process (<see cref="GC.GetTotalAllocatedBytes"/>) and in the server process
/// (the same, read by the child between rounds). Before timing, each scenario checks that both sides answer with
/// exactly the request's bytes (or the expected stream); exits 1 if not.
/// </summary>
public static class GrpcBenchmark
{
    private const int MaxCallsPerRound = 200_000;

    public static async Task<int> RunAsync(string[] args)
    {
        double seconds = Option(args, "--seconds", 2.0);
        int rounds = (int)Option(args, "--rounds", 3);
        string[] only = [.. args.SkipWhile(a => a != "--grpc").Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal) && !double.TryParse(a, CultureInfo.InvariantCulture, out _))];

        await using var googleServer = await ServerProcess.StartAsync("google");
        await using var protoGenServer = await ServerProcess.StartAsync("protogen");
        var channelOptions = new GrpcChannelOptions { MaxReceiveMessageSize = 8 << 20, MaxSendMessageSize = 8 << 20 };
        using var googleChannel = GrpcChannel.ForAddress(googleServer.Address, channelOptions);
        using var protoGenChannel = GrpcChannel.ForAddress(protoGenServer.Address, channelOptions);
        var google = new GpGrpc.BenchService.BenchServiceClient(googleChannel);
        var ours = new PgGrpc.BenchService.BenchServiceClient(protoGenChannel);

        Console.WriteLine($"gRPC end to end: sequential calls over HTTP/2 on 127.0.0.1, {rounds} alternating round(s) of at most {seconds.ToString(CultureInfo.InvariantCulture)} s per side; medians over rounds");
        Console.WriteLine($"{"scenario",-22} {"bytes",9} | {"Google.Protobuf: calls/s",24} {"p50",9} {"p99",9} {"client B",10} {"server B",10} | {"ProtoGen: calls/s",17} {"p50",9} {"p99",9} {"client B",10} {"server B",10} | calls/s ratio");
        int failures = 0;
        foreach (var scenario in Scenarios(google, ours))
        {
            if (only.Length > 0 && !only.Contains(scenario.Name, StringComparer.OrdinalIgnoreCase)) continue;
            string? problem = await scenario.Check();
            if (problem is not null)
            {
                Console.WriteLine($"FAIL {scenario.Name}: {problem}");
                failures++;
                continue;
            }
            var googleRounds = new List<Round>();
            var ourRounds = new List<Round>();
            for (int round = 0; round < rounds; round++)
            {
                googleRounds.Add(await MeasureAsync(scenario.Google, googleServer, seconds));
                ourRounds.Add(await MeasureAsync(scenario.Ours, protoGenServer, seconds));
            }
            Round g = Round.Median(googleRounds), p = Round.Median(ourRounds);
            Console.WriteLine($"{scenario.Name,-22} {scenario.Bytes,9:N0} | {g.CallsPerSecond,24:N0} {Time(g.P50),9} {Time(g.P99),9} {g.ClientBytesPerCall,10:N0} {g.ServerBytesPerCall,10:N0} | " +
                              $"{p.CallsPerSecond,17:N0} {Time(p.P50),9} {Time(p.P99),9} {p.ClientBytesPerCall,10:N0} {p.ServerBytesPerCall,10:N0} | {p.CallsPerSecond / g.CallsPerSecond,6:F2}x");
        }
        return failures == 0 ? 0 : 1;
    }

    /// <summary>The child process: a Kestrel server on 127.0.0.1, port 0, HTTP/2 without TLS, hosting one side's
    /// service. It prints its address, then answers each "allocated" line on stdin with the bytes allocated so far in
    /// the process, and stops at end of input (when the parent exits or closes it).</summary>
    public static async Task<int> ServeAsync(string flavour)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = 8 << 20;
            options.MaxSendMessageSize = 8 << 20;
        });
        var app = builder.Build();
        if (flavour == "google") app.MapGrpcService<GoogleBenchService>();
        else if (flavour == "protogen") app.MapGrpcService<ProtoGenBenchService>();
        else throw new ArgumentException($"--grpc-server google|protogen, not '{flavour}'");
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Console.WriteLine("listening " + address);
        while (await Console.In.ReadLineAsync() is { } line)
        {
            if (line == "allocated") Console.WriteLine(GC.GetTotalAllocatedBytes(precise: true).ToString(CultureInfo.InvariantCulture));
        }
        await app.StopAsync();
        return 0;
    }

    private sealed record Scenario(string Name, int Bytes, Func<Task> Google, Func<Task> Ours, Func<Task<string?>> Check);

    private static IEnumerable<Scenario> Scenarios(GpGrpc.BenchService.BenchServiceClient google, PgGrpc.BenchService.BenchServiceClient ours)
    {
        yield return Unary("Scalars (small)", new Serializers.ScalarsBenchmarks().CreateGoogleMessage().ToByteArray(),
            Gp.Scalars.Parser, Pg.Scalars.Parser, m => google.EchoScalarsAsync(m).ResponseAsync, m => ours.EchoScalarsAsync(m).ResponseAsync);
        yield return Unary("Customer", new Serializers.CustomerBenchmarks().CreateGoogleMessage().ToByteArray(),
            Gp.Customer.Parser, Pg.Customer.Parser, m => google.EchoCustomerAsync(m).ResponseAsync, m => ours.EchoCustomerAsync(m).ResponseAsync);
        yield return Unary("Document", new Serializers.DocumentBenchmarks().CreateGoogleMessage().ToByteArray(),
            Gp.Document.Parser, Pg.Document.Parser, m => google.EchoDocumentAsync(m).ResponseAsync, m => ours.EchoDocumentAsync(m).ResponseAsync);
        yield return Unary("LogBatch", GrpcPayloads.LogBatchBytes,
            Gp.LogBatch.Parser, Pg.LogBatch.Parser, m => google.EchoLogBatchAsync(m).ResponseAsync, m => ours.EchoLogBatchAsync(m).ResponseAsync);
        yield return Unary("Order", new Serializers.OrderBenchmarks().CreateGoogleMessage().ToByteArray(),
            Gp.Order.Parser, Pg.Order.Parser, m => google.EchoOrderAsync(m).ResponseAsync, m => ours.EchoOrderAsync(m).ResponseAsync);
        yield return Unary("Samples", new Serializers.SamplesBenchmarks().CreateGoogleMessage().ToByteArray(),
            Gp.Samples.Parser, Pg.Samples.Parser, m => google.EchoSamplesAsync(m).ResponseAsync, m => ours.EchoSamplesAsync(m).ResponseAsync);
        yield return Unary("Tree", new Serializers.TreeBenchmarks().CreateGoogleMessage().ToByteArray(),
            Gp.TreeNode.Parser, Pg.TreeNode.Parser, m => google.EchoTreeAsync(m).ResponseAsync, m => ours.EchoTreeAsync(m).ResponseAsync);
        yield return Unary("Blob (1 MiB bytes)", GrpcPayloads.Blob(),
            GpGrpc.Blob.Parser, PgGrpc.Blob.Parser, m => google.EchoBlobAsync(m).ResponseAsync, m => ours.EchoBlobAsync(m).ResponseAsync);
        yield return Stream(google, ours);
    }

    /// <summary>A unary echo: both sides send the same bytes and must get exactly them back.</summary>
    private static Scenario Unary<TGoogle, TOurs>(string name, byte[] bytes,
        Google.Protobuf.MessageParser<TGoogle> googleParser, ProtoGen.MessageParser<TOurs> ourParser,
        Func<TGoogle, Task<TGoogle>> googleCall, Func<TOurs, Task<TOurs>> ourCall)
        where TGoogle : Google.Protobuf.IMessage<TGoogle>
        where TOurs : class, ProtoGen.IMessage<TOurs>
    {
        TGoogle googleRequest = googleParser.ParseFrom(bytes);
        TOurs ourRequest = ourParser.ParseFrom(bytes);
        return new Scenario(name, bytes.Length, () => googleCall(googleRequest), () => ourCall(ourRequest), async () =>
        {
            byte[] googleAnswer = (await googleCall(googleRequest)).ToByteArray();
            byte[] ourAnswer = MessageSerializer.ToByteArray(await ourCall(ourRequest));
            if (!googleAnswer.AsSpan().SequenceEqual(bytes)) return "Google.Protobuf's echo differs from the request";
            if (!ourAnswer.AsSpan().SequenceEqual(bytes)) return "ProtoGen's echo differs from the request";
            return null;
        });
    }

    /// <summary>Server streaming: <see cref="GrpcPayloads.StreamCount"/> log records per call, read to the end.</summary>
    private static Scenario Stream(GpGrpc.BenchService.BenchServiceClient google, PgGrpc.BenchService.BenchServiceClient ours)
    {
        var googleRequest = new GpGrpc.StreamRequest { Count = GrpcPayloads.StreamCount };
        var ourRequest = new PgGrpc.StreamRequest { Count = GrpcPayloads.StreamCount };
        var expected = Gp.LogBatch.Parser.ParseFrom(GrpcPayloads.LogBatchBytes).Records;

        async Task<int> ReadGoogle(Action<Gp.LogRecord, int>? each)
        {
            using var call = google.StreamLogs(googleRequest);
            int count = 0;
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                each?.Invoke(call.ResponseStream.Current, count);
                count++;
            }
            return count;
        }

        async Task<int> ReadOurs(Action<Pg.LogRecord, int>? each)
        {
            using var call = ours.StreamLogs(ourRequest);
            int count = 0;
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                each?.Invoke(call.ResponseStream.Current, count);
                count++;
            }
            return count;
        }

        int streamBytes = Enumerable.Range(0, GrpcPayloads.StreamCount).Sum(i => expected[i % expected.Count].CalculateSize());
        return new Scenario($"Stream ({GrpcPayloads.StreamCount:N0} records)", streamBytes,
            () => ReadGoogle(null), () => ReadOurs(null), async () =>
            {
                int mismatches = 0;
                int googleCount = await ReadGoogle((record, i) => { if (!record.Equals(expected[i % expected.Count])) mismatches++; });
                int ourCount = await ReadOurs((record, i) =>
                {
                    if (!MessageSerializer.ToByteArray(record).AsSpan().SequenceEqual(expected[i % expected.Count].ToByteArray())) mismatches++;
                });
                if (googleCount != GrpcPayloads.StreamCount || ourCount != GrpcPayloads.StreamCount)
                {
                    return $"expected {GrpcPayloads.StreamCount} records, Google.Protobuf read {googleCount}, ProtoGen {ourCount}";
                }
                return mismatches == 0 ? null : $"{mismatches} records differ from the LogBatch workload's";
            });
    }

    /// <summary>One round of one side: a warm-up (at most 50 calls and a quarter of the time), then sequential calls
    /// until <paramref name="seconds"/> or <see cref="MaxCallsPerRound"/>, timing each.</summary>
    private static async Task<Round> MeasureAsync(Func<Task> call, ServerProcess server, double seconds)
    {
        var warmUp = Stopwatch.StartNew();
        for (int i = 0; i < 50 && warmUp.Elapsed.TotalSeconds < seconds / 4; i++)
        {
            await call();
        }
        long[] latencies = new long[MaxCallsPerRound];
        long serverBefore = await server.AllocatedBytesAsync();
        long clientBefore = GC.GetTotalAllocatedBytes(precise: true);
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(seconds * Stopwatch.Frequency);
        int calls = 0;
        long now = start;
        while (calls < MaxCallsPerRound && (calls == 0 || now < deadline))
        {
            long before = Stopwatch.GetTimestamp();
            await call();
            now = Stopwatch.GetTimestamp();
            latencies[calls++] = now - before;
        }
        long clientAfter = GC.GetTotalAllocatedBytes(precise: true);
        long serverAfter = await server.AllocatedBytesAsync();
        Array.Sort(latencies, 0, calls);
        return new Round(
            calls / ((double)(now - start) / Stopwatch.Frequency),
            Ticks(latencies[(int)((calls - 1) * 0.50)]),
            Ticks(latencies[(int)((calls - 1) * 0.99)]),
            (clientAfter - clientBefore) / calls,
            (serverAfter - serverBefore) / calls);
    }

    private static TimeSpan Ticks(long stopwatchTicks) => TimeSpan.FromSeconds((double)stopwatchTicks / Stopwatch.Frequency);

    private static string Time(TimeSpan time) => time.TotalMilliseconds >= 1
        ? $"{time.TotalMilliseconds:F2} ms"
        : $"{time.TotalMilliseconds * 1000:F0} us";

    private static double Option(string[] args, string name, double fallback)
    {
        int index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? double.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private sealed record Round(double CallsPerSecond, TimeSpan P50, TimeSpan P99, long ClientBytesPerCall, long ServerBytesPerCall)
    {
        /// <summary>Each figure's median over the rounds (the lower middle one for an even count).</summary>
        public static Round Median(List<Round> rounds)
        {
            T Middle<T>(Func<Round, T> figure) => rounds.Select(figure).Order().ElementAt((rounds.Count - 1) / 2);
            return new Round(Middle(r => r.CallsPerSecond), Middle(r => r.P50), Middle(r => r.P99), Middle(r => r.ClientBytesPerCall), Middle(r => r.ServerBytesPerCall));
        }
    }

    /// <summary>A server child process: this program with <c>--grpc-server</c>.</summary>
    private sealed class ServerProcess : IAsyncDisposable
    {
        private readonly Process _process;

        private ServerProcess(Process process, string address)
        {
            _process = process;
            Address = address;
        }

        public string Address { get; }

        public static async Task<ServerProcess> StartAsync(string flavour)
        {
            string host = Environment.ProcessPath!;
            var start = new ProcessStartInfo(host) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(GrpcBenchmark).Assembly.Location);
            }
            start.ArgumentList.Add("--grpc-server");
            start.ArgumentList.Add(flavour);
            var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            {
                process.Kill();
                throw new InvalidOperationException($"the {flavour} server did not start: '{line}'");
            }
            return new ServerProcess(process, line["listening ".Length..]);
        }

        public async Task<long> AllocatedBytesAsync()
        {
            await _process.StandardInput.WriteLineAsync("allocated");
            await _process.StandardInput.FlushAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            string? line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            return long.Parse(line ?? throw new InvalidOperationException("the server process ended"), CultureInfo.InvariantCulture);
        }

        public async ValueTask DisposeAsync()
        {
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
            }
            _process.Dispose();
        }
    }
}
