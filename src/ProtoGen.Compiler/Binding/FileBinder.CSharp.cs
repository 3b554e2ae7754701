using ProtoGen.Compiler.CSharp;
using ProtoGen.Compiler.Diagnostics;
using ProtoGen.Compiler.Model;
using ProtoGen.Compiler.Syntax;

namespace ProtoGen.Compiler.Binding;

internal sealed partial class FileBinder
{
    /// <summary>Runs the C# checks on a file that is otherwise valid and reports each problem at the span of the
    /// option or name it is about, so a file the emitter cannot turn into compilable C# gets no source at all.</summary>
    private void CheckCSharp(FileModel model)
    {
        var problems = CSharpChecks.Check(model, _visibleDependencies.Where(d => d.Model is not null).Select(d => d.Model!));
        CheckDescriptorTypes(model, problems);
        if (problems.Count == 0) return;
        var spans = new Dictionary<ElementRef, SourceSpan>();
        IndexSpans(spans);
        // Every element a check names is declared in this file; the file's first declaration is the fallback.
        var fallback = _root.Members.Count > 0 ? _root.Members[0].Span : _root.Span;
        foreach (var problem in problems)
        {
            _state.Diagnostics.Add(problem.ToDiagnostic(_path, spans.TryGetValue(problem.Element, out var span) ? span : fallback));
        }
    }

    /// <summary>Fields whose type is declared in descriptor.proto when that file came from the generator's embedded
    /// copy (not listed in the project, not from a referenced assembly): ProtoGen.Runtime does not hold descriptor.proto's
    /// types and nothing else generates them, so the field's C# would name a type that does not exist (CS0234). The
    /// embedded copy is what resolves when no listed file has the path, so its use here means no C# type exists.</summary>
    private void CheckDescriptorTypes(FileModel model, List<CSharpProblem> problems)
    {
        const string descriptorFile = "google/protobuf/descriptor.proto";
        if (_session.IsListed(descriptorFile)) return;
        var descriptor = _visibleDependencies.FirstOrDefault(d => d.Path == descriptorFile)?.Model;
        if (descriptor is null) return;
        var types = new HashSet<string>(StringComparer.Ordinal);
        void AddTypes(string scope, IEnumerable<MessageModel> messages, IEnumerable<EnumModel> enums)
        {
            foreach (var e in enums) types.Add("." + NameRules.Qualify(scope, e.Name));
            foreach (var m in messages)
            {
                string fullName = NameRules.Qualify(scope, m.Name);
                types.Add("." + fullName);
                AddTypes(fullName, m.NestedTypes, m.EnumTypes);
            }
        }
        AddTypes(descriptor.Package, descriptor.MessageTypes, descriptor.EnumTypes);

        void Check(FieldModel field, ElementRef element)
        {
            if (field.TypeName is { } typeName && types.Contains(typeName))
            {
                problems.Add(new CSharpProblem(DiagnosticCatalog.DescriptorTypeNotGenerated, element, new object[] { field.Name, typeName.Substring(1) }));
            }
        }
        void CheckMessage(MessageModel message)
        {
            if (message.IsMapEntry) return;
            foreach (var field in message.Fields) Check(field, new ElementRef(ElementKind.Field, message.FullName, field.Name));
            foreach (var extension in message.Extensions) Check(extension, new ElementRef(ElementKind.Extension, message.FullName, extension.Name));
            foreach (var nested in message.NestedTypes) CheckMessage(nested);
        }
        foreach (var message in model.MessageTypes) CheckMessage(message);
        foreach (var extension in model.Extensions) Check(extension, new ElementRef(ElementKind.Extension, model.Package, extension.Name));
    }

    /// <summary>The span of each element <see cref="ElementRef"/> can name: file options at their value (the last one
    /// written, which is the one that counts), declarations at their name.</summary>
    private void IndexSpans(Dictionary<ElementRef, SourceSpan> spans)
    {
        foreach (var member in _root.Members)
        {
            switch (member)
            {
                case OptionNode option:
                    spans[new ElementRef(ElementKind.FileOption, option.NameText, "")] = option.Value.Span;
                    break;
                case MessageNode message:
                    IndexMessage(spans, message, _package);
                    break;
                case EnumNode enumNode:
                    IndexEnum(spans, enumNode, _package);
                    break;
                case ExtendNode extend:
                    IndexExtend(spans, extend, _package);
                    break;
                case ServiceNode service:
                    string serviceName = NameRules.Qualify(_package, service.Name.Text);
                    spans[new ElementRef(ElementKind.Service, serviceName, "")] = service.Name.Span;
                    foreach (var method in service.Members.OfType<MethodNode>())
                    {
                        spans[new ElementRef(ElementKind.Method, serviceName, method.Name.Text)] = method.Name.Span;
                    }
                    break;
            }
        }
    }

    private static void IndexMessage(Dictionary<ElementRef, SourceSpan> spans, MessageNode message, string scope)
    {
        string fullName = NameRules.Qualify(scope, message.Name.Text);
        spans[new ElementRef(ElementKind.Message, fullName, "")] = message.Name.Span;
        foreach (var member in message.Members)
        {
            switch (member)
            {
                case FieldNode field:
                    IndexField(spans, field, fullName, ElementKind.Field);
                    break;
                case OneofNode oneof:
                    spans[new ElementRef(ElementKind.Oneof, fullName, oneof.Name.Text)] = oneof.Name.Span;
                    foreach (var field in oneof.Members.OfType<FieldNode>()) IndexField(spans, field, fullName, ElementKind.Field);
                    break;
                case MessageNode nested:
                    IndexMessage(spans, nested, fullName);
                    break;
                case EnumNode enumNode:
                    IndexEnum(spans, enumNode, fullName);
                    break;
                case ExtendNode extend:
                    IndexExtend(spans, extend, fullName);
                    break;
            }
        }
    }

    private static void IndexField(Dictionary<ElementRef, SourceSpan> spans, FieldNode field, string scope, ElementKind kind)
    {
        // A group's field is named after the group in lower case; the group's message sits in the same scope.
        string name = field.GroupBody is null ? field.Name.Text : field.Name.Text.ToLowerInvariant();
        spans[new ElementRef(kind, scope, name)] = field.Name.Span;
        if (field.GroupBody is not null) IndexMessage(spans, field.GroupBody, scope);
    }

    private static void IndexExtend(Dictionary<ElementRef, SourceSpan> spans, ExtendNode extend, string scope)
    {
        foreach (var field in extend.Fields) IndexField(spans, field, scope, ElementKind.Extension);
    }

    private static void IndexEnum(Dictionary<ElementRef, SourceSpan> spans, EnumNode enumNode, string scope)
    {
        string fullName = NameRules.Qualify(scope, enumNode.Name.Text);
        spans[new ElementRef(ElementKind.Enum, fullName, "")] = enumNode.Name.Span;
        foreach (var value in enumNode.Members.OfType<EnumValueNode>())
        {
            spans[new ElementRef(ElementKind.EnumValue, fullName, value.Name.Text)] = value.Name.Span;
        }
    }
}
