using ProtoGen.Compiler;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;
using GWireType = Google.Protobuf.WireFormat.WireType;

namespace ProtoGen.Tests.Emit;

/// <summary>Extensions: typed identifiers for file- and message-level <c>extend</c> fields, the Get/Set/Has/Clear
/// members of extendable messages, a registry that makes parsers read them, and unknown fields for the unregistered.</summary>
public sealed class ExtensionTests
{
    private const string Source = """
        syntax = "proto2";
        package test.ext;
        message Host {
          optional int32 a = 1;
          extensions 100 to 199;
        }
        message Payload {
          required string name = 1;
          optional int32 count = 2;
          extend Host { optional Payload payload = 110; }
        }
        extend Host {
          optional int32 number = 100;
          optional string text = 101 [default = "none"];
          repeated sint32 packed_values = 102 [packed = true];
          repeated string names = 103;
          optional group Grp = 104 { optional int32 g = 105; }
        }
        """;

    private static readonly Lazy<GeneratedAssembly> Assembly = new(() =>
    {
        var files = new Dictionary<string, ParsedFile> { ["test/ext.proto"] = ProtoCompiler.Parse("test/ext.proto", Source) };
        var bound = ProtoCompiler.Bind("test/ext.proto", files);
        Assert.False(bound.HasErrors, string.Join("\n", bound.Diagnostics));
        return GeneratedAssembly.CompileWith(new[] { bound.File! }, extraSources: new[] { Helpers });
    });

    // Generic methods with ref-struct lambdas are out of dynamic's reach: the calls are written here and compiled with the generated code.
    private const string Helpers = """
        #pragma warning disable CS1591
        namespace Test.Ext
        {
            public static class Calls
            {
                public static Host Filled()
                {
                    var host = new Host { A = 1 };
                    host.SetExtension(ExtExtensions.Number, 7);
                    host.SetExtension(ExtExtensions.Text, "hi");
                    host.GetExtension(ExtExtensions.PackedValues).Add(-1);
                    host.GetExtension(ExtExtensions.PackedValues).Add(2);
                    host.GetExtension(ExtExtensions.Names).Add("x");
                    host.SetExtension(ExtExtensions.Grp, new Grp { G = 3 });
                    host.SetExtension(Payload.Extensions.Payload, new Payload { Name = "p", Count = 4 });
                    return host;
                }

                public static global::ProtoGen.ExtensionRegistry Registry()
                {
                    var registry = new global::ProtoGen.ExtensionRegistry();
                    registry.AddRange(ExtExtensions.All);
                    return registry;
                }

                public static Host Parse(byte[] bytes, bool registered) =>
                    registered ? Host.Parser.WithExtensionRegistry(Registry()).ParseFrom(bytes) : Host.Parser.ParseFrom(bytes);

                public static string Describe(Host host) =>
                    $"{host.HasExtension(ExtExtensions.Number)}:{host.GetExtension(ExtExtensions.Number)}:{host.GetExtension(ExtExtensions.Text)}:" +
                    $"{string.Join(",", host.GetExtension(ExtExtensions.PackedValues))}:{string.Join(",", host.GetExtension(ExtExtensions.Names))}:" +
                    $"{host.GetExtension(ExtExtensions.Grp)?.G}:{host.GetExtension(Payload.Extensions.Payload)?.Name}/{host.GetExtension(Payload.Extensions.Payload)?.Count}";

                public static void Clear(Host host)
                {
                    host.ClearExtension(ExtExtensions.Number);
                    host.ClearExtension(ExtExtensions.PackedValues);
                }

                public static void SetPayloadWithoutName(Host host) => host.SetExtension(Payload.Extensions.Payload, new Payload { Count = 1 });
            }
        }
        """;

    private static readonly byte[] Expected = Oracle.Bytes(o =>
    {
        o.WriteTag(1, GWireType.Varint); o.WriteInt32(1);
        o.WriteTag(100, GWireType.Varint); o.WriteInt32(7);
        o.WriteTag(101, GWireType.LengthDelimited); o.WriteString("hi");
        o.WriteTag(102, GWireType.LengthDelimited); o.WriteLength(2); o.WriteSInt32(-1); o.WriteSInt32(2);
        o.WriteTag(103, GWireType.LengthDelimited); o.WriteString("x");
        o.WriteTag(104, GWireType.StartGroup); o.WriteTag(105, GWireType.Varint); o.WriteInt32(3); o.WriteTag(104, GWireType.EndGroup);
        o.WriteTag(110, GWireType.LengthDelimited); o.WriteLength(5);
        o.WriteTag(1, GWireType.LengthDelimited); o.WriteString("p"); o.WriteTag(2, GWireType.Varint); o.WriteInt32(4);
    });

    private static object Invoke(string method, params object[] arguments) =>
        Assembly.Value.Type("Test.Ext.Calls").GetMethod(method)!.Invoke(null, arguments)!;

    [Fact]
    public void Extension_values_are_written_after_the_fields_in_number_order()
    {
        dynamic host = Invoke("Filled");
        Assert.Equal(Expected, GeneratedAssembly.Bytes(host));
        Assert.Equal("True:7:hi:-1,2:x:3:p/4", (string)Invoke("Describe", (object)host));
    }

    [Fact]
    public void A_registered_parser_reads_extensions_as_typed_values()
    {
        dynamic parsed = Invoke("Parse", Expected, true);
        Assert.Equal("True:7:hi:-1,2:x:3:p/4", (string)Invoke("Describe", (object)parsed));
        Assert.Equal(Expected, GeneratedAssembly.Bytes(parsed));
        Assert.True(parsed.Equals(Invoke("Filled")));
        Assert.True(parsed.Equals(parsed.Clone()));
        Assert.Equal((int)parsed.GetHashCode(), (int)parsed.Clone().GetHashCode());
    }

    [Fact]
    public void Unregistered_extensions_round_trip_as_unknown_fields()
    {
        dynamic parsed = Invoke("Parse", Expected, false);
        Assert.Equal("False:0:none::::/", (string)Invoke("Describe", (object)parsed));
        Assert.Equal(Expected, GeneratedAssembly.Bytes(parsed));
    }

    [Fact]
    public void Clearing_and_defaults_and_merging()
    {
        dynamic host = Invoke("Filled");
        Invoke("Clear", (object)host);
        Assert.Equal("False:0:hi::x:3:p/4", (string)Invoke("Describe", (object)host));
        dynamic target = Invoke("Parse", Oracle.Bytes(o =>
        {
            o.WriteTag(110, GWireType.LengthDelimited); o.WriteLength(3); o.WriteTag(1, GWireType.LengthDelimited); o.WriteString("q");
            o.WriteTag(103, GWireType.LengthDelimited); o.WriteString("y");
        }), true);
        target.MergeFrom((dynamic)Invoke("Filled"));
        // Repeated values append, the message extension merges (name overwritten, count added), scalars are set.
        Assert.Equal("True:7:hi:-1,2:y,x:3:p/4", (string)Invoke("Describe", (object)target));
    }

    [Fact]
    public void Required_fields_inside_extension_values_count_for_IsInitialized()
    {
        dynamic host = Assembly.Value.New("Test.Ext.Host");
        Assert.True((bool)host.IsInitialized());
        Invoke("SetPayloadWithoutName", (object)host);
        Assert.False((bool)host.IsInitialized());
    }
}
