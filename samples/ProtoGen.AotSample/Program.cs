// A native AOT program on generated messages. Every answer is checked; a wrong one makes the exit code 1.
// The expected bytes and JSON texts below are what Google.Protobuf 3.36.2 and protoc's C# produce for the same
// messages (this file builds on either runtime; see the project file), so both builds are held to the same answers.
//
// Modes (the first argument), for start-up measurements of a fresh process:
//   (none)    every check, then the in-process times to the first results
//   --exit    return at once: the runtime's own start-up, nothing of ours run
//   --binary  the first serialize and parse of an Order, then exit
//   --json    the first serialize and parse, then the first ProtoJSON format and parse, then exit
using System.Diagnostics;
using Acme.Store.V1;
using ProtoGen.Samples.Types;
#if GOOGLE_PROTOBUF
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;
#else
using ProtoGen;
using ProtoGen.Json;
using ProtoGen.WellKnownTypes;
#endif

long start = Stopwatch.GetTimestamp();
long jitStart = System.Runtime.JitInfo.GetCompiledMethodCount();
TimeSpan jitTimeStart = System.Runtime.JitInfo.GetCompilationTime();
string mode = args.Length > 0 ? args[0] : "";
if (mode == "--exit")
{
    return 0;
}

// The first serialize and parse in this process.
Order order = Samples.NewOrder();
byte[] orderBytes = order.ToByteArray();
Order parsed = Order.Parser.ParseFrom(orderBytes);
long firstBinary = Stopwatch.GetTimestamp();
long jitBinary = System.Runtime.JitInfo.GetCompiledMethodCount();
TimeSpan jitTimeBinary = System.Runtime.JitInfo.GetCompilationTime();
if (mode == "--binary")
{
    return parsed.Lines.Count == 2 ? 0 : 1;
}

// The first ProtoJSON format and parse.
string orderJson = JsonFormatter.Default.Format(parsed);
Order fromJson = JsonParser.Default.Parse<Order>(orderJson);
long firstJson = Stopwatch.GetTimestamp();
long jitJson = System.Runtime.JitInfo.GetCompiledMethodCount();
TimeSpan jitTimeJson = System.Runtime.JitInfo.GetCompilationTime();
if (mode == "--json")
{
    return fromJson.Lines.Count == 2 ? 0 : 1;
}
if (mode != "")
{
    Console.Error.WriteLine($"unknown mode '{mode}' (expected --exit, --binary or --json)");
    return 2;
}

var check = new Checker();

// Binary.
check.Equal("Order bytes", Convert.ToHexString(orderBytes), Expected.OrderHex);
check.Equal("Order parsed", parsed, order);
check.Equal("Order placed_at", parsed.PlacedAt.ToDateTimeOffset(), new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero));
check.Equal("Order line_totals[book-7]", parsed.LineTotals["book-7"], 30L);

AllTypes all = Samples.NewAllTypes();
byte[] allBytes = all.ToByteArray();
check.Equal("AllTypes size", allBytes.Length, Expected.AllTypesSize);
check.Equal("AllTypes CalculateSize", all.CalculateSize(), Expected.AllTypesSize);
check.Equal("AllTypes bytes (FNV-1a)", Checker.Fnv1a(allBytes), Expected.AllTypesFnv);
check.Equal("AllTypes parsed", AllTypes.Parser.ParseFrom(allBytes), all);

Wrappers wrappers = Samples.NewWrappers();
check.Equal("Wrappers bytes", Convert.ToHexString(wrappers.ToByteArray()), Expected.WrappersHex);
check.Equal("Wrappers parsed", Wrappers.Parser.ParseFrom(wrappers.ToByteArray()), wrappers);

// ProtoJSON.
check.Equal("Order JSON", orderJson, Expected.OrderJson);
check.Equal("Order from JSON", fromJson, order);
string allJson = JsonFormatter.Default.Format(all);
check.Equal("AllTypes JSON (FNV-1a)", Checker.Fnv1a(System.Text.Encoding.UTF8.GetBytes(allJson)), Expected.AllTypesJsonFnv);
check.Equal("AllTypes from JSON", JsonParser.Default.Parse<AllTypes>(allJson), all);
check.Equal("Wrappers JSON", JsonFormatter.Default.Format(wrappers), Expected.WrappersJson);
check.Equal("Wrappers from JSON", JsonParser.Default.Parse<Wrappers>(Expected.WrappersJson), wrappers);
var update = new UpdateItemRequest
{
    Item = new Item { Id = "book-7", Title = "Dune", Price = new Money { CurrencyCode = "EUR", Units = 15 } },
    UpdateMask = new FieldMask { Paths = { "title", "price.units" } },
};
check.Equal("FieldMask JSON", JsonFormatter.Default.Format(update), Expected.UpdateJson);
check.Equal("FieldMask from JSON", JsonParser.Default.Parse<UpdateItemRequest>(Expected.UpdateJson), update);

// Any, resolved through a type registry.
#if GOOGLE_PROTOBUF
var registry = TypeRegistry.FromMessages(Order.Descriptor);
#else
var registry = TypeRegistry.FromParsers(Order.Parser);
#endif
var any = Any.Pack(order);
string anyJson = new JsonFormatter(JsonFormatter.Settings.Default.WithTypeRegistry(registry)).Format(any);
check.Equal("Any JSON", anyJson, Expected.AnyJson);
Any anyBack = new JsonParser(JsonParser.Settings.Default.WithTypeRegistry(registry)).Parse<Any>(anyJson);
check.Equal("Any unpacked", anyBack.Unpack<Order>(), order);

// Descriptors.
check.Equal("Order descriptor", Order.Descriptor.FullName, "acme.store.v1.Order");
check.Equal("Order descriptor file", Order.Descriptor.File.Name, "acme/store/v1/store.proto");
check.Equal("Order field 5", Order.Descriptor.FindFieldByNumber(5)!.Name, "shipping_address");
check.Equal("Order field 5 JSON name", Order.Descriptor.FindFieldByNumber(5)!.JsonName, "shippingAddress");
check.Equal("Item oneof", Item.Descriptor.Oneofs[0].Name, "delivery");
#if GOOGLE_PROTOBUF
check.Equal("AllTypes field count", AllTypes.Descriptor.Fields.InFieldNumberOrder().Count, Expected.AllTypesFieldCount);
#else
check.Equal("AllTypes field count", AllTypes.Descriptor.Fields.Count, Expected.AllTypesFieldCount);
#endif

// Malformed input is the runtime's InvalidProtocolBufferException.
check.Throws("truncated bytes", () => Order.Parser.ParseFrom(new byte[] { 0x0A, 0x05, 0x61 }));
check.Throws("bad wire type", () => Order.Parser.ParseFrom(new byte[] { 0x0F }));
check.Throws("bad JSON", () => JsonParser.Default.Parse<Order>("{\"lines\": 3}"));
check.Throws("unknown JSON field", () => JsonParser.Default.Parse<Order>("{\"nope\": 1}"));

double ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;
Console.WriteLine($"first serialize and parse: {ms(start, firstBinary):F2} ms after Main; first ProtoJSON: {ms(firstBinary, firstJson):F2} ms more");
// Methods the JIT compiled for each step, and its time compiling them (0 under native AOT, where nothing is compiled at run time).
Console.WriteLine($"JIT: {jitBinary - jitStart} methods ({(jitTimeBinary - jitTimeStart).TotalMilliseconds:F1} ms) for the first serialize and parse, " +
    $"{jitJson - jitBinary} ({(jitTimeJson - jitTimeBinary).TotalMilliseconds:F1} ms) for the first ProtoJSON");
Console.WriteLine($"{check.Passed} checks ok, {check.Failed} failed");
return check.Failed == 0 ? 0 : 1;

static class Samples
{
    public static Order NewOrder() => new()
    {
        Id = "order-1042",
        Status = Order.Types.Status.Pending,
        Lines =
        {
            new OrderLine { ItemId = "book-7", Quantity = 2 },
            new OrderLine { ItemId = "album-3", Quantity = 1 },
        },
        Total = new Money { CurrencyCode = "EUR", Units = 42, Nanos = 500_000_000 },
        ShippingAddress = new Address { Lines = { "1 Rue de la Paix" }, City = "Paris", PostalCode = "75002", RegionCode = "FR" },
        PlacedAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 21, 9, 30, 0, TimeSpan.Zero)),
        LineTotals = { ["book-7"] = 30, ["album-3"] = 12 },
    };

    public static AllTypes NewAllTypes()
    {
        var all = new AllTypes
        {
            FDouble = -1.5, FFloat = 3.25f, FInt32 = -7, FInt64 = long.MinValue, FUint32 = uint.MaxValue,
            FUint64 = ulong.MaxValue, FSint32 = -100, FSint64 = -1L << 40, FFixed32 = 0xDEADBEEF, FFixed64 = 1UL << 63,
            FSfixed32 = int.MinValue, FSfixed64 = -2, FBool = true, FString = "h\u00e9llo \u4e16\u754c \U0001F600",
            FBytes = ByteString.CopyFrom(0, 1, 2, 255),
            RDouble = { 0.1, double.MaxValue }, RFloat = { float.Epsilon }, RInt32 = { -1, 0, 1 }, RInt64 = { long.MaxValue },
            RUint32 = { 300 }, RUint64 = { 1 }, RSint32 = { -64, 63 }, RSint64 = { -1 }, RFixed32 = { 1, 2 },
            RFixed64 = { 3 }, RSfixed32 = { -3 }, RSfixed64 = { -4 }, RBool = { true, false }, RString = { "", "a" },
            RBytes = { ByteString.CopyFrom(9) }, RColor = { Color.Red, Color.Negative, (Color)42 },
            RNested = { new AllTypes.Types.Nested { Value = 1, Note = "n1" }, new AllTypes.Types.Nested() },
            RUnpackedInt32 = { 5, -5 },
            OInt32 = 0, OString = "", OColor = Color.Blue,
            CString = "chosen",
            FBigNumber = 12, FTwoByteTag = "far",
        };
        all.MInt32Int32[1] = -1;
        all.MInt64String[-5] = "minus five";
        all.MUint32Bytes[7] = ByteString.CopyFrom(7, 7);
        all.MUint64Double[8] = double.NegativeInfinity;
        all.MSint32Float[-9] = float.NaN;
        all.MSint64Bool[10] = true;
        all.MFixed32Color[11] = Color.Green;
        all.MFixed64Nested[12] = new AllTypes.Types.Nested { Value = 12 };
        all.MSfixed32Sint64[-13] = -13;
        all.MSfixed64Fixed32[14] = 14;
        all.MBoolUint64[false] = 15;
        all.MStringNested["k"] = new AllTypes.Types.Nested { Note = "v" };
        all.MStringString["\"quoted\""] = "line\nbreak";
        return all;
    }

    public static Wrappers NewWrappers() => new()
    {
        WDouble = 0, WFloat = 1.5f, WInt64 = -1, WUint64 = 2, WInt32 = 3, WUint32 = 4, WBool = false, WString = "",
        WBytes = ByteString.CopyFrom(1),
    };
}

// What Google.Protobuf 3.36.2 (protoc's C# from Grpc.Tools 2.85.0) writes for the messages above.
static class Expected
{
    public const string OrderHex =
        "0A0A6F726465722D31303432120A0A06626F6F6B2D371002120B0A07616C62756D2D3310011801220D0A03455552102A1880CAB5EE012A240A103120527565206465206C612050616978120550617269731A0537353030322202465232060898C985D8063A0A0A06626F6F6B2D37101E3A0B0A07616C62756D2D33100C";
    public const int AllTypesSize = 494;
    public const uint AllTypesFnv = 3570661029;
    public const string WrappersHex = "0A0012050D0000C03F1A0B08FFFFFFFFFFFFFFFFFF01220208022A020803320208043A0042004A030A0101";
    public const string OrderJson =
        """{ "id": "order-1042", "lines": [ { "itemId": "book-7", "quantity": 2 }, { "itemId": "album-3", "quantity": 1 } ], "status": "STATUS_PENDING", "total": { "currencyCode": "EUR", "units": "42", "nanos": 500000000 }, "shippingAddress": { "lines": [ "1 Rue de la Paix" ], "city": "Paris", "postalCode": "75002", "regionCode": "FR" }, "placedAt": "2026-11-21T09:30:00Z", "lineTotals": { "book-7": "30", "album-3": "12" } }""";
    public const uint AllTypesJsonFnv = 3947527019;
    public const string WrappersJson =
        """{ "wDouble": 0, "wFloat": 1.5, "wInt64": "-1", "wUint64": "2", "wInt32": 3, "wUint32": 4, "wBool": false, "wString": "", "wBytes": "AQ==" }""";
    public const string UpdateJson =
        """{ "item": { "id": "book-7", "title": "Dune", "price": { "currencyCode": "EUR", "units": "15" } }, "updateMask": "title,price.units" }""";
    public const string AnyJson =
        """{ "@type": "type.googleapis.com/acme.store.v1.Order", "id": "order-1042", "lines": [ { "itemId": "book-7", "quantity": 2 }, { "itemId": "album-3", "quantity": 1 } ], "status": "STATUS_PENDING", "total": { "currencyCode": "EUR", "units": "42", "nanos": 500000000 }, "shippingAddress": { "lines": [ "1 Rue de la Paix" ], "city": "Paris", "postalCode": "75002", "regionCode": "FR" }, "placedAt": "2026-11-21T09:30:00Z", "lineTotals": { "book-7": "30", "album-3": "12" } }""";
    public const int AllTypesFieldCount = 60;
}

sealed class Checker
{
    public int Passed { get; private set; }
    public int Failed { get; private set; }

    public void Equal<T>(string name, T actual, T expected)
    {
        if (EqualityComparer<T>.Default.Equals(actual, expected))
        {
            Passed++;
            Console.WriteLine($"ok {name}");
        }
        else
        {
            Failed++;
            Console.WriteLine($"FAIL {name}: expected {expected}, got {actual}");
        }
    }

    public void Throws(string name, Action action)
    {
        try
        {
            action();
            Failed++;
            Console.WriteLine($"FAIL {name}: no exception");
        }
#if GOOGLE_PROTOBUF
        // Google.Protobuf reports malformed JSON with InvalidJsonException, an IOException beside
        // InvalidProtocolBufferException; ProtoGen uses InvalidProtocolBufferException for both.
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException)
#else
        catch (InvalidProtocolBufferException)
#endif
        {
            Passed++;
            Console.WriteLine($"ok {name}");
        }
        catch (Exception e)
        {
            Failed++;
            Console.WriteLine($"FAIL {name}: {e.GetType().Name}: {e.Message}");
        }
    }

    // FNV-1a over the bytes: a compact fingerprint for outputs too long to spell out here.
    public static uint Fnv1a(byte[] bytes)
    {
        uint hash = 2166136261;
        foreach (byte b in bytes)
        {
            hash = (hash ^ b) * 16777619;
        }
        return hash;
    }
}
