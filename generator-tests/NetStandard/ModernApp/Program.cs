using System;
using System.Linq;
using System.Text;
using ProtoGen;
using ProtoGen.Samples.Types;

namespace ProtoGen.NetStandard.ModernApp;

/// <summary>
/// Serializes a fixed set of messages of the netstandard2.0 contracts library and prints their bytes, one line each;
/// every message must also parse back equal. ../run.sh runs this on both builds of the runtime and compares the output,
/// so the netstandard2.0 build must write exactly what the net10.0 build writes (which the wire tests compare with
/// Google.Protobuf). Exits 1 on any failed check.
/// </summary>
internal static class Program
{
    private static int _failures;

    private static int Main()
    {
        string runtimeTarget = typeof(IMessage).Assembly.GetCustomAttributes(typeof(System.Runtime.Versioning.TargetFrameworkAttribute), false)
            .Cast<System.Runtime.Versioning.TargetFrameworkAttribute>().Single().FrameworkName;
        Console.Error.WriteLine($"runtime build: {runtimeTarget}");

        // Strings of every length class the writer and the reader treat apart (1-7, 8-16, 17-32, 33-64, 65-127, longer),
        // ASCII and not, with a lone surrogate (written as U+FFFD).
        string[] texts =
        [
            "a", "USD", "1234567", "12345678", "sixteen chars ok", "seventeen chars!!", new string('x', 32), new string('y', 33),
            "550e8400-e29b-41d4-a716-446655440000 plus more", new string('z', 64), new string('w', 65), new string('v', 127),
            new string('u', 128), new string('t', 20_000), "Καλημέρα κόσμε", "こんにちは世界", "emoji 🚀 and ü", "lone \ud800 surrogate",
            string.Concat(Enumerable.Repeat("Ελληνικά ", 40)), string.Concat(Enumerable.Repeat("日本語", 30)),
        ];
        for (int i = 0; i < texts.Length; i++)
        {
            var message = new AllTypes { FString = texts[i], OString = texts[texts.Length - 1 - i] };
            message.RString.Add(texts[i]);
            message.MStringString[texts[i]] = texts[(i + 1) % texts.Length];
            Check($"text {i}", message, parsesEqual: !HasLoneSurrogate(message));
        }

        var all = new AllTypes
        {
            FDouble = 2.5, FFloat = float.NaN, FInt32 = -1, FInt64 = long.MinValue, FUint32 = uint.MaxValue, FUint64 = ulong.MaxValue,
            FSint32 = int.MinValue, FSint64 = long.MaxValue, FFixed32 = 0xDEADBEEF, FFixed64 = 1, FSfixed32 = -2, FSfixed64 = -3,
            FBool = true, FBytes = ByteString.CopyFrom(Enumerable.Range(0, 300).Select(b => (byte)b).ToArray()), FColor = Color.Negative,
            FNested = new AllTypes.Types.Nested { Value = 7, Note = "nested" },
            OInt32 = 0, ODouble = double.Epsilon, OColor = Color.Blue, OBytes = ByteString.CopyFromUtf8("optional"),
        };
        all.RInt32.Add(Enumerable.Range(-20, 60));
        all.RSint32.Add(Enumerable.Range(-40, 100).Select(v => v * 1000));
        all.RUint32.Add(Enumerable.Range(0, 50).Select(v => (uint)v * 7919u));
        all.RInt64.Add([long.MinValue, -1, 0, 1, long.MaxValue]);
        all.RDouble.Add([double.NaN, double.NegativeInfinity, 1.5]);
        all.RFloat.Add([float.MaxValue, -0.0f]);
        all.RFixed32.Add([1u, 2u, 3u]);
        all.RBool.Add([true, false, true]);
        all.RColor.Add([Color.Red, Color.Negative, (Color)42]);
        all.RUnpackedInt32.Add([1, -1, 300]);
        for (int i = 0; i < 40; i++)
        {
            all.RBytes.Add(ByteString.CopyFrom(Enumerable.Range(0, i * 3).Select(b => (byte)(b * 31)).ToArray()));
            all.RNested.Add(new AllTypes.Types.Nested { Value = i, Note = new string('n', i) });
            all.MInt32Int32[i - 20] = i * i;
            all.MInt64String[i * 1_000_000_007L] = "v" + i;
            all.MFixed64Nested[(ulong)i] = new AllTypes.Types.Nested { Value = -i };
            all.MSint32Float[-i] = i / 3f;
        }
        all.MBoolUint64[true] = ulong.MaxValue;
        all.MBoolUint64[false] = 0;
        Check("all types", all);

        // Wire input that is not UTF-8 where a string is due: the runtime's own exception on every build.
        byte[] invalid = [0x72, 0x02, 0xC3, 0x28]; // field 14 (f_string), 2 bytes, an invalid two-byte sequence
        try
        {
            AllTypes.Parser.ParseFrom(invalid);
            Fail("invalid UTF-8 parsed without an error");
        }
        catch (InvalidProtocolBufferException)
        {
            Console.WriteLine("invalid utf-8: InvalidProtocolBufferException");
        }

        // This app's greet.proto imports a file the contracts library generated: its Money is the library's type.
        var quote = new Greet.PriceQuote { Product = "tea", Price = new Acme.Store.V1.Money { CurrencyCode = "EUR", Units = 3 } };
        string moneyAssembly = typeof(Acme.Store.V1.Money).Assembly.GetName().Name!;
        if (moneyAssembly != "ProtoGen.NetStandard.Contracts") Fail($"Money comes from {moneyAssembly}");
        Check("quote", quote);

        Console.Error.WriteLine(_failures == 0 ? "all checks passed" : $"{_failures} checks failed");
        return _failures == 0 ? 0 : 1;
    }

    /// <param name="parsesEqual">False for text with a lone surrogate, which is written as U+FFFD and so parses to
    /// another string (the bytes written again are still the same).</param>
    private static void Check<T>(string name, T message, bool parsesEqual = true) where T : IMessage<T>, new()
    {
        byte[] bytes = MessageSerializer.ToByteArray(message);
        var parsed = new T();
        MessageSerializer.MergeFrom(parsed, bytes);
        if (parsesEqual && !parsed.Equals(message)) Fail($"{name}: parsed message differs");
        if (!MessageSerializer.ToByteArray(parsed).AsSpan().SequenceEqual(bytes)) Fail($"{name}: parsed message writes other bytes");
        Console.WriteLine($"{name}: {bytes.Length} bytes {Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(bytes))}");
    }

    private static bool HasLoneSurrogate(AllTypes message) =>
        new[] { message.FString, message.OString, message.MStringString.Values.Single() }.Any(text => text.Contains('\ud800'));

    private static void Fail(string message)
    {
        _failures++;
        Console.Error.WriteLine("FAILED: " + message);
    }
}
