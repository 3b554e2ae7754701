extern alias gp;
using System.Buffers;
using System.Diagnostics;
using System.Runtime.InteropServices;
using Google.Protobuf;
using GoogleMessage = Google.Protobuf.IMessage;
using Google.Protobuf.WellKnownTypes;
using ProtoBuf.Meta;
using PbNet = ProtoGen.Benchmarks.Serializers.ProtobufNet.PbNet;
using ProtoGen.Tests.Infrastructure;
using G = gp::Protogen.Bench.Kinds.V1;
using GL = gp::Protogen.Bench.Kinds.V1.Legacy;

namespace ProtoGen.Benchmarks.Kinds;

/// <summary>
/// The field-kind screen (<c>-- --kinds [--seconds S] [name...]</c>): one message per field kind
/// (benchmarks/protos/protogen/bench/kinds/v1), then the seven BenchmarkDotNet workloads, each sized, written to a
/// reused buffer writer and parsed from bytes and from a two-segment sequence by ProtoGen and by Google.Protobuf, in
/// this process, and printed as ratios. The workloads get a second line: protobuf-net (its compiled model, the
/// contracts of Serializers/ProtobufNetContracts.cs) against ProtoGen, the same operations.
/// </summary>
/// <remarks>
/// A screen, not the benchmark: it finds the kinds worth a BenchmarkDotNet run (that is how packed enums and small
/// <c>bytes</c> values were found slow). Each operation is warmed up until the JIT's tiers settle, then timed in batches
/// on the thread's CPU clock (on Linux; elsewhere the wall clock) and the 25th percentile of the batches is kept, so
/// that other processes on a loaded machine move it less. It also checks that both libraries write the same bytes, and
/// exits 1 when they do not, which makes it a test of the kinds too (CI runs it briefly).
/// </remarks>
internal static class KindScreen
{
    public static int Run(string[] args)
    {
        double seconds = 1;
        var names = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--seconds")
            {
                seconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (args[i] != "--kinds")
            {
                names.Add(args[i]);
            }
        }

        Console.WriteLine($"{"kind",-18} {"bytes",6} | {"CalculateSize G / P",24} | {"WriteTo(IBufferWriter)",24} | {"ParseFrom(byte[])",24} | {"ParseFrom(sequence)",24} | allocated by parse G / P");
        bool same = true;
        foreach (var (name, create) in Kinds(new Random(42)))
        {
            if (names.Count == 0 || names.Contains(name))
            {
                same &= Screen(name, create(), seconds);
            }
        }

        return same ? 0 : 1;
    }

    private static bool Screen(string name, GoogleMessage google, double seconds)
    {
        System.Type ours = typeof(KindScreen).Assembly.GetType(google.Descriptor.ClrType.FullName!)
            ?? throw new InvalidOperationException($"No ProtoGen type for {google.Descriptor.FullName}.");
        return (bool)typeof(KindScreen).GetMethod(nameof(Screen), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static, [typeof(string), typeof(GoogleMessage), typeof(double), typeof(ProtoGen.IMessage)])!
            .MakeGenericMethod(ours).Invoke(null, [name, google, seconds, null])!;
    }

    private static bool Screen<T>(string name, GoogleMessage google, double seconds, ProtoGen.IMessage? unused)
        where T : class, ProtoGen.IMessage<T>
    {
        var parser = (ProtoGen.MessageParser<T>)typeof(T).GetProperty("Parser")!.GetValue(null)!;
        Google.Protobuf.MessageParser googleParser = google.Descriptor.Parser;
        byte[] bytes = google.ToByteArray();
        T message = parser.ParseFrom(bytes);
        if (!MessageSerializer.ToByteArray(message).AsSpan().SequenceEqual(bytes))
        {
            Console.WriteLine($"{name}: ProtoGen and Google.Protobuf write different bytes");
            return false;
        }

        var buffer = new ArrayBufferWriter<byte>(bytes.Length + 64);
        ReadOnlySequence<byte> sequence = Sequences.Split(bytes, 2);
        Func<int>[] operations =
        [
            () => google.CalculateSize(),
            () => message.CalculateSize(),
            () => { buffer.ResetWrittenCount(); google.WriteTo(buffer); return buffer.WrittenCount; },
            () => { buffer.ResetWrittenCount(); MessageSerializer.WriteTo(message, buffer); return buffer.WrittenCount; },
            () => googleParser.ParseFrom(bytes) is null ? 0 : 1,
            () => parser.ParseFrom(bytes) is null ? 0 : 1,
            () => googleParser.ParseFrom(sequence) is null ? 0 : 1,
            () => parser.ParseFrom(sequence) is null ? 0 : 1,
        ];

        // Warm up every operation in turn until tier-1 code has replaced the first tiers, then time them interleaved.
        for (int round = 0; round < 3; round++)
        {
            foreach (var operation in operations)
            {
                RunFor(operation, Math.Min(0.15, seconds / 4));
            }
        }

        Func<int>[]? net = ProtobufNetOperations(typeof(T), bytes, sequence, buffer);
        if (net is not null && net.Length == 0)
        {
            Console.WriteLine($"{name}: protobuf-net and Google.Protobuf write different bytes");
            return false;
        }
        if (net is not null)
        {
            // protobuf-net's four operations, each followed by ProtoGen's again, so that Pair() compares them.
            operations = [.. operations, net[0], operations[1], net[1], operations[3], net[2], operations[5], net[3], operations[7]];
            foreach (var operation in net)
            {
                for (int round = 0; round < 3; round++) RunFor(operation, Math.Min(0.15, seconds / 4));
            }
        }

        double[] times = new double[operations.Length];
        Array.Fill(times, double.MaxValue);
        for (int round = 0; round < 5; round++)
        {
            for (int i = 0; i < operations.Length; i++)
            {
                times[i] = Math.Min(times[i], Time(operations[i], seconds / 5));
            }
        }

        long googleAllocated = Allocated(operations[4]);
        long oursAllocated = Allocated(operations[5]);
        string Pair(int i) => $"{Ns(times[i]),8} {Ns(times[i + 1]),8} {times[i + 1] / times[i],6:F2}x";
        Console.WriteLine($"{name,-18} {bytes.Length,6} | {Pair(0)} | {Pair(2)} | {Pair(4)} | {Pair(6)} | {googleAllocated} / {oursAllocated} B");
        if (net is not null)
        {
            Console.WriteLine($"{"  protobuf-net N/P",-18} {"",6} | {Pair(8)} | {Pair(10)} | {Pair(12)} | {Pair(14)} | {Allocated(operations[12])} / {oursAllocated} B");
        }
        return true;
    }

    /// <summary>protobuf-net's CalculateSize (<c>Measure</c>), write, parse from bytes and from the sequence for a
    /// workload message, or null when <paramref name="ours"/> is not a workload; empty when protobuf-net does not write
    /// exactly Google.Protobuf's bytes.</summary>
    private static Func<int>[]? ProtobufNetOperations(System.Type ours, byte[] bytes, ReadOnlySequence<byte> sequence, ArrayBufferWriter<byte> buffer)
    {
        System.Type? contract = ours.Namespace == "Protogen.Bench.V1" ? typeof(PbNet).Assembly.GetType(typeof(PbNet).Namespace + "." + ours.Name) : null;
        return contract is null ? null : (Func<int>[])typeof(KindScreen).GetMethod(nameof(ProtobufNetOperations), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static, [typeof(byte[]), typeof(ReadOnlySequence<byte>), typeof(ArrayBufferWriter<byte>)])!
            .MakeGenericMethod(contract).Invoke(null, [bytes, sequence, buffer])!;
    }

    private static Func<int>[] ProtobufNetOperations<TNet>(byte[] bytes, ReadOnlySequence<byte> sequence, ArrayBufferWriter<byte> buffer)
    {
        TypeModel model = PbNet.Model;
        TNet net = model.Deserialize<TNet>((ReadOnlySpan<byte>)bytes);
        buffer.ResetWrittenCount();
        model.Serialize(buffer, net);
        if (!buffer.WrittenSpan.SequenceEqual(bytes))
        {
            return [];
        }
        return
        [
            () => { using var measured = model.Measure(net); return (int)measured.Length; },
            () => { buffer.ResetWrittenCount(); model.Serialize(buffer, net); return buffer.WrittenCount; },
            () => model.Deserialize<TNet>((ReadOnlySpan<byte>)bytes) is null ? 0 : 1,
            () => model.Deserialize<TNet>(sequence) is null ? 0 : 1,
        ];
    }

    private static string Ns(double ns) => ns < 1000 ? $"{ns:F1}ns" : $"{ns / 1000:F2}us";

    private static void RunFor(Func<int> operation, double seconds)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < 50; i++)
            {
                operation();
            }
        }
    }

    // Nanoseconds per call: the 25th percentile of batches of about 2 ms.
    internal static double Time(Func<int> operation, double seconds)
    {
        long batch = 16;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            watch.Restart();
            for (long i = 0; i < batch; i++)
            {
                operation();
            }

            if (watch.Elapsed.TotalMilliseconds > 2 || batch > 1 << 24)
            {
                break;
            }

            batch *= 2;
        }

        var samples = new List<double>();
        watch.Restart();
        do
        {
            long start = CpuClock.Now();
            for (long i = 0; i < batch; i++)
            {
                operation();
            }

            samples.Add((double)(CpuClock.Now() - start) / batch);
        }
        while (watch.Elapsed.TotalSeconds < seconds);
        samples.Sort();
        return samples[samples.Count / 4];
    }

    internal static long Allocated(Func<int> operation)
    {
        operation();
        long before = GC.GetAllocatedBytesForCurrentThread();
        operation();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static string Word(Random random, int min, int max)
    {
        char[] chars = new char[random.Next(min, max)];
        for (int i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)('a' + random.Next(26));
        }

        return new string(chars);
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static G.Item NewItem(Random random) => new()
    {
        Id = random.NextInt64(1, 1L << 40),
        Name = Word(random, 5, 20),
        Value = random.NextDouble() * 1000,
        Flag = random.Next(2) == 1,
    };

    // The messages, built with Google.Protobuf's API (ProtoGen's copies are parsed from their bytes).
    private static IEnumerable<(string Name, Func<GoogleMessage> Create)> Kinds(Random random)
    {
        yield return ("Fixeds", () => new G.Fixeds { A = -12345, B = -1234567890123, C = 42, D = -7, E = 99999, F = 123456789012, G = 3.14f, H = 2.71828, I = true, J = 300, K = 1UL << 50, L = 987654321 });
        yield return ("RepeatedStrings", () =>
        {
            var m = new G.RepeatedStrings();
            for (int i = 0; i < 30; i++) m.Names.Add(Word(random, 4, 24));
            return m;
        });
        yield return ("StringMap", () =>
        {
            var m = new G.StringMap();
            for (int i = 0; i < 20; i++) m.Labels[Word(random, 4, 12)] = Word(random, 3, 30);
            return m;
        });
        yield return ("MessageMap", () =>
        {
            var m = new G.MessageMap();
            for (int i = 0; i < 15; i++) m.Items[Word(random, 4, 12)] = NewItem(random);
            return m;
        });
        yield return ("IntMap", () =>
        {
            var m = new G.IntMap();
            for (int i = 0; i < 50; i++) m.Counts[random.NextInt64(1, 1L << 33)] = random.Next(0, 100000);
            return m;
        });
        yield return ("RepeatedMessages", () =>
        {
            var m = new G.RepeatedMessages();
            for (int i = 0; i < 50; i++) m.Items.Add(NewItem(random));
            return m;
        });
        yield return ("Floats", () =>
        {
            var m = new G.Floats();
            for (int i = 0; i < 500; i++)
            {
                m.Doubles.Add(random.NextDouble());
                m.Singles.Add((float)random.NextDouble());
            }
            return m;
        });
        yield return ("Bools", () =>
        {
            var m = new G.Bools();
            for (int i = 0; i < 300; i++) m.Values.Add(random.Next(2) == 1);
            return m;
        });
        yield return ("Enums", () =>
        {
            var m = new G.Enums { Primary = G.Color.Red, Secondary = G.Color.Blue };
            for (int i = 0; i < 100; i++) m.Colors.Add((G.Color)random.Next(4));
            return m;
        });
        yield return ("WellKnown", () => new G.WellKnown
        {
            Time = Timestamp.FromDateTime(new DateTime(2026, 11, 21, 14, 0, 0, DateTimeKind.Utc)),
            Duration = Duration.FromTimeSpan(TimeSpan.FromSeconds(1234.5)),
            Text = "hello wrapper",
            Count = 77,
            Enabled = true,
            Ratio = 1.5,
            Mask = FieldMask.FromString("a.b,c,d.e.f"),
            Total = 1234567890123,
        });
        yield return ("Struct", () =>
        {
            var fields = new Struct();
            for (int i = 0; i < 8; i++)
            {
                fields.Fields[Word(random, 4, 10)] = (i % 3) switch
                {
                    0 => Value.ForString(Word(random, 5, 20)),
                    1 => Value.ForNumber(i * 1.5),
                    _ => Value.ForBool(true),
                };
            }
            fields.Fields["list"] = Value.ForList(Value.ForNumber(1), Value.ForString("x"));
            return new G.StructHolder { Fields = fields };
        });
        yield return ("Any", () =>
        {
            var m = new G.Anys();
            for (int i = 0; i < 5; i++) m.Details.Add(Any.Pack(NewItem(random)));
            return m;
        });
        yield return ("Oneofs", () =>
        {
            var m = new G.Choices();
            for (int i = 0; i < 40; i++)
            {
                var choice = new G.Choice();
                switch (i % 4)
                {
                    case 0: choice.Text = Word(random, 3, 15); break;
                    case 1: choice.Number = random.Next(); break;
                    case 2: choice.Item = NewItem(random); break;
                    default: choice.Ratio = random.NextDouble(); break;
                }
                m.Items.Add(choice);
            }
            return m;
        });
        yield return ("Optionals", () =>
        {
            var m = new G.RepeatedOptionals();
            for (int i = 0; i < 40; i++)
            {
                var item = new G.Optionals { C = i % 5 == 0, E = i * 1000L };
                if (i % 2 == 0) item.A = i;
                if (i % 3 == 0) item.B = Word(random, 3, 10);
                if (i % 4 == 0) item.D = i * 0.5;
                m.Items.Add(item);
            }
            return m;
        });
        yield return ("Blobs", () =>
        {
            var m = new G.Blobs { Id = Google.Protobuf.ByteString.CopyFrom(new byte[16]), Payload = Google.Protobuf.ByteString.CopyFrom(new byte[200]), Tag = Google.Protobuf.ByteString.CopyFrom(new byte[3]) };
            for (int i = 0; i < 10; i++) m.Hashes.Add(Google.Protobuf.ByteString.CopyFrom(new byte[32]));
            return m;
        });
        yield return ("LongText", () => new G.LongText
        {
            Description = string.Concat(Enumerable.Range(0, 60).Select(_ => Word(random, 3, 10) + " ")),
            Token = Word(random, 150, 300),
        });
        yield return ("Ints", () =>
        {
            var m = new G.Ints();
            for (int i = 0; i < 200; i++)
            {
                m.A.Add(random.Next(-1000, 100000));
                m.B.Add(random.NextInt64(0, 1L << 45));
                m.C.Add((uint)random.Next(0, 300));
                m.D.Add(random.Next(-5000, 5000));
                m.E.Add((uint)random.Next());
            }
            return m;
        });
        yield return ("Chain", () =>
        {
            var root = new G.Chain { Label = "root" };
            var current = root;
            for (int i = 1; i < 30; i++)
            {
                current.Next = new G.Chain { Depth = i, Label = Word(random, 3, 8) };
                current = current.Next;
            }
            return root;
        });
        yield return ("RepeatedWellKnown", () =>
        {
            var m = new G.RepeatedWellKnown();
            for (int i = 0; i < 20; i++)
            {
                m.Items.Add(new G.WellKnown { Time = Timestamp.FromDateTime(new DateTime(2026, 1, 1, 0, 0, i, DateTimeKind.Utc)), Text = Word(random, 3, 12), Count = i, Enabled = i % 2 == 0 });
            }
            return m;
        });
        yield return ("ListUsers", () =>
        {
            var m = new G.ListUsers { NextPageToken = Word(random, 20, 40), Total = 1234 };
            for (int i = 0; i < 20; i++)
            {
                var user = new G.User
                {
                    Id = $"{random.NextInt64():x16}-{random.Next():x8}",
                    Email = Word(random, 5, 10) + "@example.com",
                    DisplayName = Word(random, 5, 10) + " " + Word(random, 5, 12),
                    Created = Timestamp.FromDateTime(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(500000))),
                    Color = G.Color.Green,
                    Active = true,
                    Version = i * 17,
                    Address = new G.Address { Line1 = $"{random.Next(1, 999)} {Word(random, 5, 10)} Street", City = Word(random, 5, 10), Country = "US", PostalCode = random.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture) },
                };
                user.Roles.Add("admin");
                user.Roles.Add("viewer");
                for (int k = 0; k < 3; k++) user.Attributes[Word(random, 3, 8)] = Word(random, 3, 12);
                m.Users.Add(user);
            }
            return m;
        });
        yield return ("SpanBatch", () =>
        {
            var m = new G.SpanBatch();
            G.Attribute Attribute(int i) => new()
            {
                Key = "attr." + Word(random, 3, 10),
                Value = (i % 4) switch
                {
                    0 => new G.AttributeValue { Text = Word(random, 4, 20) },
                    1 => new G.AttributeValue { Number = random.Next(0, 100000) },
                    2 => new G.AttributeValue { Flag = true },
                    _ => new G.AttributeValue { Real = random.NextDouble() },
                },
            };
            for (int i = 0; i < 10; i++)
            {
                var span = new G.Span
                {
                    TraceId = Google.Protobuf.ByteString.CopyFrom(RandomBytes(random, 16)),
                    SpanId = Google.Protobuf.ByteString.CopyFrom(RandomBytes(random, 8)),
                    ParentSpanId = i == 0 ? Google.Protobuf.ByteString.Empty : Google.Protobuf.ByteString.CopyFrom(RandomBytes(random, 8)),
                    Name = "GET /api/" + Word(random, 4, 12),
                    Kind = G.Color.Blue,
                    StartTimeUnixNano = 1_763_700_000_000_000_000UL + (ulong)random.Next(),
                    EndTimeUnixNano = 1_763_700_000_100_000_000UL + (ulong)random.Next(),
                };
                for (int k = 0; k < 6; k++) span.Attributes.Add(Attribute(k));
                for (int e = 0; e < 2; e++)
                {
                    var spanEvent = new G.SpanEvent { TimeUnixNano = 1_763_700_000_050_000_000UL, Name = Word(random, 5, 15) };
                    spanEvent.Attributes.Add(Attribute(e));
                    span.Events.Add(spanEvent);
                }
                m.Spans.Add(span);
            }
            return m;
        });
        yield return ("Wide", () =>
        {
            var m = new G.Wides();
            for (int i = 0; i < 20; i++)
            {
                var wide = new G.Wide { A = -i, B = Word(random, 3, 12), C = random.NextInt64(), D = i * 0.25, F = true, H = Word(random, 5, 30), I = G.Color.Red, K = (ulong)random.NextInt64() };
                if (i % 2 == 0) wide.E = NewItem(random);
                if (i % 3 == 0) wide.J = Google.Protobuf.ByteString.CopyFrom(RandomBytes(random, 12));
                for (int k = 0; k < 4; k++) wide.G.Add(random.Next(0, 5000));
                m.Items.Add(wide);
            }
            return m;
        });
        yield return ("Negatives", () =>
        {
            var m = new G.Negatives { A = -5, B = -1234567890123 };
            for (int i = 0; i < 100; i++)
            {
                m.C.Add(random.Next(-100000, 100));
                m.D.Add(random.NextInt64(-(1L << 40), 100));
            }
            return m;
        });
        yield return ("Contacts", () =>
        {
            string[] names = ["Анна Петрова", "Δημήτρης Παπαδόπουλος", "山田太郎", "김민준", "José Núñez", "Zoë Brontë", "محمد علي", "Nguyễn Văn An"];
            string[] cities = ["Москва", "Αθήνα", "東京", "서울", "São Paulo", "Zürich", "القاهرة", "Hà Nội"];
            string[] notes = ["встреча в 10:00 🙂", "καλή χρονιά!", "会議は明日です", "감사합니다 👍", "¡Feliz cumpleaños!", "Grüße aus Köln", "شكرا جزيلا", "Hẹn gặp lại"];
            var m = new G.Contacts();
            for (int i = 0; i < 24; i++)
            {
                var contact = new G.Contact { Name = names[random.Next(names.Length)], City = cities[random.Next(cities.Length)], Note = notes[random.Next(notes.Length)] };
                contact.Tags.Add(i % 2 == 0 ? "друг" : "仕事");
                contact.Tags.Add("vip");
                m.Contacts_.Add(contact);
            }
            return m;
        });
        yield return ("Legacy (proto2)", () =>
        {
            var m = new GL.Legacy { Id = 7, Name = "proto2", Value = 1.25, Enabled = true, Part = new GL.Part { Number = 5, Label = "in" } };
            for (int i = 0; i < 50; i++)
            {
                m.Unpacked.Add(i * 7);
                m.Packed.Add(i * 300);
            }
            for (int i = 0; i < 10; i++) m.Parts.Add(new GL.Part { Number = i, Label = Word(random, 2, 9) });
            return m;
        });
        yield return ("Pod", () =>
        {
            string Uid() => $"{random.Next():x8}-{random.Next(0x10000):x4}-{random.Next(0x10000):x4}-{random.Next(0x10000):x4}-{random.NextInt64(1L << 48):x12}";
            Timestamp Time() => Timestamp.FromDateTime(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(random.Next(2_000_000)));
            var meta = new G.ObjectMeta { Name = "checkout-" + Word(random, 5, 10) + "-7d9f8c6b5-x2k4p", Namespace = "shop-prod", Uid = Uid(), Generation = 3, Created = Time() };
            meta.Labels["app.kubernetes.io/name"] = "checkout";
            meta.Labels["app.kubernetes.io/version"] = "2.14.1";
            meta.Labels["pod-template-hash"] = "7d9f8c6b5";
            meta.Labels["team"] = Word(random, 4, 8);
            meta.Annotations["kubectl.kubernetes.io/restartedAt"] = "2026-11-20T14:03:11Z";
            meta.Annotations["prometheus.io/scrape"] = "true";
            meta.Annotations["prometheus.io/port"] = "9090";
            meta.Owners.Add(new G.OwnerReference { Kind = "ReplicaSet", Name = "checkout-7d9f8c6b5", Uid = Uid(), Controller = true });
            var m = new G.Pod { Metadata = meta, Phase = G.PodPhase.Running, NodeName = "ip-10-0-" + random.Next(256) + "-" + random.Next(256) + ".eu-west-1.compute.internal", RestartCount = 1 };
            for (int c = 0; c < 2; c++)
            {
                var container = new G.Container { Name = c == 0 ? "checkout" : "envoy-sidecar", Image = c == 0 ? "registry.example.com/shop/checkout:2.14.1" : "envoyproxy/envoy:v1.31.2" };
                container.Command.Add(c == 0 ? "/app/checkout" : "envoy");
                for (int a = 0; a < 3; a++) container.Args.Add("--" + Word(random, 4, 12) + "=" + Word(random, 2, 10));
                for (int e = 0; e < 6; e++) container.Env.Add(new G.EnvVar { Name = Word(random, 4, 12).ToUpperInvariant(), Value = Word(random, 3, 30) });
                container.Ports.Add(new G.ContainerPort { Name = "http", ContainerPort_ = 8080 + c, Protocol = G.Protocol.Tcp });
                container.Ports.Add(new G.ContainerPort { Name = "metrics", ContainerPort_ = 9090 + c, Protocol = G.Protocol.Tcp });
                container.Limits["cpu"] = "500m";
                container.Limits["memory"] = "512Mi";
                m.Containers.Add(container);
            }
            foreach (string type in new[] { "PodScheduled", "Initialized", "ContainersReady", "Ready" })
            {
                m.Conditions.Add(new G.PodCondition { Type = type, Status = true, LastTransition = Time(), Reason = type == "Ready" ? "" : "Completed" });
            }
            return m;
        });
        yield return ("Quotes", () =>
        {
            var m = new G.Quotes();
            for (int i = 0; i < 10; i++)
            {
                double mid = 20 + random.NextDouble() * 400;
                var quote = new G.Quote
                {
                    Symbol = Word(random, 2, 5).ToUpperInvariant(),
                    Sequence = random.NextInt64(1L << 40),
                    ExchangeTimeNs = 1_763_700_000_000_000_000UL + (ulong)random.NextInt64(1L << 40),
                    Side = (G.Color)(i % 3),
                    Last = Math.Round(mid, 2),
                    Volume = random.NextInt64(1_000_000_000),
                    Vwap = i % 3 == 0 ? null : Math.Round(mid * 1.001, 4),
                    ChangePercent = (float)(random.NextDouble() * 6 - 3),
                };
                for (int level = 0; level < 5; level++)
                {
                    quote.Bids.Add(new G.Level { Price = Math.Round(mid - 0.01 * (level + 1), 2), Size = (ulong)random.Next(1, 50_000), Orders = (uint)random.Next(1, 40) });
                    quote.Asks.Add(new G.Level { Price = Math.Round(mid + 0.01 * (level + 1), 2), Size = (ulong)random.Next(1, 50_000), Orders = (uint)random.Next(1, 40) });
                }
                m.Quotes_.Add(quote);
            }
            return m;
        });
        yield return ("AuditLog", () =>
        {
            var m = new G.AuditLog { NextPageToken = Convert.ToBase64String(RandomBytes(random, 24)) };
            string[] actions = ["user.login", "order.refund", "role.grant", "invoice.export"];
            for (int i = 0; i < 12; i++)
            {
                var audit = new G.AuditEvent
                {
                    Id = Google.Protobuf.ByteString.CopyFrom(RandomBytes(random, 16)),
                    Actor = Word(random, 4, 10) + "@example.com",
                    Action = actions[i % actions.Length],
                    At = Timestamp.FromDateTime(new DateTime(2026, 11, 21, 0, 0, 0, DateTimeKind.Utc).AddMilliseconds(random.Next(86_400_000))),
                    Delta = random.Next(-500, 500),
                };
                audit.Details["ip"] = Value.ForString($"10.{random.Next(256)}.{random.Next(256)}.{random.Next(256)}");
                audit.Details["attempt"] = Value.ForNumber(random.Next(1, 4));
                audit.Details["mfa"] = Value.ForBool(i % 2 == 0);
                audit.Resources.Add("orders/" + random.Next(100000, 999999));
                if (i % 3 == 0) audit.Resources.Add("customers/" + Word(random, 8, 12));
                if (i % 4 == 1) audit.Reason = "requested by " + Word(random, 4, 10);
                if (i % 5 == 0) audit.Payload = Any.Pack(new G.Item { Id = i, Name = Word(random, 4, 10), Value = i * 1.5 });
                switch (i % 3)
                {
                    case 0: audit.UserId = "usr_" + Word(random, 10, 14); break;
                    case 1: audit.GroupId = random.NextInt64(1L << 32); break;
                    default: audit.Address = new G.Address { Line1 = random.Next(1, 999) + " " + Word(random, 5, 10) + " Road", City = Word(random, 5, 10), Country = "DE", PostalCode = random.Next(10000, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture) }; break;
                }
                m.Events.Add(audit);
            }
            return m;
        });

        // Last, the seven BenchmarkDotNet workloads (their own fixed data, nothing drawn from `random`), so that the
        // screen also shows them in one process, measured as the kinds are.
        yield return ("Customer", () => new Serializers.CustomerBenchmarks().CreateGoogleMessage());
        yield return ("Document", () => new Serializers.DocumentBenchmarks().CreateGoogleMessage());
        yield return ("LogBatch", () => new Serializers.LogBatchBenchmarks().CreateGoogleMessage());
        yield return ("Order", () => new Serializers.OrderBenchmarks().CreateGoogleMessage());
        yield return ("Samples", () => new Serializers.SamplesBenchmarks().CreateGoogleMessage());
        yield return ("Scalars", () => new Serializers.ScalarsBenchmarks().CreateGoogleMessage());
        yield return ("Tree", () => new Serializers.TreeBenchmarks().CreateGoogleMessage());
    }

    // The calling thread's CPU time in nanoseconds (CLOCK_THREAD_CPUTIME_ID) on Linux, else the wall clock.
    private static class CpuClock
    {
        private static readonly bool Linux = OperatingSystem.IsLinux();

        public static long Now()
        {
            if (Linux && clock_gettime(3, out TimeSpec time) == 0)
            {
                return time.Seconds * 1_000_000_000 + time.Nanoseconds;
            }

            return (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));
        }

        [StructLayout(LayoutKind.Sequential)]
        private struct TimeSpec
        {
            public long Seconds;
            public long Nanoseconds;
        }

        [DllImport("libc", EntryPoint = "clock_gettime")]
        private static extern int clock_gettime(int clock, out TimeSpec time);
    }
}
