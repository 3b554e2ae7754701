using System.Reflection;
using ProtoGen.Compiler;
using ProtoGen.Compiler.CSharp;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

/// <summary>
/// The emit plan's decisions on small models, read from EmitPlanner without writing or compiling any C#: object
/// layout and the remembered size, the sizing strategy (size table, write bound, leaf path, one-oneof), presence bits,
/// packing, map prefixes and member names; enums' value names and aliases; services' method names, types and streaming
/// kinds; a file's namespace and classes. The snapshot and runtime tests check the text and behaviour these give.
/// </summary>
public sealed class EmitPlanTests
{
    private static TypeIndex Index(FileModel file, params FileModel[] dependencies) =>
        new(file, dependencies.ToEquatableArray(), EmitOptions.Default);

    private static MessageSpec Plan(TypeIndex types, string fullName) => types.Planner.Plan(types.Get(fullName));

    private static MessageSpec Plan(FileBuilder file, string fullName) => Plan(Index(file.Build()), fullName);

    [Fact]
    public void Plain_values_with_four_bytes_of_padding_remember_their_size_in_an_int()
    {
        // _unknownFields (8) + int (4) + string (8) = 20 bytes; padded to 24, which leaves room for 4.
        var spec = Plan(new FileBuilder("a.proto", "p").Message("M", m => m
            .Field("id", 1, FieldType.Int32)
            .Field("name", 2, FieldType.String)), "p.M");
        Assert.Equal(20, spec.Layout.EstimatedFieldBytes);
        Assert.Equal("int", spec.Layout.RememberedSizeType);
        Assert.True(spec.Layout.RemembersSize);
        // A message that remembers its size reads it for a write's bound too: no CalculateWriteBound of its own.
        Assert.False(spec.Size.HasBoundedFields);
        Assert.False(spec.Size.HoldsMessages);
    }

    [Fact]
    public void Plain_values_with_two_bytes_of_padding_remember_their_size_in_a_ushort()
    {
        // 8 + long (8) + int (4) + bool (1) = 21: 4 more would need a fourth 8-byte word, 2 more fit in 24.
        var spec = Plan(new FileBuilder("a.proto", "p").Message("M", m => m
            .Field("a", 1, FieldType.Int64)
            .Field("b", 2, FieldType.Int32)
            .Field("c", 3, FieldType.Bool)), "p.M");
        Assert.Equal(21, spec.Layout.EstimatedFieldBytes);
        Assert.Equal("ushort", spec.Layout.RememberedSizeType);
    }

    [Fact]
    public void Plain_values_without_padding_do_not_remember_their_size_and_are_written_within_their_bound()
    {
        // 8 + string (8) + 2 longs (16) = 32: no padding left.
        var spec = Plan(new FileBuilder("a.proto", "p").Message("M", m => m
            .Field("s", 1, FieldType.String)
            .Field("a", 2, FieldType.Int64)
            .Field("b", 3, FieldType.Int64)), "p.M");
        Assert.Equal(32, spec.Layout.EstimatedFieldBytes);
        Assert.Null(spec.Layout.RememberedSizeType);
        Assert.True(spec.Size.HasBoundedFields);
        Assert.True(spec.Size.IsWrittenWithinBound);
        Assert.False(spec.Size.HoldsMessages);
    }

    [Fact]
    public void Wrapper_fields_leave_the_layout_unestimated_and_the_size_unremembered()
    {
        var spec = Plan(new FileBuilder("a.proto", "p").Message("M", m => m
            .Field("a", 1, FieldType.Int32)
            .Field("w", 2, FieldType.Message, ".google.protobuf.Int32Value")), "p.M", WrapperFieldTests.WrappersProto());
        Assert.Equal(FieldShape.Wrapper, spec.Fields[1].Shape);
        Assert.Null(spec.Layout.EstimatedFieldBytes);
        Assert.Null(spec.Layout.RememberedSizeType);
        Assert.Equal(new[] { spec.Fields[1].Kind }, spec.Layout.WrapperReaders);
    }

    [Fact]
    public void A_parent_reads_the_plans_of_the_messages_it_holds()
    {
        var types = Index(new FileBuilder("a.proto", "p")
            .Message("Remembers", m => m.Field("id", 1, FieldType.Int32))
            .Message("Bounded", m => m.Field("s", 1, FieldType.String).Field("a", 2, FieldType.Int64).Field("b", 3, FieldType.Int64))
            .Message("HoldsRemembering", m => m.Field("child", 1, FieldType.Message, ".p.Remembers"))
            .Message("HoldsBounded", m => m.Field("child", 1, FieldType.Message, ".p.Bounded"))
            .Message("HoldsBoth", m => m.Field("b", 1, FieldType.Message, ".p.HoldsBounded"))
            .Build());

        // A child that remembers its size takes no size-table slot and bounds nothing: the parent sizes in one body.
        var holdsRemembering = Plan(types, "p.HoldsRemembering");
        Assert.Null(holdsRemembering.Layout.RememberedSizeType);
        Assert.False(holdsRemembering.Size.HoldsMessages);
        Assert.False(holdsRemembering.Size.HasBoundedFields);

        // A child written within its bound takes a slot for its exact size and makes the parent's bound differ.
        var holdsBounded = Plan(types, "p.HoldsBounded");
        Assert.True(holdsBounded.Size.HoldsMessages);
        Assert.True(holdsBounded.Size.HasBoundedFields);
        Assert.False(holdsBounded.Size.IsWrittenWithinBound);

        // A grandparent: its child holds messages, so it is not written within a bound and bounds nothing itself.
        var holdsBoth = Plan(types, "p.HoldsBoth");
        Assert.True(holdsBoth.Size.HoldsMessages);
        Assert.False(holdsBoth.Size.HasBoundedFields);
    }

    [Fact]
    public void Maps_keep_a_message_out_of_the_write_bound()
    {
        var types = Index(new FileBuilder("a.proto", "p")
            .Message("M", m => m.Field("s", 1, FieldType.String).Field("a", 2, FieldType.Int64).Map("tags", 3, FieldType.String, FieldType.Int32))
            .Message("N", m => m.Map("counts", 1, FieldType.Int32, FieldType.Int64).Map("children", 2, FieldType.Int32, FieldType.Message, ".p.M"))
            .Build());
        var m = Plan(types, "p.M");
        Assert.True(m.Fields[2].PrefixesEntriesAfterWrite);
        Assert.True(m.Size.HasBoundedFields);
        Assert.False(m.Size.IsWrittenWithinBound);

        var n = Plan(types, "p.N");
        Assert.False(n.Fields[0].PrefixesEntriesAfterWrite);
        Assert.False(n.Fields[1].PrefixesEntriesAfterWrite);
        Assert.True(n.Size.HoldsMessages);
        Assert.Equal(FieldType.Int32, n.Fields[1].MapKey!.Type);
        Assert.True(n.Fields[1].MapValue!.IsMessage);
    }

    [Fact]
    public void A_tree_has_a_leaf_size_path_over_its_own_type_fields()
    {
        var spec = Plan(new FileBuilder("a.proto", "p").Message("Node", m => m
            .Field("name", 1, FieldType.String)
            .Field("children", 2, FieldType.Message, ".p.Node", repeated: true)
            .Field("next", 3, FieldType.Message, ".p.Node")), "p.Node");
        Assert.True(spec.Size.HasLeafSizePath);
        Assert.True(spec.Size.HoldsMessages);
        Assert.False(spec.Size.IsWrittenWithinBound);
        Assert.Equal(new[] { "children_.Count == 0", "next_ == null" }, spec.OwnTypeFields.Select(f => f.EmptyTest));
        Assert.Null(spec.Fields[0].EmptyTest);
    }

    [Fact]
    public void A_singular_field_of_its_own_type_makes_no_leaf_path()
    {
        var spec = Plan(new FileBuilder("a.proto", "p").Message("Link", m => m
            .Field("value", 1, FieldType.Int32)
            .Field("next", 2, FieldType.Message, ".p.Link")), "p.Link");
        Assert.False(spec.Size.HasLeafSizePath);
        Assert.True(spec.Fields[1].IsOfOwnType);
    }

    [Fact]
    public void Presence_bits_go_to_value_types_in_declaration_order()
    {
        var spec = Plan(new FileBuilder("a.proto", "p", "proto2").Message("M", m => m
            .Field("a", 1, FieldType.Int32)
            .Field("s", 2, FieldType.String)
            .Field("b", 3, FieldType.Bool)
            .Field("r", 4, FieldType.Int32, label: FieldLabel.Required)), "p.M");
        Assert.All(spec.Fields, f => Assert.Equal(FieldShape.ExplicitPresence, f.Shape));
        Assert.Equal(new HasBit(0), spec.Fields[0].HasBit);
        Assert.Null(spec.Fields[1].HasBit);
        Assert.Equal(new HasBit(1), spec.Fields[2].HasBit);
        Assert.Equal(new HasBit(2), spec.Fields[3].HasBit);
        Assert.Equal(3, spec.Layout.HasBitCount);
        Assert.Equal(new[] { false, false, false, true }, spec.Fields.Select(f => f.IsRequired));
        Assert.Equal(new[] { "A", "AFieldNumber", "HasA", "ClearA" }, spec.Fields[0].MemberNames);
        Assert.True(spec.NeedsInitializationCheck);
    }

    [Fact]
    public void The_thirty_third_presence_bit_takes_a_second_word()
    {
        var spec = Plan(new FileBuilder("a.proto", "p", "proto2").Message("M", m =>
        {
            for (int i = 1; i <= 33; i++) m.Field("f" + i, i, FieldType.Int32);
        }), "p.M");
        Assert.Equal(2, spec.Layout.HasBitWords);
        Assert.Equal(("_hasBits0", "-2147483648"), (spec.Fields[31].HasBit!.Field, spec.Fields[31].HasBit!.Mask));
        Assert.Equal(("_hasBits1", "1"), (spec.Fields[32].HasBit!.Field, spec.Fields[32].HasBit!.Mask));
        Assert.False(spec.NeedsInitializationCheck);
    }

    [Fact]
    public void Proto3_fields_without_optional_have_implicit_presence_and_optional_ones_a_bit()
    {
        var spec = Plan(new FileBuilder("a.proto", "p").Message("M", m => m
            .Field("a", 1, FieldType.Int32)
            .Field("b", 2, FieldType.Int32, optional: true)), "p.M");
        Assert.Equal(FieldShape.ImplicitPresence, spec.Fields[0].Shape);
        Assert.Equal(new[] { "A", "AFieldNumber" }, spec.Fields[0].MemberNames);
        Assert.Equal(FieldShape.ExplicitPresence, spec.Fields[1].Shape);
        Assert.Equal(new HasBit(0), spec.Fields[1].HasBit);
        // The synthetic oneof of a proto3 optional field is no oneof of the plan.
        Assert.Empty(spec.Oneofs);
    }

    [Fact]
    public void A_message_of_one_oneof_is_sized_by_one_switch_and_names_its_members()
    {
        var spec = Plan(new FileBuilder("a.proto", "p").Message("Value", m => m
            .Oneof("kind", o => o.Field("number", 1, FieldType.Double).Field("text", 2, FieldType.String).Field("none", 3, FieldType.Bool))), "p.Value");
        Assert.True(spec.Size.IsOneOneof);
        var oneof = Assert.Single(spec.Oneofs);
        Assert.Equal(("Kind", "kind_", "KindOneofCase", "kindCase_"), (oneof.PropertyName, oneof.FieldName, oneof.CaseEnum, oneof.CaseField));
        Assert.Equal(new[] { "KindCase", "KindOneofCase", "ClearKind" }, oneof.MemberNames);
        Assert.Equal(spec.Fields, oneof.Members);
        Assert.All(spec.Fields, f => Assert.Equal((FieldShape.OneofMember, 0), (f.Shape, f.OneofIndex!.Value)));
        Assert.Equal("KindOneofCase.None_", oneof.CaseLabel(spec.Fields[2]));
        // Oneofs hold plain values here: 8 + 12 for the oneof, and the message remembers its size.
        Assert.Equal(20, spec.Layout.EstimatedFieldBytes);
        Assert.Equal("int", spec.Layout.RememberedSizeType);
    }

    [Fact]
    public void A_oneof_beside_other_fields_is_not_one_oneof()
    {
        var spec = Plan(new FileBuilder("a.proto", "p").Message("M", m => m
            .Field("id", 1, FieldType.Int32)
            .Oneof("kind", o => o.Field("a", 2, FieldType.Int32))), "p.M");
        Assert.False(spec.Size.IsOneOneof);
    }

    [Fact]
    public void Packed_varints_cache_their_payload_length_and_fixed_width_ones_do_not()
    {
        var proto3 = Plan(new FileBuilder("a.proto", "p").Message("M", m => m
            .Field("ids", 1, FieldType.Int32, repeated: true)
            .Field("fixed", 2, FieldType.Fixed32, repeated: true)
            .Field("expanded", 3, FieldType.Int32, repeated: true, packed: "false")
            .Field("names", 4, FieldType.String, repeated: true)), "p.M");
        Assert.Equal(new[] { true, true, false, false }, proto3.Fields.Select(f => f.IsPacked));
        Assert.Equal(new[] { "_idsPackedSize", null, null, null }, proto3.Fields.Select(f => f.PackedSizeName));
        // 8 + 4 lists (32) + one cached length (4) = 44.
        Assert.Equal(44, proto3.Layout.EstimatedFieldBytes);

        var proto2 = Plan(new FileBuilder("b.proto", "q", "proto2").Message("M", m => m
            .Field("ids", 1, FieldType.Int32, repeated: true)), "q.M");
        Assert.False(proto2.Fields[0].IsPacked);
    }

    [Fact]
    public void Each_message_is_planned_once()
    {
        var types = Index(new FileBuilder("a.proto", "p")
            .Message("Child", m => m.Field("s", 1, FieldType.String).Field("a", 2, FieldType.Int64).Field("b", 3, FieldType.Int64))
            .Message("Parent", m => m.Field("child", 1, FieldType.Message, ".p.Child"))
            .Build());
        var parent = Plan(types, "p.Parent");
        var child = Plan(types, "p.Child");
        Assert.Same(parent, Plan(types, "p.Parent"));
        Assert.Same(child.Layout, types.Planner.Layout(types.Get("p.Child")));
        Assert.Same(child.Fields[0].Kind, Plan(types, "p.Child").Fields[0].Kind);
    }

    [Fact]
    public void Editions_features_decide_presence_packing_and_encoding()
    {
        var spec = Plan(new FileBuilder("a.proto", "p", "editions").Message("M", m => m
            .Field("implicit", 1, FieldType.Int32, features: ("field_presence", "IMPLICIT"))
            .Field("explicit", 2, FieldType.Int32)
            .Field("expanded", 3, FieldType.Int32, repeated: true, features: ("repeated_field_encoding", "EXPANDED"))
            .Field("child", 4, FieldType.Message, ".p.M", features: ("message_encoding", "DELIMITED"))), "p.M");
        Assert.Equal(FieldShape.ImplicitPresence, spec.Fields[0].Shape);
        Assert.Equal(FieldShape.ExplicitPresence, spec.Fields[1].Shape);
        Assert.False(spec.Fields[2].IsPacked);
        Assert.Equal(FieldType.Group, spec.Fields[3].Kind.Type);
        // A delimited field of its own type is a group, not a message: no leaf path, and no own-type field.
        Assert.False(spec.Fields[3].IsOfOwnType);
    }

    [Fact]
    public void The_plan_names_every_public_member_a_generated_message_declares()
    {
        // CSharpChecks reports C# name collisions from the plan's member names: a member the emitters write that the
        // plan does not name would go unchecked. Compiled, the class must declare no public member beyond them.
        var file = new FileBuilder("test/plan_members.proto", "test.planmembers").Message("Everything", m => m
            .Field("id", 1, FieldType.Int32)
            .Field("maybe", 2, FieldType.Int64, optional: true)
            .Field("child", 3, FieldType.Message, ".test.planmembers.Everything")
            .Field("ids", 4, FieldType.Int32, repeated: true)
            .Map("tags", 5, FieldType.String, FieldType.Int32)
            .Oneof("kind", o => o.Field("text", 6, FieldType.String).Field("number", 7, FieldType.Int64))
            .Nested("Inner", n => n.Field("x", 1, FieldType.Int32))
            .Enum("Color", "RED", "GREEN")).Build();
        using var assembly = GeneratedAssembly.Compile(file);
        var types = Index(file);
        var layout = types.Planner.Layout(types.Get("test.planmembers.Everything"));
        var planned = layout.CommonMemberNames
            .Concat(layout.Fields.SelectMany(f => f.MemberNames))
            .Concat(layout.Oneofs.SelectMany(o => o.MemberNames))
            .Append(MessageLayout.TypesClassName)
            .ToHashSet();

        var type = assembly.Assembly.GetTypes().Single(t => t.Name == "Everything");
        var declared = type.GetMembers(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Where(member => member is not ConstructorInfo && member is not MethodInfo { IsSpecialName: true })
            .Select(member => member.Name)
            .ToHashSet();
        Assert.Contains("HasMaybe", declared);
        Assert.Contains("KindOneofCase", declared);
        Assert.Empty(declared.Except(planned));
    }

    [Fact]
    public void Enum_values_take_protocs_names_with_a_suffix_on_a_clash_and_aliases_keep_the_first_name_for_JSON()
    {
        var types = Index(new FileBuilder("a.proto", "p").Enum("Color",
            ("COLOR_UNSPECIFIED", 0), ("COLOR_RED", 1), ("RED", 2), ("COLOR_2D", 3), ("CRIMSON", 1), ("color_dark_blue", 4)).Build());
        var spec = types.Planner.Enum(types.Get("p.Color"));
        Assert.Equal("Color", spec.TypeName);
        Assert.Equal("ns::Color", spec.CSharpName); // the file's own namespace (P), through its alias
        // The enum's name is stripped as a prefix (case and underscores ignored), SHOUTY_CASE becomes PascalCase, a
        // leading digit gets '_', and a name taken by an earlier value gets '_' appended.
        Assert.Equal(new[] { "Unspecified", "Red", "Red_", "_2D", "Crimson", "DarkBlue" }, spec.Values.Select(v => v.MemberName));
        Assert.Equal(new[] { false, false, false, false, true, false }, spec.Values.Select(v => v.IsAlias));
        Assert.Equal(new[] { "COLOR_UNSPECIFIED", "COLOR_RED", "RED", "COLOR_2D", "color_dark_blue" }, spec.JsonWrittenValues.Select(v => v.JsonName));
        Assert.Equal("ns::Color.Unspecified", spec.DefaultValue);
        Assert.Equal("Red_", spec.MemberOf("RED"));
        Assert.Null(spec.MemberOf("BLUE"));
        Assert.Same(spec, types.Planner.Enum(types.Get("p.Color")));
    }

    [Fact]
    public void A_nested_enum_sits_in_its_message_types_class_and_an_empty_one_defaults_to_zero()
    {
        var types = Index(new FileBuilder("a.proto", "p")
            .Message("M", m => m.Enum("Kind", "KIND_NONE", "KIND_BOOK"))
            .Enum("class", Array.Empty<string>()).Build());
        var nested = types.Planner.Enum(types.Get("p.M.Kind"));
        Assert.Equal("ns::M.Types.Kind", nested.CSharpName);
        Assert.Equal(new[] { "None", "Book" }, nested.Values.Select(v => v.MemberName));
        var keyword = types.Planner.Enum(types.Get("p.class"));
        Assert.Equal("@class", keyword.TypeName);
        Assert.Equal("(ns::@class)0", keyword.DefaultValue);
    }

    [Fact]
    public void Service_methods_get_grpc_names_request_and_response_types_and_their_streaming_kind()
    {
        var types = Index(new FileBuilder("a.proto", "acme.v1")
            .Message("Req", m => m.Nested("Inner", n => n.Field("x", 1, FieldType.Int32)))
            .Message("Res", m => { })
            .Service("Store",
                ("Get", ".acme.v1.Req", ".acme.v1.Res", false, false),
                ("Watch", ".acme.v1.Req.Inner", ".acme.v1.Res", false, true),
                ("Upload", ".acme.v1.Req", ".acme.v1.Res", true, false),
                ("Chat", ".acme.v1.Req", ".acme.v1.Res", true, true),
                ("event", ".acme.v1.Req", ".acme.v1.Res", false, false))
            .Build());
        var spec = types.Planner.Service(types.File.Services[0]);
        Assert.Equal("Store", spec.ClassName);
        Assert.Equal("acme.v1.Store", spec.ServiceName);
        Assert.Equal(("StoreBase", "StoreClient"), (spec.ServerBaseName, spec.ClientName));
        Assert.Equal(
            new[] { MethodStreaming.Unary, MethodStreaming.ServerStreaming, MethodStreaming.ClientStreaming, MethodStreaming.DuplexStreaming, MethodStreaming.Unary },
            spec.Methods.Select(m => m.Streaming));
        // Only unary rpcs get a second, asynchronous client call; streaming calls are asynchronous already.
        Assert.Equal(new[] { "GetAsync", null, null, null, "eventAsync" }, spec.Methods.Select(m => m.AsyncName));
        Assert.Equal(new[] { "Get", "GetAsync" }, spec.Methods[0].ClientMemberNames);
        Assert.Equal(new[] { "Watch" }, spec.Methods[1].ClientMemberNames);
        Assert.Equal(new[] { true, true, false, false, true }, spec.Methods.Select(m => m.HasRequestArgument));
        Assert.Equal("ns::Req.Types.Inner", spec.Methods[1].RequestType);
        Assert.Equal("ns::Res", spec.Methods[1].ResponseType);
        // A keyword is escaped where it names a C# member; the descriptor field and the wire name keep it as written.
        Assert.Equal("@event", spec.Methods[4].Name);
        Assert.Equal("__Method_event", spec.Methods[4].DescriptorField);
    }

    [Fact]
    public void A_service_named_like_a_member_of_its_client_or_an_rpc_beside_its_Async_name_is_reported_from_the_plan()
    {
        // Names are not changed to resolve a clash (an rpc's name is what grpc-dotnet binds): CSharpChecks reports it
        // from the plan's member names.
        var file = new FileBuilder("a.proto", "p")
            .Message("M", m => { })
            .Service("S", ("Get", ".p.M", ".p.M", false, false), ("GetAsync", ".p.M", ".p.M", false, false), ("WithHost", ".p.M", ".p.M", true, true))
            .Build();
        var problems = CSharpChecks.Check(file, Array.Empty<FileModel>());
        Assert.Equal(new[] { "GetAsync", "WithHost" }, problems.Select(p => p.Element.Name));
        Assert.All(problems, p => Assert.Equal("PG0505", p.Descriptor.Code));
    }

    [Fact]
    public void The_plan_names_every_public_member_of_a_services_client_and_server_base()
    {
        // CSharpChecks reports clashes from the plan's member names: compiled, the stubs' classes must declare no
        // public or protected member beyond them.
        var file = new FileBuilder("test/plan_service.proto", "test.planservice")
            .Message("M", m => { })
            .Service("S",
                ("Get", ".test.planservice.M", ".test.planservice.M", false, false),
                ("Watch", ".test.planservice.M", ".test.planservice.M", false, true),
                ("Upload", ".test.planservice.M", ".test.planservice.M", true, false),
                ("Chat", ".test.planservice.M", ".test.planservice.M", true, true))
            .Build();
        var options = EmitOptions.Default with { GrpcServices = GrpcServices.Both };
        var source = ProtoCompiler.Emit(file, EquatableArray<FileModel>.Empty, options).Source;
        var compilation = Infrastructure.Compilations.Create(new[] { source, GrpcSupportEmitter.Emit().Source }, withGrpc: true);
        Assert.Empty(Infrastructure.Compilations.Problems(compilation));
        var spec = new TypeIndex(file, EquatableArray<FileModel>.Empty, options).Planner.File().Services.Single();

        static HashSet<string> Declared(Microsoft.CodeAnalysis.INamedTypeSymbol type) => type.GetMembers()
            .Where(m => m.DeclaredAccessibility is Microsoft.CodeAnalysis.Accessibility.Public or Microsoft.CodeAnalysis.Accessibility.Protected)
            .Where(m => m is not Microsoft.CodeAnalysis.IMethodSymbol { MethodKind: Microsoft.CodeAnalysis.MethodKind.Constructor })
            .Select(m => m.Name)
            .ToHashSet();
        var client = Declared(compilation.GetTypeByMetadataName("Test.Planservice.S+SClient")!);
        var server = Declared(compilation.GetTypeByMetadataName("Test.Planservice.S+SBase")!);
        Assert.Contains("GetAsync", client);
        Assert.Contains("NewInstance", client);
        Assert.Empty(client.Except(spec.Methods.SelectMany(m => m.ClientMemberNames).Concat(ServiceSpec.ClientFixedMemberNames)));
        Assert.Equal(spec.Methods.SelectMany(m => m.ServerMemberNames).Order(), server.Order());
    }

    [Fact]
    public void The_file_plan_names_the_namespace_and_the_reflection_and_extension_classes()
    {
        var types = Index(new FileBuilder("dir/my_file.proto", "acme.store_v1")
            .Message("MyFileReflection", m => { })
            .Enum("Kind", "KIND_NONE")
            .Service("S")
            .Build());
        var spec = types.Planner.File();
        Assert.Equal("Acme.StoreV1", spec.Namespace);
        // A top-level type already takes MyFileReflection, so protoc's rule inserts Proto.
        Assert.Equal("MyFileProtoReflection", spec.ReflectionClassName);
        Assert.Equal("ns::MyFileProtoReflection", spec.QualifiedReflectionClassName);
        Assert.Null(spec.ExtensionClassName);
        Assert.Equal(new[] { "Kind" }, spec.Enums.Select(e => e.TypeName));
        Assert.Equal(new[] { "S" }, spec.Services.Select(s => s.ClassName));
        Assert.Equal(GrpcServices.None, spec.ServiceStubs);

        var renamed = Index(new FileBuilder("my_file.proto", "acme").Option("csharp_namespace", "Custom.Ns").Build()).Planner.File();
        Assert.Equal("Custom.Ns", renamed.Namespace);
        Assert.Equal("MyFileReflection", renamed.ReflectionClassName);
    }

    private static MessageSpec Plan(FileBuilder file, string fullName, FileModel dependency) =>
        Plan(Index(file.Import(dependency.Name).Build(), dependency), fullName);
}
