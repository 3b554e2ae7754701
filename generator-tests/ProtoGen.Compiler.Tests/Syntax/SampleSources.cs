namespace ProtoGen.Compiler.Tests.Syntax;

/// <summary>Realistic .proto sources shared by the parser, binder, robustness and protoc-equivalence tests.</summary>
internal static class SampleSources
{
    /// <summary>A proto2 file that uses most of the language: every comment placement protoc distinguishes, groups,
    /// extensions and custom options, defaults of every kind, maps, oneofs, reserved ranges, aliases, streaming rpcs.</summary>
    public const string Proto2Kitchen = """
        // Detached comment at the top of the file.

        // Leading comment of the syntax statement.
        syntax = "proto2"; // Trailing comment of the syntax statement.

        package acme.kitchen.v1;

        import "google/protobuf/descriptor.proto";
        import public "acme/kitchen/v1/units.proto";

        option java_package = "com.acme.kitchen";
        option optimize_for = SPEED;
        option (file_label) = "kitchen";

        extend google.protobuf.FileOptions {
          optional string file_label = 50001;
        }

        extend google.protobuf.FieldOptions {
          optional Limits limits = 50002;
          optional bool redacted = 50003 [default = false];
        }

        // Limits for a numeric field.
        message Limits {
          optional int64 min = 1 [default = -9223372036854775808];
          optional uint64 max = 2 [default = 0xFFFFFFFFFFFFFFFF];
          optional string unit = 3;
        }

        /* A recipe, as the kitchen stores it.
         * Block comments keep their inner lines. */
        message Recipe {
          option (acme.kitchen.v1.message_note) = "recipes are versioned";

          // The recipe's key.
          required string id = 1; // Trailing comment of id.
          optional string title = 2 [default = "Untitled \"dish\"\n"];
          optional double servings = 3 [default = 2.5];
          optional float calories = 4 [default = inf];
          optional float fat = 5 [default = -1e-3];
          optional bytes thumbnail = 6 [default = "\x00\x01\377abc\t"];
          optional bool vegetarian = 7 [default = true, deprecated = true];
          optional Difficulty difficulty = 8 [default = MEDIUM];
          repeated int32 ratings = 9 [packed = true];
          optional int32 oven_celsius = 10 [(limits) = { min: 50 max: 300 unit: "C" }, (redacted) = true];
          optional sint32 delta = 11 [default = -0x10];
          optional fixed32 checksum = 12 [default = 017];
          optional string json_named = 13 [json_name = "customJson"];

          map<string, Ingredient> ingredients = 14;
          map<int32, string> notes_by_step = 15;

          // How hard it is.
          enum Difficulty {
            option allow_alias = true;
            EASY = 1;
            MEDIUM = 2; // Trailing comment of MEDIUM.
            NORMAL = 2;
            HARD = 3 [deprecated = true];
            reserved 10 to 20, 100 to max;
            reserved "IMPOSSIBLE";
          }

          // One step of the method.
          optional group Step = 16 {
            required int32 index = 1;
            optional string text = 2;
          }

          oneof source {
            option (oneof_note) = "where it came from";
            // A book reference.
            string book = 17;
            string url = 18;
            group Family = 19 {
              optional string member = 1;
            }
          }

          reserved 100 to 199, 500;
          reserved "legacy", "older";
          extensions 1000 to 1999 [(range_note) = "partners"];
          extensions 5000 to max;

          message Ingredient {
            optional string name = 1;
            optional Amount amount = 2;

            message Amount {
              optional double value = 1;
              optional .acme.kitchen.v1.Unit unit = 2 [default = GRAM];
            }
          }

          extend Recipe {
            optional string chef_note = 1000;
          }
        }

        extend google.protobuf.MessageOptions { optional string message_note = 50004; }
        extend google.protobuf.OneofOptions { optional string oneof_note = 50005; }
        extend google.protobuf.ExtensionRangeOptions { optional string range_note = 50006; }

        extend Recipe {
          optional int32 popularity = 1001;
          repeated group Review = 1002 {
            optional int32 stars = 1;
          }
        }

        // Detached comment before the service.

        // The kitchen service.
        service Kitchen {
          option deprecated = false;

          // Finds one recipe.
          rpc GetRecipe(RecipeRequest) returns (Recipe);
          rpc ListRecipes(RecipeRequest) returns (stream Recipe) {
            option idempotency_level = NO_SIDE_EFFECTS;
          };
          rpc Upload(stream Recipe) returns (RecipeRequest) {}
          rpc Chat(stream RecipeRequest) returns (stream Recipe); // Trailing comment of Chat.
        }

        message RecipeRequest {
          optional string id = 1;
          ;
        }

        enum Empty_Enum_Name {
          ZERO = 0;
          ONE = 1;
        }
        """;

    /// <summary>The file <see cref="Proto2Kitchen"/> imports publicly.</summary>
    public const string Units = """
        syntax = "proto2";

        package acme.kitchen.v1;

        enum Unit {
          GRAM = 1;
          LITRE = 2;
        }
        """;

    /// <summary>A proto3 file: implicit labels, proto3 optional with synthetic oneofs (including a name clash), maps,
    /// nested scopes, leading-dot names, well-known types.</summary>
    public const string Proto3Store = """
        syntax = "proto3";

        package acme.store.v2;

        import "google/protobuf/timestamp.proto";
        import "google/protobuf/any.proto";

        option csharp_namespace = "Acme.Store.V2";

        message Order {
          string id = 1;
          optional int32 quantity = 2;
          optional string note = 3;
          int32 _note = 4;
          oneof payment {
            string card = 5;
            string voucher = 6;
          }
          optional Status status = 7;
          map<string, Line> lines = 8;
          map<uint64, Status> status_by_code = 9;
          google.protobuf.Timestamp created_at = 10;
          repeated google.protobuf.Any extras = 11;
          .acme.store.v2.Order.Line first_line = 12;
          Line.Kind kind = 13;
          string HTTPStatus = 14;
          string foo_bar_baz = 15;

          enum Status {
            STATUS_UNSPECIFIED = 0;
            STATUS_OPEN = 1;
          }

          message Line {
            string sku = 1;
            Kind kind = 2;
            enum Kind {
              KIND_UNSPECIFIED = 0;
              KIND_GOOD = 1;
            }
          }
        }

        service Store {
          rpc Place(Order) returns (Order);
        }
        """;

    /// <summary>An edition 2023 file: features at every level, LEGACY_REQUIRED, DELIMITED, closed enums.</summary>
    public const string Editions = """
    edition = "2023";
    package ed;
    option features.field_presence = IMPLICIT;
    // A message.
    message M {
      int32 a = 1;
      int32 b = 2 [features.field_presence = EXPLICIT];
      int32 c = 3 [features.field_presence = LEGACY_REQUIRED];
      M child = 4 [features.message_encoding = DELIMITED];
      repeated int32 d = 5 [features.repeated_field_encoding = EXPANDED];
      map<string, int32> e = 6;
      oneof o { string f = 7; }
      reserved g, h;
      enum E { option features.enum_type = CLOSED; X = 1; }
      E en = 8 [default = X, features.field_presence = EXPLICIT];
    }
    """;

    /// <summary>opt/q.proto: a custom option for Edition2024 to import with <c>import option</c>.</summary>
    public const string OptionImportTarget = """
    edition = "2023";
    package q;
    import "google/protobuf/descriptor.proto";
    extend google.protobuf.MessageOptions { int32 o = 50000; }
    """;

    /// <summary>e24.proto: edition 2024 with <c>import option</c> and export/local visibility.</summary>
    public const string Edition2024 = """
    edition = "2024";
    package p;
    import option "opt/q.proto";
    export message M { option (q.o) = 1; local message N {} }
    local enum E { A = 0; }
    """;

    /// <summary>ext3.proto: custom options declared in a proto3 file, at file and message scope.</summary>
    public const string Proto3OptionExtensions = """
    syntax = "proto3";
    import "google/protobuf/descriptor.proto";
    extend google.protobuf.FieldOptions { optional int32 x = 50000; int32 y = 50001; }
    message M {
      extend google.protobuf.FieldOptions { optional string z = 50002; }
      int32 a = 1 [(x) = 5, (z) = "q"];
    }
    """;

    /// <summary>opts.proto: built-in and custom options of every scalar type, message paths, aggregates, every element kind.</summary>
    public const string OptionsOfEveryKind = """
    syntax = "proto2";
    package opts.v1;
    import "google/protobuf/descriptor.proto";
    option java_package = "com.example.opts";
    option optimize_for = CODE_SIZE;
    option (file_tag) = "f\x01\"q\u00e9";
    enum Level { LOW = 1; HIGH = 2; }
    message Sub {
      optional int32 a = 1;
      optional string b = 2;
      repeated int32 c = 3;
      optional Sub inner = 4;
      optional Level level = 5;
      extensions 100 to 200;
    }
    extend Sub { optional int64 sub_ext = 100; }
    extend google.protobuf.FileOptions { optional string file_tag = 50000; }
    extend google.protobuf.MessageOptions {
      repeated int32 rep = 50000;
      optional Sub sub = 50001;
      optional double dbl = 50002;
      optional float flt = 50003;
      optional sint32 zig = 50004;
      optional uint64 big = 50005;
      optional bool flag = 50006;
      optional Level level = 50007;
      optional bytes raw = 50008;
      optional fixed32 fx = 50009;
      optional sfixed64 sfx = 50010;
      optional double pinf = 50011;
      optional double ninf = 50012;
    }
    extend google.protobuf.FieldOptions { optional Sub field_sub = 50000; }
    extend google.protobuf.EnumValueOptions { optional int32 weight = 50000; }
    extend google.protobuf.ServiceOptions { optional string owner = 50000; }
    extend google.protobuf.MethodOptions { optional bool audited = 50000; }
    extend google.protobuf.OneofOptions { optional int32 oneof_tag = 50000; }
    message M {
      option (rep) = 1;
      option deprecated = true;
      option (sub).a = -5;
      option (rep) = 2;
      option (sub).c = 7;
      option (sub).inner.b = "deep";
      option (dbl) = 2.5;
      option (flt) = 0.1;
      option (zig) = -3;
      option (big) = 18446744073709551615;
      option (flag) = true;
      option (level) = HIGH;
      option (raw) = "\001\377";
      option (fx) = 4294967295;
      option (sfx) = -9223372036854775808;
      option (pinf) = inf;
      option (ninf) = -inf;
      optional int32 f = 1 [default = 4, json_name = "q", packed = false, ctype = CORD, deprecated = true];
      optional Sub s = 2 [(field_sub) = { a: 1, c: [1, 2], inner { b: 'x' "y" }, [opts.v1.sub_ext]: 9, level: LOW }];
      oneof choice {
        option (oneof_tag) = 3;
        int32 x = 3;
      }
      extensions 1000 to 2000 [verification = UNVERIFIED];
    }
    enum Color {
      option allow_alias = true;
      RED = 1 [(weight) = 10, deprecated = true];
      CRIMSON = 1;
    }
    service S {
      option (owner) = "team";
      rpc Call(M) returns (M) { option (audited) = true; option idempotency_level = NO_SIDE_EFFECTS; }
    }
    """;
}
