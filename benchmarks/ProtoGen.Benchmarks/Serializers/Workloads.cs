extern alias gp;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Gp = gp::Protogen.Bench.V1;
using Pg = Protogen.Bench.V1;
using Pn = ProtoGen.Benchmarks.Serializers.ProtobufNet;

namespace ProtoGen.Benchmarks.Serializers;

// The workloads of benchmarks/protos/protogen/bench/v1/workloads.proto, each filled with fixed data.

/// <summary>Small, scalar-only: per-call overhead.</summary>
public class ScalarsBenchmarks() : SerializerBenchmarks<Pg.Scalars, Gp.Scalars, Pn.Scalars>(Pg.Scalars.Parser, Gp.Scalars.Parser)
{
    protected override Gp.Scalars CreateMessage() => new()
    {
        Id = 123_456,
        TimestampMs = 1_763_717_400_123,
        Flags = 0x1F,
        Active = true,
        Score = 98.625,
        Ratio = 0.75f,
        Checksum = 0xDEADBEEF,
        Delta = -4_242,
        Level = Gp.Level.High,
    };
}

/// <summary>A realistic service response: strings, nested messages, repeated, map, Timestamp, enum, oneof.</summary>
public class CustomerBenchmarks() : SerializerBenchmarks<Pg.Customer, Gp.Customer, Pn.Customer>(Pg.Customer.Parser, Gp.Customer.Parser)
{
    protected override Gp.Customer CreateMessage()
    {
        var customer = new Gp.Customer
        {
            Id = "cus_01HZX3V8Q2M7K4",
            DisplayName = "Ada Lovelace",
            Email = "ada.lovelace@example.com",
            Tier = Gp.Level.High,
            CreatedAt = new Timestamp { Seconds = 1_700_000_000, Nanos = 250_000_000 },
            BillingAddress = Address(0),
            Phone = "+44 20 7946 0958",
        };
        for (int i = 0; i < 3; i++)
        {
            customer.ShippingAddresses.Add(Address(i + 1));
        }
        for (int i = 0; i < 8; i++)
        {
            customer.Tags.Add($"segment-{i}");
            customer.Attributes[$"attribute-{i}"] = $"value {i * 37}";
        }
        for (int i = 0; i < 10; i++)
        {
            customer.RecentPurchases.Add(new Gp.Purchase
            {
                Sku = $"SKU-{1000 + i * 17}",
                Quantity = (uint)(i % 4 + 1),
                PriceCents = 199 + i * 1_250L,
                At = new Timestamp { Seconds = 1_760_000_000 + i * 86_400L, Nanos = i * 1_000 },
            });
        }
        return customer;
    }

    private static Gp.PostalAddress Address(int i) => new()
    {
        Lines = { $"{10 + i} Downing Street", "Flat " + (char)('A' + i) },
        City = "London",
        PostalCode = $"SW1A {i}AA",
        CountryCode = "GB",
    };
}

/// <summary>Large: thousands of packed numbers and a 64 KiB bytes field.</summary>
public class SamplesBenchmarks() : SerializerBenchmarks<Pg.Samples, Gp.Samples, Pn.Samples>(Pg.Samples.Parser, Gp.Samples.Parser)
{
    protected override Gp.Samples CreateMessage()
    {
        var random = new Random(42);
        var samples = new Gp.Samples { Series = "sensor-7/temperature" };
        for (int i = 0; i < 4096; i++)
        {
            // Mostly small counts with some large ones, so varint lengths vary.
            samples.Counts.Add(i % 16 == 0 ? random.Next() : random.Next(0, 300));
        }
        for (int i = 0; i < 2048; i++)
        {
            samples.Deltas.Add(random.NextInt64(-100_000, 100_000));
        }
        for (int i = 0; i < 1024; i++)
        {
            samples.Values.Add(random.NextDouble() * 100);
            samples.Stamps.Add((uint)random.Next());
        }
        byte[] blob = new byte[64 * 1024];
        random.NextBytes(blob);
        samples.Blob = Google.Protobuf.ByteString.CopyFrom(blob);
        return samples;
    }
}

/// <summary>A deeply nested tree: a spine 40 levels deep with two leaves at each level.</summary>
public class TreeBenchmarks() : SerializerBenchmarks<Pg.TreeNode, Gp.TreeNode, Pn.TreeNode>(Pg.TreeNode.Parser, Gp.TreeNode.Parser)
{
    private const int Depth = 40;

    protected override Gp.TreeNode CreateMessage()
    {
        var root = new Gp.TreeNode { Name = "root", Weight = 1 };
        var node = root;
        for (int level = 1; level < Depth; level++)
        {
            node.Children.Add(new Gp.TreeNode { Name = $"leaf-{level}-a", Weight = level * 3 });
            node.Children.Add(new Gp.TreeNode { Name = $"leaf-{level}-b", Weight = level * 5 });
            var next = new Gp.TreeNode { Name = $"level-{level}", Weight = level };
            node.Children.Add(next);
            node = next;
        }
        return root;
    }
}

/// <summary>String-heavy, mostly non-ASCII text: UTF-8 counting and encoding.</summary>
public class DocumentBenchmarks() : SerializerBenchmarks<Pg.Document, Gp.Document, Pn.Document>(Pg.Document.Parser, Gp.Document.Parser)
{
    private static readonly string[] Texts =
    [
        "Größenverhältnisse der Übersetzung: äöü ÄÖÜ ß, und noch ein paar Wörter mehr für den Absatz.",
        "Ο γρήγορος καφέ αλεπού πηδά πάνω από τον τεμπέλη σκύλο, και ξανά πίσω στο δάσος.",
        "素早い茶色の狐がのろまな犬を飛び越える。日本語の段落はもう少し長くなります。",
        "Съешь же ещё этих мягких французских булок, да выпей чаю — и ещё раз, для верности.",
        "El pingüino Wenceslao hizo kilómetros bajo exhaustiva lluvia y frío, añoraba a su querido cachorro.",
        "敏捷的棕色狐狸跳过了懒狗。这是一个用于测试的中文段落，包含标点符号。",
        "Emoji too: 🚀 launch, 🌍 world, 🎉 party, ✅ done — surrogate pairs in every sentence 🧪.",
        "Zażółć gęślą jaźń; Příliš žluťoučký kůň úpěl ďábelské ódy; Árvíztűrő tükörfúrógép.",
    ];

    // The keywords cut "Emoji too: 🚀..." inside its surrogate pair, which ProtoJSON cannot write; for JSON the cut
    // keeps the pair whole (the binary workload stays as it was measured).
    protected override Gp.Document CreateJsonMessage()
    {
        var document = CreateMessage();
        for (int i = 0; i < document.Keywords.Count; i++)
        {
            if (char.IsHighSurrogate(document.Keywords[i][^1])) document.Keywords[i] = Texts[i].Substring(0, 13);
        }
        return document;
    }

    protected override Gp.Document CreateMessage()
    {
        var document = new Gp.Document { Title = "Übersetzungen — Ελληνικά, 日本語, Русский, 中文 🌐" };
        for (int i = 0; i < 24; i++)
        {
            document.Paragraphs.Add(Texts[i % Texts.Length] + " " + Texts[(i * 3 + 1) % Texts.Length]);
        }
        string[] languages = ["de", "el", "ja", "ru", "es", "zh", "pl", "hu"];
        for (int i = 0; i < languages.Length; i++)
        {
            document.Translations[languages[i]] = Texts[i];
            document.Keywords.Add(Texts[i].Substring(0, 12));
        }
        return document;
    }
}

/// <summary>A mixed order, added after the tuning as a check: wrappers, proto3 optional, a message-valued map, packed
/// enums, small bytes, Duration.</summary>
public class OrderBenchmarks() : SerializerBenchmarks<Pg.Order, Gp.Order, Pn.Order>(Pg.Order.Parser, Gp.Order.Parser)
{
    protected override Gp.Order CreateMessage()
    {
        var order = new Gp.Order
        {
            OrderId = 9_007_199_254_740_993,
            CustomerId = "cus_01HZX3V8Q2M7K4",
            Status = Gp.OrderStatus.Shipped,
            PlacedAt = new Timestamp { Seconds = 1_763_700_000, Nanos = 123_000_000 },
            Total = new Gp.Money { CurrencyCode = "EUR", Units = 1_234, Nanos = 560_000_000 },
            Coupon = "WINTER-2026",
            Note = "Leave at the door, ring twice",
            Priority = 2,
            Signature = Google.Protobuf.ByteString.CopyFrom(Enumerable.Range(0, 64).Select(i => (byte)(i * 37)).ToArray()),
            Gift = true,
            WeightKg = 3.75,
            Card = new Gp.Card { Last4 = "4242", ExpMonth = 12, ExpYear = 2029, Brand = "visa" },
            Checksum = -8_070_450_532_247_928_832,
            Flags = 0x8000_0000_0000_0011,
            Handling = new Duration { Seconds = 86_400 * 2, Nanos = 500_000_000 },
        };
        order.History.Add([Gp.OrderStatus.Placed, Gp.OrderStatus.Paid, Gp.OrderStatus.Shipped]);
        for (int i = 0; i < 6; i++)
        {
            order.Items.Add(new Gp.LineItem
            {
                Sku = $"SKU-{40_000 + i * 113}",
                Title = i % 2 == 0 ? $"Wool socks, size {38 + i}" : $"Ceramic mug #{i}, 350 ml",
                Quantity = (uint)(i + 1),
                UnitPrice = new Gp.Money { CurrencyCode = "EUR", Units = 7 + i * 3, Nanos = 990_000_000 },
                Tags = { "winter", $"batch-{i}" },
                Discount = i * 0.05f,
            });
            order.Discounts.Add(i * 0.125);
        }
        for (int s = 1; s <= 2; s++)
        {
            var shipment = new Gp.Shipment
            {
                Carrier = s == 1 ? "DHL" : "PostNL",
                TrackingNumber = $"JD0{s}4600{s}12345678",
                Eta = new Timestamp { Seconds = 1_763_900_000 + s * 3_600 },
            };
            for (int e = 0; e < 4; e++)
            {
                shipment.Events.Add(new Gp.ShipmentEvent { AtMs = 1_763_750_000_000 + e * 60_000, Code = $"SCAN_{e}" });
            }
            order.Shipments[s * 100] = shipment;
        }
        order.Counters["views"] = 17;
        order.Counters["edits"] = 3;
        order.Counters["retries"] = 0;
        return order;
    }
}

/// <summary>A batch of OpenTelemetry-shaped log records, added after the tuning as a check: many small nested
/// messages (every attribute is a key/value pair holding a oneof), short strings, fixed64 times, 8- and 16-byte ids.</summary>
public class LogBatchBenchmarks() : SerializerBenchmarks<Pg.LogBatch, Gp.LogBatch, Pn.LogBatch>(Pg.LogBatch.Parser, Gp.LogBatch.Parser)
{
    private static readonly string[] Routes = ["/api/v1/orders", "/api/v1/customers/{id}", "/healthz", "/api/v1/search"];

    protected override Gp.LogBatch CreateMessage()
    {
        var batch = new Gp.LogBatch
        {
            Resource = new Gp.Resource
            {
                Attributes =
                {
                    Attribute("service.name", "checkout"),
                    Attribute("service.version", "2.14.1"),
                    Attribute("host.name", "ip-10-0-3-17"),
                    Attribute("k8s.pod.uid", "6f1c2a9e-3b7d-4e2f-9a41-0c5d8e7b1f36"),
                },
            },
            SchemaUrl = "https://opentelemetry.io/schemas/1.24.0",
        };
        var random = new Random(7);
        for (int i = 0; i < 20; i++)
        {
            var record = new Gp.LogRecord
            {
                TimeUnixNano = 1_763_717_400_000_000_000UL + (ulong)i * 1_250_000,
                ObservedTimeUnixNano = 1_763_717_400_000_500_000UL + (ulong)i * 1_250_000,
                SeverityNumber = i % 7 == 0 ? Gp.Severity.Warn : Gp.Severity.Info,
                SeverityText = i % 7 == 0 ? "WARN" : "INFO",
                Body = new Gp.AnyValue { StringValue = $"handled {Routes[i % Routes.Length]} in {3 + i * 7 % 40} ms" },
                Flags = 1,
                TraceId = Ids(random, 16),
                SpanId = Ids(random, 8),
            };
            record.Attributes.Add(Attribute("http.method", i % 3 == 0 ? "POST" : "GET"));
            record.Attributes.Add(Attribute("http.route", Routes[i % Routes.Length]));
            record.Attributes.Add(new Gp.KeyValue { Key = "http.status_code", Value = new Gp.AnyValue { IntValue = i % 7 == 0 ? 503 : 200 } });
            record.Attributes.Add(new Gp.KeyValue { Key = "duration_ms", Value = new Gp.AnyValue { DoubleValue = 3.5 + i * 0.25 } });
            record.Attributes.Add(new Gp.KeyValue { Key = "retry", Value = new Gp.AnyValue { BoolValue = i % 5 == 0 } });
            if (i % 4 == 0)
            {
                var tags = new Gp.ArrayValue();
                tags.Values.Add(new Gp.AnyValue { StringValue = "beta" });
                tags.Values.Add(new Gp.AnyValue { StringValue = "eu-west-1" });
                record.Attributes.Add(new Gp.KeyValue { Key = "tags", Value = new Gp.AnyValue { ArrayValue = tags } });
            }
            batch.Records.Add(record);
        }
        return batch;
    }

    private static Gp.KeyValue Attribute(string key, string value) => new() { Key = key, Value = new Gp.AnyValue { StringValue = value } };

    private static Google.Protobuf.ByteString Ids(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return Google.Protobuf.ByteString.CopyFrom(bytes);
    }
}
