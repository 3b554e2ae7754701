using Acme.Store.V1;
using ProtoGen;
using ProtoGen.WellKnownTypes;

// Build a message with the generated types: nested messages, a map, repeated fields, an enum and a Timestamp.
var order = new Order
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

byte[] bytes = order.ToByteArray();
Order parsed = Order.Parser.ParseFrom(bytes);

Console.WriteLine($"Message:  {order}");
Console.WriteLine($"Bytes:    {bytes.Length} bytes: {Convert.ToHexString(bytes)}");
Console.WriteLine($"Parsed:   {parsed}");
Console.WriteLine($"Equal:    {parsed.Equals(order)}");
Console.WriteLine($"Placed:   {parsed.PlacedAt!.ToDateTimeOffset():u}");
