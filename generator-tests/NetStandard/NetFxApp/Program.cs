using System;
using Acme.Store.V1;

namespace ProtoGen.NetStandard.NetFxApp
{
    internal static class Program
    {
        private static int Main()
        {
            // Contracts' types (the library's), this app's own, and the runtime's serializer, as a .NET Framework app uses them.
            var quote = new global::Quote.Quote { Product = "tea", Price = new Money { CurrencyCode = "EUR", Units = 3, Nanos = 500_000_000 } };
            byte[] bytes = quote.ToByteArray();
            var parsed = global::Quote.Quote.Parser.ParseFrom(bytes);
            Console.WriteLine(parsed.Equals(quote) ? "net472: round trip ok" : "net472: round trip FAILED");
            return parsed.Equals(quote) ? 0 : 1;
        }
    }
}
