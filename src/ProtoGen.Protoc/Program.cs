// protoc-gen-protogen: protoc (or buf) writes a CodeGeneratorRequest to stdin and reads a CodeGeneratorResponse from stdout.
using var input = Console.OpenStandardInput();
using var buffer = new MemoryStream();
input.CopyTo(buffer);
var response = ProtoGen.Protoc.CodeGenerator.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
using var output = Console.OpenStandardOutput();
output.Write(response);
