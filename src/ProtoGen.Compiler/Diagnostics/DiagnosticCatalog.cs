namespace ProtoGen.Compiler.Diagnostics;

/// <summary>One kind of problem: a stable code, a severity and a message format (string.Format placeholders).</summary>
public sealed record DiagnosticDescriptor(string Code, DiagnosticSeverity Severity, string Title, string MessageFormat)
{
    public ProtoDiagnostic Create(string filePath, SourceSpan span, params object[] args) =>
        new(Code, Severity, args.Length == 0 ? MessageFormat : string.Format(MessageFormat, args), filePath, span) { Title = Title };
}

/// <summary>
/// Every diagnostic ProtoGen reports. Codes are stable: never renumber or reuse one; add new ones at the end of their group.
/// Wording follows protoc's where protoc has an equivalent message.
/// Groups: PG00xx syntax, PG01xx names and imports, PG02xx numbers and reserved, PG03xx proto2/proto3/editions rules,
/// PG04xx types, maps and options, PG05xx code generation, PG06xx breaking changes against a baseline. PG07xx is
/// taken by the analyzers of user C# code in src/ProtoGen.Analyzers (PG0701: Google.Protobuf types beside ProtoGen's).
/// PG08xx the project (language version, files shared with referenced assemblies).
/// </summary>
public static class DiagnosticCatalog
{
    private static DiagnosticDescriptor Error(string code, string title, string format) => new(code, DiagnosticSeverity.Error, title, format);

    // ---- PG00xx: syntax ----

    /// <summary>The parser expected something else here ("Expected \"=\".", "Expected field name.").</summary>
    public static readonly DiagnosticDescriptor SyntaxError = Error("PG0001", "Syntax error", "{0}");

    /// <summary>The tokenizer met text that is no token (control characters, bad escapes, malformed numbers).</summary>
    public static readonly DiagnosticDescriptor LexicalError = Error("PG0002", "Invalid token", "{0}");

    /// <summary>A block ended by the end of the file.</summary>
    public static readonly DiagnosticDescriptor UnexpectedEndOfFile = Error("PG0003", "Unexpected end of file", "Reached end of input in {0} (missing '}}').");

    public static readonly DiagnosticDescriptor IntegerOutOfRange = Error("PG0004", "Integer out of range", "Integer out of range.");

    public static readonly DiagnosticDescriptor UnrecognizedSyntax = Error("PG0005", "Unrecognized syntax",
        "Unrecognized syntax identifier \"{0}\".  This parser only recognizes \"proto2\" and \"proto3\".");

    public static readonly DiagnosticDescriptor MissingLabel = Error("PG0006", "Missing field label",
        "Expected \"required\", \"optional\", or \"repeated\".");

    public static readonly DiagnosticDescriptor UnmatchedBrace = Error("PG0007", "Unmatched brace", "Unmatched \"}\".");

    /// <summary>Map fields with a label, in a oneof, or as extensions.</summary>
    public static readonly DiagnosticDescriptor InvalidMapField = Error("PG0008", "Invalid map field", "{0}");

    public static readonly DiagnosticDescriptor GroupNameNotCapitalized = Error("PG0009", "Group name not capitalized",
        "Group names must start with a capital letter.");

    public static readonly DiagnosticDescriptor PseudoOptionSetTwice = Error("PG0010", "Option set twice", "Already set option \"{0}\".");

    public static readonly DiagnosticDescriptor MultiplePackages = Error("PG0011", "Multiple package statements", "Multiple package definitions.");

    /// <summary>A <c>default</c> value that does not fit the field's type.</summary>
    public static readonly DiagnosticDescriptor InvalidDefaultValue = Error("PG0012", "Invalid default value", "{0}");

    public static readonly DiagnosticDescriptor LabelInOneof = Error("PG0013", "Label in oneof",
        "Fields in oneofs must not have labels (required / optional / repeated).");

    /// <summary>Reserved names written as strings in editions, or as identifiers before editions.</summary>
    public static readonly DiagnosticDescriptor InvalidReservedName = Error("PG0014", "Invalid reserved name", "{0}");

    public static readonly DiagnosticDescriptor UnknownEdition = Error("PG0015", "Unknown edition", "Unknown edition \"{0}\".");

    public static readonly DiagnosticDescriptor InvalidOptionValue = Error("PG0016", "Invalid option value", "{0}");

    // ---- PG01xx: names and imports ----

    public static readonly DiagnosticDescriptor UndefinedSymbol = Error("PG0101", "Undefined name", "\"{0}\" is not defined.");

    public static readonly DiagnosticDescriptor SymbolNotImported = Error("PG0102", "Name not imported",
        "\"{0}\" seems to be defined in \"{1}\", which is not imported by \"{2}\".  To use it here, please add the necessary import.");

    public static readonly DiagnosticDescriptor ResolvedToUndefined = Error("PG0103", "Name resolved in an inner scope",
        "\"{0}\" is resolved to \"{1}\", which is not defined. The innermost scope is searched first in name resolution. Consider using a leading '.'(i.e., \".{0}\") to start from the outermost scope.");

    public static readonly DiagnosticDescriptor NotAType = Error("PG0104", "Not a type", "\"{0}\" is not a type.");

    public static readonly DiagnosticDescriptor NotAMessageType = Error("PG0105", "Not a message type", "\"{0}\" is not a message type.");

    public static readonly DiagnosticDescriptor ImportNotFound = Error("PG0106", "Import not found", "Import \"{0}\" was not found or had errors.");

    public static readonly DiagnosticDescriptor ImportCycle = Error("PG0107", "Import cycle", "File recursively imports itself: {0}");

    public static readonly DiagnosticDescriptor DuplicateSymbol = Error("PG0108", "Duplicate name", "\"{0}\" is already defined in \"{1}\".");

    public static readonly DiagnosticDescriptor DuplicateTopLevelSymbol = Error("PG0109", "Duplicate name", "\"{0}\" is already defined.");

    public static readonly DiagnosticDescriptor DuplicateSymbolInOtherFile = Error("PG0110", "Duplicate name in another file",
        "\"{0}\" is already defined in file \"{1}\".");

    public static readonly DiagnosticDescriptor DuplicateEnumValueSibling = Error("PG0111", "Duplicate enum value name in scope",
        "Note that enum values use C++ scoping rules, meaning that enum values are siblings of their type, not children of it.  Therefore, \"{0}\" must be unique within {1}, not just within \"{2}\".");

    public static readonly DiagnosticDescriptor UnknownOption = Error("PG0112", "Unknown option",
        "Option \"{0}\" unknown. Ensure that your proto definition file imports the proto which defines the option (i.e. via import option after edition 2024).");

    public static readonly DiagnosticDescriptor DuplicateImport = Error("PG0113", "Import listed twice", "Import \"{0}\" was listed twice.");

    public static readonly DiagnosticDescriptor PackageNameConflict = Error("PG0114", "Package name conflict",
        "\"{0}\" is already defined (as something other than a package) in file \"{1}\".");

    public static readonly DiagnosticDescriptor JsonNameConflict = Error("PG0115", "JSON name conflict",
        "The {0} JSON name of field \"{1}\" (\"{2}\") conflicts with the {3} JSON name of field \"{4}\"{5}.");

    /// <summary>A custom option whose extension extends another options message.</summary>
    public static readonly DiagnosticDescriptor OptionExtendsOtherMessage = Error("PG0116", "Option of another kind",
        "Option field \"{0}\" is not a field or extension of message \"{1}\".");

    /// <summary>proto2's (legacy best-effort JSON) form of <see cref="JsonNameConflict"/>: a warning.</summary>
    public static readonly DiagnosticDescriptor JsonNameConflictWarning = new("PG0117", DiagnosticSeverity.Warning, "JSON name conflict",
        JsonNameConflict.MessageFormat);

    // ---- PG02xx: numbers and reserved ----

    public static readonly DiagnosticDescriptor DuplicateFieldNumber = Error("PG0201", "Duplicate field number",
        "Field number {0} has already been used in \"{1}\" by field \"{2}\". Next available field number is {3}.");

    public static readonly DiagnosticDescriptor FieldNumberNotPositive = Error("PG0202", "Field number not positive",
        "Field numbers must be positive integers.");

    public static readonly DiagnosticDescriptor FieldNumberTooLarge = Error("PG0203", "Field number too large",
        "Field numbers cannot be greater than 536870911.");

    public static readonly DiagnosticDescriptor FieldNumberInImplementationRange = Error("PG0204", "Field number reserved for the implementation",
        "Field numbers 19000 through 19999 are reserved for the protocol buffer library implementation.");

    public static readonly DiagnosticDescriptor ReservedFieldNumberUsed = Error("PG0205", "Reserved field number used", "Field \"{0}\" uses reserved number {1}.");

    public static readonly DiagnosticDescriptor ReservedFieldNameUsed = Error("PG0206", "Reserved field name used", "Field name \"{0}\" is reserved.");

    public static readonly DiagnosticDescriptor ExtensionRangeOverlap = Error("PG0207", "Extension ranges overlap",
        "Extension range {0} to {1} overlaps with already-defined range {2} to {3}.");

    public static readonly DiagnosticDescriptor ReservedRangeOverlap = Error("PG0208", "Reserved ranges overlap",
        "Reserved range {0} to {1} overlaps with already-defined range {2} to {3}.");

    public static readonly DiagnosticDescriptor ExtensionRangeIncludesField = Error("PG0209", "Extension range includes a field",
        "Extension range {0} to {1} includes field \"{2}\" ({3}).");

    public static readonly DiagnosticDescriptor RangeEndBeforeStart = Error("PG0210", "Range end before start",
        "{0} range end number must be greater than start number.");

    public static readonly DiagnosticDescriptor DuplicateEnumNumber = Error("PG0211", "Duplicate enum value number",
        "\"{0}\" uses the same enum value as \"{1}\". If this is intended, set 'option allow_alias = true;' to the enum definition. The next available enum value is {2}.");

    public static readonly DiagnosticDescriptor AllowAliasWithoutAliases = Error("PG0212", "allow_alias without aliases",
        "\"{0}\" declares support for enum aliases but no enum values share field numbers. Please remove the unnecessary 'option allow_alias = true;' declaration.");

    public static readonly DiagnosticDescriptor ReservedEnumNumberUsed = Error("PG0213", "Reserved enum number used",
        "Enum value \"{0}\" uses reserved number {1}.");

    public static readonly DiagnosticDescriptor ReservedEnumNameUsed = Error("PG0214", "Reserved enum name used", "Enum value \"{0}\" is reserved.");

    public static readonly DiagnosticDescriptor ExtensionNumberNotDeclared = Error("PG0215", "Extension number outside the extension ranges",
        "\"{0}\" does not declare {1} as an extension number.");

    public static readonly DiagnosticDescriptor DuplicateExtensionNumber = Error("PG0216", "Duplicate extension number",
        "Extension number {0} has already been used in \"{1}\" by extension \"{2}\".");

    public static readonly DiagnosticDescriptor ReservedRangeIncludesField = Error("PG0217", "Reserved range overlaps an extension range",
        "Extension range {0} to {1} overlaps with reserved range {2} to {3}.");

    public static readonly DiagnosticDescriptor RangeStartNotPositive = Error("PG0218", "Range start not positive", "{0} numbers must be positive integers.");

    // ---- PG03xx: proto2 / proto3 / editions rules ----

    public static readonly DiagnosticDescriptor Proto3FirstEnumValueNotZero = Error("PG0301", "First enum value must be zero",
        "The first enum value must be zero for open enums.");

    public static readonly DiagnosticDescriptor Proto3Required = Error("PG0302", "Required field in proto3", "Required fields are not allowed in proto3.");

    public static readonly DiagnosticDescriptor Proto3DefaultValue = Error("PG0303", "Default value in proto3", "Explicit default values are not allowed in proto3.");

    public static readonly DiagnosticDescriptor Proto3Group = Error("PG0304", "Group in proto3", "Groups are not supported in proto3 syntax.");

    public static readonly DiagnosticDescriptor Proto3ExtensionRange = Error("PG0305", "Extension range in proto3", "Extension ranges are not allowed in proto3.");

    public static readonly DiagnosticDescriptor Proto3Extension = Error("PG0306", "Extension in proto3",
        "Extensions in proto3 are only allowed for defining options.");

    public static readonly DiagnosticDescriptor Proto3ClosedEnum = Error("PG0307", "Closed enum in proto3",
        "Enum type \"{0}\" is not an open enum, but is used in \"{1}\" which is a proto3 message type.");

    public static readonly DiagnosticDescriptor EditionsLabel = Error("PG0308", "Label not allowed in editions", "{0}");

    public static readonly DiagnosticDescriptor EditionsGroup = Error("PG0309", "Group in editions",
        "Group syntax is no longer supported in editions. To get group behavior you can specify features.message_encoding = DELIMITED on a message field.");

    // ---- PG04xx: types, maps and options ----

    public static readonly DiagnosticDescriptor MapKeyNotScalar = Error("PG0401", "Invalid map key type",
        "Key in map fields cannot be float/double, bytes or message types.");

    public static readonly DiagnosticDescriptor MapKeyEnum = Error("PG0402", "Enum map key", "Key in map fields cannot be enum types.");

    public static readonly DiagnosticDescriptor EnumDefaultNotValue = Error("PG0403", "Unknown enum default value",
        "Enum type \"{0}\" has no value named \"{1}\".");

    public static readonly DiagnosticDescriptor DefaultOnRepeated = Error("PG0404", "Default on repeated field", "Repeated fields can't have default values.");

    public static readonly DiagnosticDescriptor JsonNameOnExtension = Error("PG0405", "json_name on extension",
        "option json_name is not allowed on extension fields.");

    public static readonly DiagnosticDescriptor DefaultOnMessage = Error("PG0406", "Default on message field", "Messages can't have default values.");

    public static readonly DiagnosticDescriptor MapEntryNameConflict = Error("PG0407", "Map entry name conflict",
        "Expanded map entry type {0} conflicts with an existing nested message type.");

    public static readonly DiagnosticDescriptor EnumWithoutValues = Error("PG0408", "Enum without values", "Enums must contain at least one value.");

    /// <summary>Two enum values that read the same once the enum's name prefix, case and underscores are ignored.</summary>
    public static readonly DiagnosticDescriptor EnumValueNamesCollide = Error("PG0409", "Enum value names collide",
        "Enum name {0} has the same name as {1} if you ignore case and strip out the enum name prefix (if any). (If you are using allow_alias, please assign the same number to each enum value name.)");

    public static readonly DiagnosticDescriptor PackedNotPackable = Error("PG0410", "packed on a field that cannot be packed",
        "[packed = true] can only be specified for repeated primitive fields.");

    public static readonly DiagnosticDescriptor MapEntryOptionSet = Error("PG0411", "map_entry set explicitly",
        "map_entry should not be set explicitly. Use map<KeyType, ValueType> instead.");

    /// <summary>An option value that does not fit the option's type ("Value must be quoted string for string option ...").</summary>
    public static readonly DiagnosticDescriptor InvalidOptionValueType = Error("PG0412", "Option value of the wrong type", "{0}");

    public static readonly DiagnosticDescriptor FeaturesOutsideEditions = Error("PG0413", "Features outside editions",
        "Features are only valid under editions.");

    public static readonly DiagnosticDescriptor OptionAlreadySet = Error("PG0414", "Option set twice", "Option \"{0}\" was already set.");

    public static readonly DiagnosticDescriptor EnumDefaultNotIdentifier = Error("PG0415", "Enum default not an identifier",
        "Default value for an enum field must be an identifier.");

    // ---- PG05xx: code generation ----

    /// <summary>A file declares services but the compilation does not reference Grpc.Core.Api, so no stubs are written.</summary>
    public static readonly DiagnosticDescriptor GrpcNotReferenced = new("PG0501", DiagnosticSeverity.Info, "gRPC stubs not generated",
        "\"{0}\" declares services, but no gRPC stubs were generated because the project does not reference Grpc.Core.Api. " +
        "Add a package reference to Grpc.Core.Api (or Grpc.AspNetCore for a server, Grpc.Net.Client for a client), " +
        "or set GrpcServices=\"None\" on the file to silence this message.");

    /// <summary>The generator runs in a project without build/ProtoGen.props (a ProjectReference without its import): the
    /// per-file metadata is invisible to it, so ProtoRoot, ProtoNamespace and GrpcServices are silently ignored.</summary>
    public static readonly DiagnosticDescriptor SettingsNotImported = new("PG0502", DiagnosticSeverity.Warning, "ProtoGen's MSBuild settings are missing",
        "ProtoGen's MSBuild settings (build/ProtoGen.props) are not imported into this project, so the generator cannot see " +
        "the ProtoRoot, ProtoNamespace and GrpcServices metadata of .proto files (imports resolve from the project directory " +
        "instead of ProtoRoot) and .proto files are not added as inputs automatically. Reference the ProtoGen package " +
        "(<PackageReference Include=\"ProtoGen\" />), which imports them, or, with a ProjectReference to ProtoGen.SourceGenerator, " +
        "add <Import Project=\"path/to/src/ProtoGen.SourceGenerator/build/ProtoGen.props\" /> to the project file.");

    /// <summary>A <c>csharp_namespace</c> that cannot follow C#'s <c>namespace</c> keyword; reported at the option's value.</summary>
    public static readonly DiagnosticDescriptor InvalidCSharpNamespace = Error("PG0503", "Invalid csharp_namespace",
        "csharp_namespace \"{0}\" is not a valid C# namespace: {1}.");

    /// <summary>A namespace override (ProtoNamespace item metadata) that is not a C# namespace; reported on the file.</summary>
    public static readonly DiagnosticDescriptor InvalidNamespaceOverride = Error("PG0504", "Invalid ProtoNamespace",
        "ProtoNamespace \"{0}\" of \"{1}\" is not a valid C# namespace: {2}.");

    /// <summary>Two declarations (or a declaration and a member every generated type has) that protoc's C# naming
    /// rules turn into the same C# member name; reported at the second declaration's name.</summary>
    public static readonly DiagnosticDescriptor CSharpNameConflict = Error("PG0505", "C# name conflict",
        "The C# name of {0} (\"{1}\") conflicts with {2} in {3}.");

    /// <summary>A declared name that C# cannot use where the generated code puts it (a message named <c>record</c>, a field
    /// named <c>_</c> whose property name would be empty); reported at the name.</summary>
    public static readonly DiagnosticDescriptor NameNotUsableInCSharp = Error("PG0506", "Name not usable in C#",
        "\"{0}\" cannot name a C# {1}: {2}.");

    /// <summary>A field whose type is declared in google/protobuf/descriptor.proto in a project that does not generate
    /// that file: ProtoGen.Runtime does not hold descriptor.proto's types, so the field's C# would not compile.</summary>
    public static readonly DiagnosticDescriptor DescriptorTypeNotGenerated = Error("PG0507", "descriptor.proto type not generated",
        "Field \"{0}\" has type {1} from google/protobuf/descriptor.proto, whose C# types ProtoGen.Runtime does not hold: " +
        "list google/protobuf/descriptor.proto as a Protobuf item of the project (ideally with a ProtoNamespace of its own) " +
        "so that the project generates them, or reference an assembly generated from it.");

    // ---- PG06xx: breaking changes against the baseline (ProtoBaseline); each names the buf breaking rule it matches ----

    private static DiagnosticDescriptor Breaking(string code, string title, string format) => new(code, DiagnosticSeverity.Warning, title, format);

    /// <summary>The baseline file is not a descriptor set ProtoGen can read (empty, truncated, JSON, another format).</summary>
    public static readonly DiagnosticDescriptor BaselineUnreadable = Error("PG0600", "Baseline unreadable",
        "The breaking-change baseline \"{0}\" cannot be read: {1}.");

    /// <summary>FIELD_NO_DELETE_UNLESS_NUMBER_RESERVED.</summary>
    public static readonly DiagnosticDescriptor FieldDeletedNumberNotReserved = Breaking("PG0601", "Field deleted without reserving its number",
        "Field {0} \"{1}\" of message \"{2}\" in the baseline was deleted without reserving its number: add `reserved {0};`.");

    /// <summary>FIELD_NO_DELETE_UNLESS_NAME_RESERVED.</summary>
    public static readonly DiagnosticDescriptor FieldDeletedNameNotReserved = Breaking("PG0602", "Field deleted without reserving its name",
        "Field {0} \"{1}\" of message \"{2}\" in the baseline was deleted without reserving its name: add `reserved \"{1}\";`.");

    /// <summary>FIELD_SAME_NAME: the number now belongs to a field of another name (a number reused or renumbered).</summary>
    public static readonly DiagnosticDescriptor FieldNameChanged = Breaking("PG0603", "Field number reused",
        "Field {0} of message \"{1}\" was \"{2}\" in the baseline and is \"{3}\" now: a field number must keep its field.");

    /// <summary>FIELD_SAME_JSON_NAME.</summary>
    public static readonly DiagnosticDescriptor FieldJsonNameChanged = Breaking("PG0604", "Field JSON name changed",
        "Field {0} \"{1}\" of message \"{2}\" had JSON name \"{3}\" in the baseline and has \"{4}\" now.");

    /// <summary>FIELD_WIRE_JSON_COMPATIBLE_TYPE.</summary>
    public static readonly DiagnosticDescriptor FieldTypeIncompatible = Breaking("PG0605", "Field type changed incompatibly",
        "Field {0} \"{1}\" of message \"{2}\" was {3} in the baseline and is {4} now, which the wire or JSON formats cannot carry.");

    /// <summary>FIELD_WIRE_JSON_COMPATIBLE_CARDINALITY.</summary>
    public static readonly DiagnosticDescriptor FieldCardinalityIncompatible = Breaking("PG0606", "Field cardinality changed incompatibly",
        "Field {0} \"{1}\" of message \"{2}\" was {3} in the baseline and is {4} now.");

    /// <summary>FIELD_SAME_ONEOF.</summary>
    public static readonly DiagnosticDescriptor FieldOneofChanged = Breaking("PG0607", "Field moved into or out of a oneof",
        "Field {0} \"{1}\" of message \"{2}\" was {3} in the baseline and is {4} now.");

    /// <summary>FIELD_SAME_DEFAULT.</summary>
    public static readonly DiagnosticDescriptor FieldDefaultChanged = Breaking("PG0608", "Field default changed",
        "Field {0} \"{1}\" of message \"{2}\" had default {3} in the baseline and has {4} now.");

    /// <summary>MESSAGE_SAME_REQUIRED_FIELDS.</summary>
    public static readonly DiagnosticDescriptor RequiredFieldsChanged = Breaking("PG0609", "Required fields changed",
        "Message \"{0}\" {1} required field {2} \"{3}\" compared with the baseline.");

    /// <summary>RESERVED_MESSAGE_NO_DELETE.</summary>
    public static readonly DiagnosticDescriptor MessageReservedDeleted = Breaking("PG0610", "Message reservation deleted",
        "Message \"{0}\" reserved {1} in the baseline and no longer does.");

    /// <summary>ENUM_VALUE_NO_DELETE_UNLESS_NUMBER_RESERVED.</summary>
    public static readonly DiagnosticDescriptor EnumValueDeletedNumberNotReserved = Breaking("PG0611", "Enum value deleted without reserving its number",
        "Enum value {0} \"{1}\" of enum \"{2}\" in the baseline was deleted without reserving its number: add `reserved {0};`.");

    /// <summary>ENUM_VALUE_NO_DELETE_UNLESS_NAME_RESERVED.</summary>
    public static readonly DiagnosticDescriptor EnumValueDeletedNameNotReserved = Breaking("PG0612", "Enum value deleted without reserving its name",
        "Enum value {0} \"{1}\" of enum \"{2}\" in the baseline was deleted without reserving its name: add `reserved \"{1}\";`.");

    /// <summary>ENUM_VALUE_SAME_NAME: the number now has another name (renamed or renumbered), which JSON writes.</summary>
    public static readonly DiagnosticDescriptor EnumValueNameChanged = Breaking("PG0613", "Enum value renamed or renumbered",
        "Enum value {0} of enum \"{1}\" was \"{2}\" in the baseline and is \"{3}\" now.");

    /// <summary>RESERVED_ENUM_NO_DELETE.</summary>
    public static readonly DiagnosticDescriptor EnumReservedDeleted = Breaking("PG0614", "Enum reservation deleted",
        "Enum \"{0}\" reserved {1} in the baseline and no longer does.");

    /// <summary>ENUM_SAME_TYPE.</summary>
    public static readonly DiagnosticDescriptor EnumOpennessChanged = Breaking("PG0615", "Enum changed between open and closed",
        "Enum \"{0}\" was {1} in the baseline and is {2} now.");

    /// <summary>ENUM_SAME_JSON_FORMAT.</summary>
    public static readonly DiagnosticDescriptor EnumJsonFormatChanged = Breaking("PG0616", "Enum JSON format changed",
        "Enum \"{0}\" had JSON format {1} in the baseline and has {2} now.");

    /// <summary>MESSAGE_SAME_JSON_FORMAT.</summary>
    public static readonly DiagnosticDescriptor MessageJsonFormatChanged = Breaking("PG0617", "Message JSON format changed",
        "Message \"{0}\" had JSON format {1} in the baseline and has {2} now.");

    /// <summary>MESSAGE_NO_DELETE.</summary>
    public static readonly DiagnosticDescriptor MessageDeleted = Breaking("PG0618", "Message deleted",
        "Message \"{0}\" of the baseline was deleted from \"{1}\".");

    /// <summary>ENUM_NO_DELETE.</summary>
    public static readonly DiagnosticDescriptor EnumDeleted = Breaking("PG0619", "Enum deleted",
        "Enum \"{0}\" of the baseline was deleted from \"{1}\".");

    /// <summary>SERVICE_NO_DELETE.</summary>
    public static readonly DiagnosticDescriptor ServiceDeleted = Breaking("PG0620", "Service deleted",
        "Service \"{0}\" of the baseline was deleted from \"{1}\".");

    /// <summary>RPC_NO_DELETE.</summary>
    public static readonly DiagnosticDescriptor RpcDeleted = Breaking("PG0621", "RPC deleted",
        "RPC \"{0}\" of service \"{1}\" in the baseline was deleted.");

    /// <summary>RPC_SAME_REQUEST_TYPE.</summary>
    public static readonly DiagnosticDescriptor RpcRequestTypeChanged = Breaking("PG0622", "RPC request type changed",
        "RPC \"{0}\" of service \"{1}\" took \"{2}\" in the baseline and takes \"{3}\" now.");

    /// <summary>RPC_SAME_RESPONSE_TYPE.</summary>
    public static readonly DiagnosticDescriptor RpcResponseTypeChanged = Breaking("PG0623", "RPC response type changed",
        "RPC \"{0}\" of service \"{1}\" returned \"{2}\" in the baseline and returns \"{3}\" now.");

    /// <summary>RPC_SAME_CLIENT_STREAMING.</summary>
    public static readonly DiagnosticDescriptor RpcClientStreamingChanged = Breaking("PG0624", "RPC client streaming changed",
        "RPC \"{0}\" of service \"{1}\" was {2} in the baseline and is {3} now.");

    /// <summary>RPC_SAME_SERVER_STREAMING.</summary>
    public static readonly DiagnosticDescriptor RpcServerStreamingChanged = Breaking("PG0625", "RPC server streaming changed",
        "RPC \"{0}\" of service \"{1}\" was {2} in the baseline and is {3} now.");

    /// <summary>RPC_SAME_IDEMPOTENCY_LEVEL.</summary>
    public static readonly DiagnosticDescriptor RpcIdempotencyChanged = Breaking("PG0626", "RPC idempotency level changed",
        "RPC \"{0}\" of service \"{1}\" had idempotency_level {2} in the baseline and has {3} now.");

    /// <summary>FILE_SAME_PACKAGE.</summary>
    public static readonly DiagnosticDescriptor PackageChanged = Breaking("PG0627", "Package changed",
        "\"{0}\" was in package \"{1}\" in the baseline and is in \"{2}\" now.");

    /// <summary>FILE_NO_DELETE.</summary>
    public static readonly DiagnosticDescriptor FileDeleted = Breaking("PG0628", "File deleted",
        "\"{0}\" is in the baseline but no longer among the project's .proto files.");

    // ---- PG08xx: the project (language version, files shared with referenced assemblies) ----

    /// <summary>The project compiles an older C# than the generated code is written in (netstandard2.0 and .NET
    /// Framework projects default to C# 7.3); nothing is generated, and the message names the property to set.</summary>
    public static readonly DiagnosticDescriptor LanguageVersionTooOld = Error("PG0801", "C# version too old for the generated code",
        "The code ProtoGen generates needs C# {0} or newer, but this project compiles C# {1} (netstandard2.0 and .NET Framework " +
        "projects default to 7.3). Add <LangVersion>latest</LangVersion> (or {0} or newer) to a PropertyGroup of the project file; " +
        "no code was generated from the .proto files.");

    /// <summary>A listed .proto file is already generated in a referenced assembly (its ProtoGen mark says so): that
    /// assembly's types are used and the file is not generated again.</summary>
    public static readonly DiagnosticDescriptor FileGeneratedInReference = new("PG0802", DiagnosticSeverity.Info, "Types reused from a referenced assembly",
        "\"{0}\" is generated in the referenced assembly {1}: its types are used from there and are not generated again.");

    /// <summary>As PG0802, but the listed file differs from the one the referenced assembly was generated from (in its
    /// tokens: comments, layout and line endings do not count).</summary>
    public static readonly DiagnosticDescriptor FileDiffersFromReference = new("PG0803", DiagnosticSeverity.Warning, "File differs from the referenced assembly's",
        "\"{0}\" differs from the file the referenced assembly {1} was generated from. That assembly's types are used and this " +
        "file is not generated; keep one copy of the file.");

    /// <summary>Two referenced assemblies hold generated types of the same file.</summary>
    public static readonly DiagnosticDescriptor FileInSeveralReferences = new("PG0804", DiagnosticSeverity.Warning, "File generated in several references",
        "\"{0}\" is generated in both {1} and {2}; imports of it use the types of {1}.");

    /// <summary>An exception escaped the compiler for one file; reported instead of crashing the generator.</summary>
    public static readonly DiagnosticDescriptor InternalError = Error("PG9999", "Internal error", "ProtoGen failed on this file: {0}");
}
