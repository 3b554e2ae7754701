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
}
