using ProtoBuf;
using ProtoBuf.Meta;

// protobuf-net contract types for the messages of benchmarks/protos/protogen/bench/v1/workloads.proto, written by
// hand to match it (no protobuf-net code generator package restores here). proto3 rules, as protobuf-net spells them:
// repeated scalars and enums are packed (IsPacked); sint64 is ZigZag; fixed32, fixed64 and sfixed64 are FixedSize;
// zero scalars are not written (the model's implicit zero default); oneof members and proto3 `optional` are
// nullable, so that a set zero or false is written as in proto3; maps are dictionaries (map entries); the well-known
// Timestamp, Duration and wrappers are small contracts of their own. Every workload message implements IExtensible, as
// protobuf-net's own code generator writes messages, so that protobuf-net keeps unknown fields as Google.Protobuf and
// ProtoGen do (one reference per message, created only when an unknown field arrives); the well-known types' small
// contracts do not (protobuf-net's generator maps Timestamp and Duration to DateTime and TimeSpan, lighter still).
// SerializerBenchmarks.Setup proves every workload round-trips through these types to a message equal to
// Google.Protobuf's.
namespace ProtoGen.Benchmarks.Serializers.ProtobufNet;

/// <summary>The protobuf-net model the benchmarks use: the contracts below, compiled to IL up front with
/// <see cref="RuntimeTypeModel.Compile()"/> (a standalone <see cref="TypeModel"/>).</summary>
public static class PbNet
{
    public static readonly TypeModel Model = CreateModel();

    private static TypeModel CreateModel()
    {
        var model = RuntimeTypeModel.Create();
        // The enums too: a compiled model has no serializer for an enum it was not given (repeated OrderStatus).
        foreach (var type in new[] { typeof(Level), typeof(OrderStatus), typeof(Severity), typeof(Scalars), typeof(Customer), typeof(Samples), typeof(TreeNode), typeof(Document), typeof(Order), typeof(LogBatch) })
        {
            model.Add(type, applyDefaultBehaviour: true);
        }
        return model.Compile();
    }
}

public enum Level { Unspecified = 0, Low = 1, High = 2 }

public enum OrderStatus { Unspecified = 0, Placed = 1, Paid = 2, Shipped = 3, Delivered = 4 }

public enum Severity { Unspecified = 0, Debug = 5, Info = 9, Warn = 13, Error = 17 }

[ProtoContract]
public sealed class Timestamp
{
    [ProtoMember(1)] public long Seconds { get; set; }
    [ProtoMember(2)] public int Nanos { get; set; }
}

[ProtoContract]
public sealed class Duration
{
    [ProtoMember(1)] public long Seconds { get; set; }
    [ProtoMember(2)] public int Nanos { get; set; }
}

[ProtoContract]
public sealed class StringValue
{
    [ProtoMember(1)] public string? Value { get; set; }
}

[ProtoContract]
public sealed class Int32Value
{
    [ProtoMember(1)] public int Value { get; set; }
}

[ProtoContract]
public sealed class Scalars : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public int Id { get; set; }
    [ProtoMember(2)] public long TimestampMs { get; set; }
    [ProtoMember(3)] public uint Flags { get; set; }
    [ProtoMember(4)] public bool Active { get; set; }
    [ProtoMember(5)] public double Score { get; set; }
    [ProtoMember(6)] public float Ratio { get; set; }
    [ProtoMember(7, DataFormat = DataFormat.FixedSize)] public uint Checksum { get; set; }
    [ProtoMember(8, DataFormat = DataFormat.ZigZag)] public long Delta { get; set; }
    [ProtoMember(9)] public Level Level { get; set; }
}

[ProtoContract]
public sealed class Customer : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Id { get; set; }
    [ProtoMember(2)] public string? DisplayName { get; set; }
    [ProtoMember(3)] public string? Email { get; set; }
    [ProtoMember(4)] public Level Tier { get; set; }
    [ProtoMember(5)] public Timestamp? CreatedAt { get; set; }
    [ProtoMember(6)] public PostalAddress? BillingAddress { get; set; }
    [ProtoMember(7)] public List<PostalAddress> ShippingAddresses { get; } = new();
    [ProtoMember(8)] public List<string> Tags { get; } = new();
    [ProtoMember(9)] public Dictionary<string, string> Attributes { get; } = new();
    [ProtoMember(10)] public List<Purchase> RecentPurchases { get; } = new();
    // oneof contact
    [ProtoMember(11)] public string? Phone { get; set; }
    [ProtoMember(12)] public PostalAddress? MailOnly { get; set; }
}

[ProtoContract]
public sealed class PostalAddress : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public List<string> Lines { get; } = new();
    [ProtoMember(2)] public string? City { get; set; }
    [ProtoMember(3)] public string? PostalCode { get; set; }
    [ProtoMember(4)] public string? CountryCode { get; set; }
}

[ProtoContract]
public sealed class Purchase : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Sku { get; set; }
    [ProtoMember(2)] public uint Quantity { get; set; }
    [ProtoMember(3)] public long PriceCents { get; set; }
    [ProtoMember(4)] public Timestamp? At { get; set; }
}

[ProtoContract]
public sealed class Samples : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Series { get; set; }
    [ProtoMember(2, IsPacked = true)] public List<int> Counts { get; } = new();
    [ProtoMember(3, IsPacked = true, DataFormat = DataFormat.ZigZag)] public List<long> Deltas { get; } = new();
    [ProtoMember(4, IsPacked = true)] public List<double> Values { get; } = new();
    [ProtoMember(5, IsPacked = true, DataFormat = DataFormat.FixedSize)] public List<uint> Stamps { get; } = new();
    [ProtoMember(6)] public byte[]? Blob { get; set; }
}

[ProtoContract]
public sealed class TreeNode : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Name { get; set; }
    [ProtoMember(2)] public long Weight { get; set; }
    [ProtoMember(3)] public List<TreeNode> Children { get; } = new();
}

[ProtoContract]
public sealed class Document : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Title { get; set; }
    [ProtoMember(2)] public List<string> Paragraphs { get; } = new();
    [ProtoMember(3)] public Dictionary<string, string> Translations { get; } = new();
    [ProtoMember(4)] public List<string> Keywords { get; } = new();
}

[ProtoContract]
public sealed class Order : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public long OrderId { get; set; }
    [ProtoMember(2)] public string? CustomerId { get; set; }
    [ProtoMember(3)] public OrderStatus Status { get; set; }
    [ProtoMember(4)] public Timestamp? PlacedAt { get; set; }
    [ProtoMember(5)] public List<LineItem> Items { get; } = new();
    [ProtoMember(6)] public Dictionary<int, Shipment> Shipments { get; } = new();
    [ProtoMember(7)] public Money? Total { get; set; }
    [ProtoMember(8)] public string? Coupon { get; set; }
    [ProtoMember(9)] public StringValue? Note { get; set; }
    [ProtoMember(10)] public Int32Value? Priority { get; set; }
    [ProtoMember(11)] public byte[]? Signature { get; set; }
    [ProtoMember(12, IsPacked = true)] public List<OrderStatus> History { get; } = new();
    [ProtoMember(13)] public bool Gift { get; set; }
    [ProtoMember(14)] public double WeightKg { get; set; }
    // oneof payment
    [ProtoMember(15)] public Card? Card { get; set; }
    [ProtoMember(16)] public string? InvoiceRef { get; set; }
    [ProtoMember(17, IsPacked = true)] public List<double> Discounts { get; } = new();
    [ProtoMember(18)] public Dictionary<string, long> Counters { get; } = new();
    [ProtoMember(19, DataFormat = DataFormat.FixedSize)] public long Checksum { get; set; }
    [ProtoMember(20)] public ulong Flags { get; set; }
    [ProtoMember(21)] public Duration? Handling { get; set; }
}

[ProtoContract]
public sealed class LineItem : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Sku { get; set; }
    [ProtoMember(2)] public string? Title { get; set; }
    [ProtoMember(3)] public uint Quantity { get; set; }
    [ProtoMember(4)] public Money? UnitPrice { get; set; }
    [ProtoMember(5)] public List<string> Tags { get; } = new();
    [ProtoMember(6)] public float Discount { get; set; }
}

[ProtoContract]
public sealed class Money : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? CurrencyCode { get; set; }
    [ProtoMember(2)] public long Units { get; set; }
    [ProtoMember(3)] public int Nanos { get; set; }
}

[ProtoContract]
public sealed class Shipment : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Carrier { get; set; }
    [ProtoMember(2)] public string? TrackingNumber { get; set; }
    [ProtoMember(3)] public Timestamp? Eta { get; set; }
    [ProtoMember(4)] public List<ShipmentEvent> Events { get; } = new();
}

[ProtoContract]
public sealed class ShipmentEvent : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public long AtMs { get; set; }
    [ProtoMember(2)] public string? Code { get; set; }
}

[ProtoContract]
public sealed class Card : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Last4 { get; set; }
    [ProtoMember(2)] public int ExpMonth { get; set; }
    [ProtoMember(3)] public int ExpYear { get; set; }
    [ProtoMember(4)] public string? Brand { get; set; }
}

[ProtoContract]
public sealed class LogBatch : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public Resource? Resource { get; set; }
    [ProtoMember(2)] public List<LogRecord> Records { get; } = new();
    [ProtoMember(3)] public string? SchemaUrl { get; set; }
}

[ProtoContract]
public sealed class Resource : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public List<KeyValue> Attributes { get; } = new();
    [ProtoMember(2)] public uint DroppedAttributesCount { get; set; }
}

[ProtoContract]
public sealed class LogRecord : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1, DataFormat = DataFormat.FixedSize)] public ulong TimeUnixNano { get; set; }
    [ProtoMember(2)] public Severity SeverityNumber { get; set; }
    [ProtoMember(3)] public string? SeverityText { get; set; }
    [ProtoMember(5)] public AnyValue? Body { get; set; }
    [ProtoMember(6)] public List<KeyValue> Attributes { get; } = new();
    [ProtoMember(7)] public uint DroppedAttributesCount { get; set; }
    [ProtoMember(8, DataFormat = DataFormat.FixedSize)] public uint Flags { get; set; }
    [ProtoMember(9)] public byte[]? TraceId { get; set; }
    [ProtoMember(10)] public byte[]? SpanId { get; set; }
    [ProtoMember(11, DataFormat = DataFormat.FixedSize)] public ulong ObservedTimeUnixNano { get; set; }
}

[ProtoContract]
public sealed class KeyValue : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? Key { get; set; }
    [ProtoMember(2)] public AnyValue? Value { get; set; }
}

/// <summary>oneof value: one nullable member per case, at most one set.</summary>
[ProtoContract]
public sealed class AnyValue : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public string? StringValue { get; set; }
    [ProtoMember(2)] public bool? BoolValue { get; set; }
    [ProtoMember(3)] public long? IntValue { get; set; }
    [ProtoMember(4)] public double? DoubleValue { get; set; }
    [ProtoMember(5)] public ArrayValue? ArrayValue { get; set; }
    [ProtoMember(6)] public KeyValueList? KvlistValue { get; set; }
    [ProtoMember(7)] public byte[]? BytesValue { get; set; }
}

[ProtoContract]
public sealed class ArrayValue : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public List<AnyValue> Values { get; } = new();
}

[ProtoContract]
public sealed class KeyValueList : IExtensible
{
    private IExtension? _extensionData;
    IExtension IExtensible.GetExtensionObject(bool createIfMissing) => Extensible.GetExtensionObject(ref _extensionData, createIfMissing);

    [ProtoMember(1)] public List<KeyValue> Values { get; } = new();
}
