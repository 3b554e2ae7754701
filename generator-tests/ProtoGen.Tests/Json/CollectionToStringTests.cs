extern alias gp;
using System.Collections;
using ProtoGen.Collections;
using ProtoGen.Tests.Runtime;
using ProtoGen.Tests.Wire;
using Gp = gp::ProtoGen.Samples.Types;
using GpKinds = gp::Protogen.Bench.Kinds.V1;
using GpStore = gp::Acme.Store.V1;
using GoogleJson = Google.Protobuf.JsonFormatter;
using Kinds = Protogen.Bench.Kinds.V1;
using Pg = ProtoGen.Samples.Types;
using PgStore = Acme.Store.V1;

namespace ProtoGen.Tests.Json;

/// <summary>
/// A list's or map's ToString() against Google.Protobuf's for the same values: every repeated and map field of random
/// messages (every element and key kind, the edge values of <see cref="GoogleRandomMessages"/>), printed by both
/// libraries' collections. The one difference is enums: a C# enum of ProtoGen's carries no .proto value names, so
/// ProtoGen prints their numbers, which is Google's text with enums as integers.
/// </summary>
public sealed class CollectionToStringTests
{
    private const int Seeds = 60;

    private static readonly GoogleJson GoogleEnumsAsIntegers = new(GoogleJson.Settings.Default.WithFormatEnumsAsIntegers(true));

    public static TheoryData<string> MessageTypes() => new(Cases.Keys);

    private static readonly Dictionary<string, Func<int, (Google.Protobuf.IMessage Google, IMessage Ours)>> Cases = new()
    {
        ["AllTypes"] = seed => Pair(seed, new Gp.AllTypes(), Pg.AllTypes.Parser),
        ["TreeNode"] = seed => Pair(seed, new Gp.TreeNode(), Pg.TreeNode.Parser),
        ["Order"] = seed => Pair(seed, new GpStore.Order(), PgStore.Order.Parser),
        ["Item"] = seed => Pair(seed, new GpStore.Item(), PgStore.Item.Parser),
        // Well-known types as elements: Any (mostly of unregistered types, refused by both), Value, wrappers, Timestamp.
        ["Anys"] = seed => Pair(seed, new GpKinds.Anys(), Kinds.Anys.Parser),
        ["AuditEvent"] = seed => Pair(seed, new GpKinds.AuditEvent(), Kinds.AuditEvent.Parser),
        ["Quotes"] = seed => Pair(seed, new GpKinds.Quotes(), Kinds.Quotes.Parser),
    };

    [Theory]
    [MemberData(nameof(MessageTypes))]
    public void Every_collection_prints_what_Google_prints(string type)
    {
        int compared = 0, refused = 0;
        for (int seed = 0; seed < Seeds; seed++)
        {
            var (google, ours) = Cases[type](seed);
            foreach (var property in ours.GetType().GetProperties().Where(p => IsCollection(p.PropertyType)))
            {
                object ourCollection = property.GetValue(ours)!;
                var googleCollection = (IEnumerable)google.GetType().GetProperty(property.Name)!.GetValue(google)!;
                string? expected = JsonCompatibilityTests.TryFormat(() => HasEnumValues(property.PropertyType)
                    ? EnumsAsIntegers(googleCollection)
                    : googleCollection.ToString()!, out var googleError);
                string? actual = JsonCompatibilityTests.TryFormat(() => ourCollection.ToString()!, out var ourError);
                string where = $"{type}.{property.Name} seed {seed}";
                if (expected is not null && actual is null && IsNonFiniteValue(ourError))
                {
                    // ProtoJSON has no text for a google.protobuf.Value holding NaN or an infinity, and the conformance
                    // suite wants it refused; Google.Protobuf's C# writes it as a string ("NaN").
                    Assert.Matches("\"(NaN|-?Infinity)\"", expected);
                    refused++;
                    continue;
                }
                if (expected is null)
                {
                    // A message Google cannot write as JSON (an Any of an unregistered type, a Timestamp out of range).
                    Assert.True(actual is null, $"{where}: Google failed ({googleError!.Message}) but ProtoGen wrote {actual}");
                    Assert.IsType<InvalidOperationException>(ourError);
                    refused++;
                    continue;
                }
                Assert.True(actual is not null, $"{where}: ProtoGen failed: {ourError}\nGoogle: {expected}");
                Assert.True(expected == actual, $"{where}:\nGoogle:   {expected}\nProtoGen: {actual}");
                compared++;
            }
        }
        Assert.True(compared >= Seeds / 3, $"{type}: only {compared} collections compared ({refused} refused by both)");
    }

    [Fact]
    public void The_comparison_covers_every_element_and_key_kind()
    {
        // AllTypes declares a repeated field of every scalar, enum and message type and a map of every key type.
        var elementTypes = typeof(Pg.AllTypes).GetProperties()
            .Where(p => IsCollection(p.PropertyType))
            .SelectMany(p => p.PropertyType.GetGenericArguments())
            .ToHashSet();
        Type[] expected =
        [
            typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(bool),
            typeof(string), typeof(ByteString), typeof(Pg.Color), typeof(Pg.AllTypes.Types.Nested),
        ];
        Assert.Empty(expected.Except(elementTypes));
    }

    [Fact]
    public void Lists_and_maps_read_as_ProtoJSON()
    {
        Assert.Equal("[ 1, -2 ]", new RepeatedField<int> { 1, -2 }.ToString());
        Assert.Equal("[ \"-5\" ]", new RepeatedField<long> { -5 }.ToString());
        Assert.Equal("[ 1.5, \"-Infinity\", \"NaN\" ]", new RepeatedField<double> { 1.5, double.NegativeInfinity, double.NaN }.ToString());
        Assert.Equal("[ \"\\u0001\\\\\", \"a \\\"q\\\"\\n\" ]", new RepeatedField<string> { "\u0001\\", "a \"q\"\n" }.ToString());
        Assert.Equal("[ \"AQI=\" ]", new RepeatedField<ByteString> { ByteString.CopyFrom(1, 2) }.ToString());
        Assert.Equal("[ 1, 7 ]", new RepeatedField<Pg.Color> { (Pg.Color)1, (Pg.Color)7 }.ToString());
        Assert.Equal("[ ]", new RepeatedField<int>().ToString());
        Assert.Equal("{ \"2\": \"two\", \"1\": \"one\" }", new MapField<int, string> { { 2, "two" }, { 1, "one" } }.ToString());
        Assert.Equal("{ \"true\": \"-1\" }", new MapField<bool, long> { { true, -1 } }.ToString());
        Assert.Equal("{ }", new MapField<string, int>().ToString());
        var nested = new RepeatedField<Pg.AllTypes.Types.Nested> { new Pg.AllTypes.Types.Nested { Value = 3 }, new Pg.AllTypes.Types.Nested() };
        Assert.Equal("[ { \"value\": 3 }, { } ]", nested.ToString());
    }

    [Fact]
    public void An_element_without_a_JSON_form_is_refused_as_Google_refuses_it()
    {
        // Google.Protobuf throws ArgumentException for a value its formatter has no case for; so does ProtoGen.
        Assert.Throws<ArgumentException>(() => new RepeatedField<TestMessage> { new TestMessage { Id = 1 } }.ToString());
        Assert.Throws<ArgumentException>(() => new RepeatedField<DateTime> { DateTime.UnixEpoch }.ToString());
    }

    private static (Google.Protobuf.IMessage, IMessage) Pair<TGoogle, TOurs>(int seed, TGoogle google, MessageParser<TOurs> parser)
        where TGoogle : Google.Protobuf.IMessage<TGoogle>
        where TOurs : IMessage<TOurs>
    {
        new GoogleRandomMessages(seed).Fill(google);
        return (google, parser.ParseFrom(Google.Protobuf.MessageExtensions.ToByteArray(google)));
    }

    private static bool IsNonFiniteValue(Exception? error) =>
        error is InvalidOperationException && error.Message.Contains("number_value cannot be NaN or infinite", StringComparison.Ordinal);

    private static bool IsCollection(Type type) =>
        type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(RepeatedField<>) || type.GetGenericTypeDefinition() == typeof(MapField<,>));

    private static bool HasEnumValues(Type type) => type.GetGenericArguments()[^1].IsEnum;

    private static string EnumsAsIntegers(IEnumerable googleCollection)
    {
        var writer = new StringWriter();
        GoogleEnumsAsIntegers.WriteValue(writer, googleCollection);
        return writer.ToString();
    }
}
