using ProtoGen.Compiler;
using ProtoGen.Compiler.Model;
using ProtoGen.Protoc.Descriptors;
using ProtoGen.Protoc.Mapping;
using ProtoGen.Protoc.Plugin;

namespace ProtoGen.Protoc;

/// <summary>One plugin run: request in, response out, the same emitter as the source generator in between.</summary>
public static class CodeGenerator
{
    /// <summary>proto3 <c>optional</c> (synthetic oneofs are mapped like the binder builds them) and editions, over the
    /// same range as the source generator's parser: the plugin writes for an editions file what the generator writes.</summary>
    public const ulong SupportedFeatures =
        (ulong)CodeGeneratorResponse.Types.Feature.Proto3Optional | (ulong)CodeGeneratorResponse.Types.Feature.SupportsEditions;

    /// <summary>Edition enum numbers (descriptor.proto): EDITION_2023 and EDITION_2024.</summary>
    public const int MinimumEdition = 1000, MaximumEdition = 1001;

    /// <summary>Reads a serialized request and returns the serialized response; never throws for bad input: the
    /// problem goes into <c>CodeGeneratorResponse.error</c>, which protoc prints.</summary>
    public static byte[] Run(ReadOnlySpan<byte> requestBytes)
    {
        CodeGeneratorResponse response;
        try
        {
            var request = CodeGeneratorRequest.Parser.ParseFrom(requestBytes);
            if (BaselineWriter.Requested(request) is string baseline)
            {
                return BaselineWriter.Response(request, baseline, NewResponse());
            }
            response = Generate(request);
        }
        catch (InvalidProtocolBufferException exception)
        {
            response = Failed("protoc-gen-protogen: the request is not a valid CodeGeneratorRequest: " + exception.Message);
        }
        return response.ToByteArray();
    }

    public static CodeGeneratorResponse Generate(CodeGeneratorRequest request)
    {
        try
        {
            return GenerateOrThrow(request);
        }
        catch (Exception exception) when (exception is PluginParameterException or DescriptorMappingException or InvalidProtocolBufferException)
        {
            return Failed("protoc-gen-protogen: " + exception.Message);
        }
        catch (Exception exception)
        {
            // A bug of ours, not of the .proto files: still an answer protoc can print, with what went wrong.
            return Failed($"protoc-gen-protogen failed ({exception.GetType().Name}): {exception.Message}");
        }
    }

    private static CodeGeneratorResponse GenerateOrThrow(CodeGeneratorRequest request)
    {
        var parameters = PluginParameters.Parse(request.HasParameter ? request.Parameter : null);

        // Files to generate come with source-retention options kept in source_file_descriptors (protoc 23+).
        var sourceFiles = ByName(request.SourceFileDescriptors, f => f.Name);
        var protos = request.ProtoFile.Select(f => sourceFiles.TryGetValue(f.Name, out var full) ? full : f).ToList();
        var models = ByName(DescriptorMapper.Map(protos), m => m.Name);

        var response = NewResponse();
        var toGenerate = new HashSet<string>(request.FileToGenerate, StringComparer.Ordinal);
        bool writesStubs = false;
        foreach (var name in request.FileToGenerate)
        {
            if (!models.TryGetValue(name, out var file))
            {
                throw new DescriptorMappingException($"\"{name}\" is to be generated but the request has no descriptor for it.");
            }
            var dependencies = Reachable(file, models);
            CheckTypeReferences(file, dependencies);
            var imported = dependencies
                .Select(d => (d.Name, Namespace: parameters.NamespaceOf(d.Name, toGenerate.Contains(d.Name))))
                .Where(d => d.Namespace is not null)
                .Select(d => new FileNamespace(d.Name, d.Namespace!))
                .OrderBy(d => d.FilePath, StringComparer.Ordinal)
                .ToEquatableArray();
            // The files this request generates are compiled together; any other import (the runtime's well-known
            // types, unless the request generates them too) is another assembly's.
            var sameCompilation = dependencies.Select(d => d.Name).Where(toGenerate.Contains)
                .OrderBy(d => d, StringComparer.Ordinal).ToEquatableArray();
            var options = new EmitOptions(parameters.NamespaceOf(name, generated: true), parameters.GrpcServices, imported,
                parameters.NullableAnnotations, parameters.InternalAccess, SameCompilationFiles: sameCompilation);
            // protoc checked the .proto rules; what C# needs on top (csharp_namespace, names after C#'s naming rules,
            // the namespace parameters) is checked here, so a request either generates compilable C# or gets an error.
            var problems = ProtoCompiler.CheckCSharp(file, dependencies).Concat(ProtoCompiler.CheckEmitOptions(file, options))
                .Where(d => d.Severity == ProtoGen.Compiler.Diagnostics.DiagnosticSeverity.Error).ToList();
            // descriptor.proto's types exist in C# only where some output generates them: this run, or one whose
            // namespace the parameters name (ProtoGen.Runtime holds its descriptor, not its types).
            const string DescriptorProto = "google/protobuf/descriptor.proto";
            if (!toGenerate.Contains(DescriptorProto) && parameters.NamespaceOf(DescriptorProto, generated: false) is null)
            {
                problems.AddRange(ProtoCompiler.CheckDescriptorTypes(file, dependencies));
            }
            if (problems.Count > 0)
            {
                return Failed(string.Join("\n", problems.Select(d => $"{d.FilePath}: {d.Code}: {d.Message}")));
            }
            var generated = ProtoCompiler.Emit(file, dependencies, options);
            response.File.Add(new CodeGeneratorResponse.Types.File { Name = generated.HintName, Content = generated.Source });
            writesStubs |= options.GrpcServices != GrpcServices.None && !file.Services.IsEmpty;
        }
        if (writesStubs)
        {
            // The stubs share one marshaller per message type, declared once per output, as the source generator does.
            var support = ProtoCompiler.EmitGrpcSupport();
            response.File.Add(new CodeGeneratorResponse.Types.File { Name = support.HintName, Content = support.Source });
        }
        return response;
    }

    /// <summary>Every file reachable through imports, as the binder's BindResult.Dependencies lists them.</summary>
    private static EquatableArray<FileModel> Reachable(FileModel file, Dictionary<string, FileModel> models)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<FileModel>();
        var pending = new Stack<string>(file.Dependencies.Reverse());
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name)) continue;
            if (!models.TryGetValue(name, out var dependency))
            {
                throw new DescriptorMappingException($"\"{file.Name}\" imports \"{name}\", which the request does not hold.");
            }
            result.Add(dependency);
            foreach (var next in dependency.Dependencies.Reverse()) pending.Push(next);
        }
        return result.ToEquatableArray();
    }

    private static Dictionary<string, T> ByName<T>(IEnumerable<T> files, Func<T, string> name)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!result.TryAdd(name(file), file)) throw new DescriptorMappingException($"The request holds \"{name(file)}\" twice.");
        }
        return result;
    }

    /// <summary>protoc only sends resolved references; a request that holds others is malformed, and says so here rather
    /// than failing inside the emitter.</summary>
    private static void CheckTypeReferences(FileModel file, EquatableArray<FileModel> dependencies)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        foreach (var model in dependencies.Prepend(file)) ProtoCompiler.AddTypeNames(model, types);

        void Check(FieldModel field, string owner)
        {
            foreach (var reference in new[] { field.TypeName, field.Extendee })
            {
                if (reference is not null && !types.Contains(reference))
                {
                    throw new DescriptorMappingException($"Field \"{owner}.{field.Name}\" of \"{file.Name}\" refers to \"{reference}\", which neither the file nor its imports define.");
                }
            }
        }
        void CheckMessages(IEnumerable<MessageModel> messages)
        {
            foreach (var message in messages)
            {
                foreach (var field in message.Fields.Concat(message.Extensions)) Check(field, message.FullName);
                CheckMessages(message.NestedTypes);
            }
        }
        CheckMessages(file.MessageTypes);
        foreach (var extension in file.Extensions) Check(extension, file.Package);
        foreach (var method in file.Services.SelectMany(s => s.Methods))
        {
            foreach (var reference in new[] { method.InputType, method.OutputType })
            {
                if (!types.Contains(reference))
                {
                    throw new DescriptorMappingException($"Method \"{method.Name}\" of \"{file.Name}\" refers to \"{reference}\", which neither the file nor its imports define.");
                }
            }
        }
    }

    internal static CodeGeneratorResponse NewResponse() =>
        new() { SupportedFeatures = SupportedFeatures, MinimumEdition = MinimumEdition, MaximumEdition = MaximumEdition };

    private static CodeGeneratorResponse Failed(string error)
    {
        var response = NewResponse();
        response.Error = error;
        return response;
    }
}
