System.Console.WriteLine(typeof(ProtoGen.Protoc.Plugin.CodeGeneratorRequest));
System.Console.WriteLine(typeof(ProtoGen.Protoc.Descriptors.FileDescriptorProto));
