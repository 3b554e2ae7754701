using Grpc.Core;
using ProtoGen.GrpcReflection.V1;

namespace ProtoGen.GrpcReflection;

/// <summary>
/// One answer per reflection request, in grpc.reflection.v1's messages (v1alpha's are the same on the wire).
/// Every answer echoes the request and its host, as protoc's reflection does; questions about unknown names get an
/// <see cref="ErrorResponse"/> with NOT_FOUND, and a request with no question UNIMPLEMENTED, as grpc-dotnet's
/// reflection answers them (the stream itself stays open).
/// </summary>
internal static class ReflectionAnswers
{
    public static ServerReflectionResponse Answer(ReflectionIndex index, ServerReflectionRequest request)
    {
        var response = Question(index, request);
        response.ValidHost = request.Host;
        response.OriginalRequest = request;
        return response;
    }

    private static ServerReflectionResponse Question(ReflectionIndex index, ServerReflectionRequest request)
    {
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
            {
                var list = new ListServiceResponse();
                foreach (var name in index.ServiceNames) list.Service.Add(new ServiceResponse { Name = name });
                return new ServerReflectionResponse { ListServicesResponse = list };
            }
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                return Files(index.FileByName(request.FileByFilename), "File not found.");
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                return Files(index.FileContainingSymbol(request.FileContainingSymbol), "Symbol not found.");
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingExtension:
            {
                var extension = request.FileContainingExtension;
                return Files(index.FileContainingExtension(extension.ContainingType, extension.ExtensionNumber), "Extension not found.");
            }
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
            {
                string type = request.AllExtensionNumbersOfType;
                if (!index.HasMessage(type)) return Error(StatusCode.NotFound, "Type not found.");
                var numbers = new ExtensionNumberResponse { BaseTypeName = type };
                numbers.ExtensionNumber.AddRange(index.ExtensionNumbersOf(type));
                return new ServerReflectionResponse { AllExtensionNumbersResponse = numbers };
            }
            default:
                return Error(StatusCode.Unimplemented, "Request type not supported by ProtoGen's reflection service.");
        }
    }

    private static ServerReflectionResponse Files(ProtoGen.Reflection.FileDescriptor? file, string notFound)
    {
        if (file is null) return Error(StatusCode.NotFound, notFound);
        var files = new FileDescriptorResponse();
        // The embedded bytes never change, so the response wraps them instead of copying.
        foreach (var each in ReflectionIndex.WithDependencies(file)) files.FileDescriptorProto.Add(UnsafeByteOperations.UnsafeWrap(each.SerializedData));
        return new ServerReflectionResponse { FileDescriptorResponse = files };
    }

    private static ServerReflectionResponse Error(StatusCode code, string message) =>
        new() { ErrorResponse = new ErrorResponse { ErrorCode = (int)code, ErrorMessage = message } };
}
