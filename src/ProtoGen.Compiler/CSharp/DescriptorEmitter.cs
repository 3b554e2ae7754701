using ProtoGen.Compiler.Descriptors;
using ProtoGen.Compiler.Model;

namespace ProtoGen.Compiler.CSharp;

/// <summary>
/// Embeds the file's descriptor: a <c>{File}Reflection</c> class holding the serialized FileDescriptorProto (the bytes
/// protoc writes, from <see cref="DescriptorWriter"/>) as a runtime <c>FileDescriptor</c> linked to its imports', and a
/// static <c>Descriptor</c> on every message class (partial declarations, so the other emitters are untouched).
/// Services get <c>ProtoGenDescriptor</c>: their <c>Descriptor</c> name is left to Google.Protobuf's type, which
/// grpc-dotnet's reflection service reads by that name. C# enums cannot hold members: theirs are on the file class.
/// </summary>
internal static class DescriptorEmitter
{
    private const string DescriptorProto = "google/protobuf/descriptor.proto";

    public static void Emit(CodeWriter w, FileSpec spec, EquatableArray<FileModel> dependencies, TypeIndex types, EmitOptions options)
    {
        var file = spec.File;
        byte[] bytes = DescriptorWriter.Write(file, dependencies);
        string fileClass = spec.ReflectionClassName;
        string qualifiedFileClass = spec.QualifiedReflectionClassName;

        w.Line($"/// <summary>The descriptor of {Xml(file.Name)}: its FileDescriptorProto as protoc writes it, linked to its imports.</summary>");
        DocComments.WriteGeneratedCode(w);
        w.Open($"{(options.InternalAccess ? "internal" : "public")} static partial class {fileClass}");
        w.Line($"/// <summary>The descriptor of {Xml(file.Name)}.</summary>");
        w.Line($"public static pgr::FileDescriptor Descriptor {{ get; }} = pgr::FileDescriptor.FromGeneratedCode(");
        w.Indent();
        w.Line("global::System.Convert.FromBase64String(");
        w.Indent();
        var base64 = Convert.ToBase64String(bytes);
        const int LineLength = 100;
        for (int i = 0; i < base64.Length; i += LineLength)
        {
            var chunk = base64.Substring(i, Math.Min(LineLength, base64.Length - i));
            w.Line("\"" + chunk + "\"" + (i + LineLength < base64.Length ? " +" : "),"));
        }
        if (base64.Length == 0) w.Line("\"\"),");
        w.Unindent();
        var links = file.Dependencies.Select(name => DependencyClass(name, file, dependencies, options) is { } c ? c + ".Descriptor" : "null");
        w.Line($"() => new {types.MaybeNull("pgr::FileDescriptor")}[] {{ {string.Join(", ", links)} }});");
        w.Unindent();
        bool googleDescriptors = HasGoogleDescriptor(file, dependencies, options);
        if (googleDescriptors) WriteGoogleDescriptor(w, file, fileClass, dependencies, options);
        w.Close();

        for (int i = 0; i < file.MessageTypes.Count; i++)
        {
            w.Line();
            WriteMessage(w, file.MessageTypes[i], $"{qualifiedFileClass}.Descriptor.MessageTypes[{i}]");
        }
        if (spec.ServiceStubs != GrpcServices.None)
        {
            for (int i = 0; i < spec.Services.Count; i++)
            {
                w.Line();
                w.Open($"static partial class {spec.Services[i].ClassName}");
                w.Line("/// <summary>The service's descriptor (ProtoGen's; <c>Descriptor</c> is Google.Protobuf's when the project references it).</summary>");
                w.Line($"public static pgr::ServiceDescriptor ProtoGenDescriptor => {qualifiedFileClass}.Descriptor.Services[{i}];");
                if (googleDescriptors)
                {
                    w.Line();
                    w.Line("/// <summary>The service's Google.Protobuf descriptor, which grpc-dotnet's reflection service looks up by this name.</summary>");
                    w.Line($"public static {GoogleReflection}.ServiceDescriptor Descriptor => {qualifiedFileClass}.GoogleDescriptor.Services[{i}];");
                }
                w.Close();
            }
        }
    }

    /// <summary><c>GoogleDescriptor</c>: a Google.Protobuf FileDescriptor built from the same bytes on first use, linked to
    /// its imports' (Google.Protobuf's own for the well-known types and descriptor.proto, whose bytes are the same files').</summary>
    private static void WriteGoogleDescriptor(CodeWriter w, FileModel file, string fileClass, EquatableArray<FileModel> dependencies, EmitOptions options)
    {
        var links = file.Dependencies.Select(name => GoogleDependency(name, dependencies, options));
        w.Line();
        w.Line("/// <summary>The file's Google.Protobuf descriptor, built from the same bytes on first use.</summary>");
        w.Line($"public static {GoogleReflection}.FileDescriptor GoogleDescriptor => GoogleDescriptorHolder.Descriptor;");
        w.Line();
        w.Open("private static class GoogleDescriptorHolder");
        // Google.Protobuf annotates these parameters non-nullable though it documents null as "none".
        w.Line("#nullable disable");
        w.Line($"internal static readonly {GoogleReflection}.FileDescriptor Descriptor = {GoogleReflection}.FileDescriptor.FromGeneratedCode(");
        w.Indent();
        w.Line($"{fileClass}.Descriptor.ToByteArray(), new {GoogleReflection}.FileDescriptor[] {{ {string.Join(", ", links)} }},");
        // No CLR types: the descriptors serve schema readers (server reflection), not Google.Protobuf's message reflection.
        // The shape must still mirror the file's: one entry per message, enum, field and oneof.
        w.Line($"new {GoogleReflection}.GeneratedClrTypeInfo(new global::System.Type[{file.EnumTypes.Count}], null, {ClrTypeInfos(file.MessageTypes)}));");
        w.Unindent();
        w.Line("#nullable restore");
        w.Close();
    }

    private static string ClrTypeInfos(EquatableArray<MessageModel> messages)
    {
        if (messages.IsEmpty) return "null";
        var items = messages.Select(m => m.IsMapEntry ? "null" :
            $"new {GoogleReflection}.GeneratedClrTypeInfo(null, null, new string[{m.Fields.Count}], new string[{m.Oneofs.Count}], " +
            $"new global::System.Type[{m.EnumTypes.Count}], null, {ClrTypeInfos(m.NestedTypes)})");
        return $"new {GoogleReflection}.GeneratedClrTypeInfo[] {{ {string.Join(", ", items)} }}";
    }

    private static string GoogleDependency(string name, EquatableArray<FileModel> dependencies, EmitOptions options)
    {
        if (name == DescriptorProto) return GoogleReflection + ".DescriptorReflection.Descriptor";
        var dependency = dependencies.FirstOrDefault(d => d.Name == name);
        if (dependency is null) throw new InvalidOperationException($"Import \"{name}\" is not among the dependencies.");
        if (GoogleWellKnownFiles.Contains(name))
        {
            return "global::Google.Protobuf.WellKnownTypes." + CSharpNames.GetReflectionClassName(dependency) + ".Descriptor";
        }
        return DependencyClass(name, file: null, dependencies, options) + ".GoogleDescriptor";
    }

    private const string GoogleReflection = "global::Google.Protobuf.Reflection";

    /// <summary>The well-known types Google.Protobuf ships generated (in Google.Protobuf.WellKnownTypes).</summary>
    private static readonly HashSet<string> GoogleWellKnownFiles = new(StringComparer.Ordinal)
    {
        "google/protobuf/any.proto", "google/protobuf/api.proto", "google/protobuf/duration.proto",
        "google/protobuf/empty.proto", "google/protobuf/field_mask.proto", "google/protobuf/source_context.proto",
        "google/protobuf/struct.proto", "google/protobuf/timestamp.proto", "google/protobuf/type.proto",
        "google/protobuf/wrappers.proto",
    };

    private static void WriteMessage(CodeWriter w, MessageModel message, string access)
    {
        var className = CSharpNames.Escape(message.Name);
        w.Open($"partial class {className}");
        // A member cannot take its class's name (CS0542): a message named Descriptor keeps it on the file class only.
        if (MessageLayout.DeclaresDescriptorProperty(message))
        {
            w.NonUserCode();
            w.Line($"public static pgr::MessageDescriptor {MessageLayout.DescriptorPropertyName} => {access};");
        }
        var nested = Enumerable.Range(0, message.NestedTypes.Count).Where(i => !message.NestedTypes[i].IsMapEntry).ToList();
        if (nested.Count > 0)
        {
            w.Line();
            w.Open("static partial class Types");
            bool first = true;
            foreach (int i in nested)
            {
                if (!first) w.Line();
                first = false;
                WriteMessage(w, message.NestedTypes[i], $"{access}.NestedTypes[{i}]");
            }
            w.Close();
        }
        w.Close();
    }

    /// <summary>Whether the file gets Google.Protobuf descriptors: asked for, and every import, directly or not, has one to
    /// link to. A file that imports a feature schema (csharp_features.proto) has none: Google.Protobuf's FileDescriptor
    /// needs every dependency, and no assembly holds that schema's descriptor.</summary>
    private static bool HasGoogleDescriptor(FileModel file, EquatableArray<FileModel> dependencies, EmitOptions options)
    {
        if (!options.GoogleProtobufDescriptors) return false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>(file.Dependencies);
        while (pending.Count > 0)
        {
            string name = pending.Pop();
            if (!seen.Add(name)) continue;
            if (WellKnownTypes.WellKnownTypeSources.IsFeatureSchema(name)) return false;
            var dependency = dependencies.FirstOrDefault(d => d.Name == name);
            if (dependency is not null) foreach (var next in dependency.Dependencies) pending.Push(next);
        }
        return true;
    }

    /// <summary>The generated class holding an import's descriptor, or null when none is generated for it:
    /// descriptor.proto's is the runtime's (<see cref="DescriptorProtoEmitter"/>); the
    /// feature schemas have none, nor an import-only file (<see cref="EmitOptions.ImportOnlyFiles"/>).</summary>
    private static string? DependencyClass(string name, FileModel? file, EquatableArray<FileModel> dependencies, EmitOptions options)
    {
        // ProtoGen.Runtime holds descriptor.proto's descriptor (DescriptorProtoEmitter), the same bytes as a project's own
        // generated copy would embed.
        if (name == DescriptorProto) return DescriptorProtoEmitter.ClassName;
        if (WellKnownTypes.WellKnownTypeSources.IsFeatureSchema(name)) return null;
        if (options.ImportOnlyFiles.Contains(name)) return null;
        var dependency = dependencies.FirstOrDefault(d => d.Name == name);
        if (dependency is null) return null;
        string ns = CSharpNames.GetNamespace(dependency, options.NamespaceOf(name));
        return "global::" + (ns.Length == 0 ? "" : CSharpNames.EscapeNamespace(ns) + ".") + CSharpNames.GetReflectionClassName(dependency);
    }

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
