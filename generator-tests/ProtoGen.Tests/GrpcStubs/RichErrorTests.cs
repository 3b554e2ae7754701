extern alias gp;
using Acme.Store.V1;
using Google.Protobuf;
using Grpc.Core;
using ProtoGen.Rpc;
using ProtoGen.WellKnownTypes;
using GoogleRpc = Google.Rpc;
using GoogleWkt = Google.Protobuf.WellKnownTypes;
using RpcStatus = ProtoGen.Rpc.Status;
using GpStore = gp::Acme.Store.V1;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// The richer error model (google.rpc.Status in the grpc-status-details-bin trailer) with ProtoGen.Grpc's types and
/// helpers, against Grpc.StatusProto on Google.Api.CommonProtos' Google.Protobuf types, both ways over HTTP/2. This
/// project references both packages, whose GetRpcStatus extensions on RpcException and Metadata share their names, so
/// ProtoGen's are called through their class here.
/// </summary>
public sealed class RichErrorTests
{
    private static readonly TimeSpan Patience = StoreServer.Patience;

    [Fact]
    public async Task A_ProtoGen_servers_BadRequest_reaches_a_ProtoGen_client()
    {
        var (host, client, _) = await GrpcCallTests.StartAsync();
        await using var _ = host;

        var exception = await Assert.ThrowsAsync<RpcException>(() => client.GetItemAsync(new GetItemRequest { Id = "" }).ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        Assert.Equal("the request is invalid", exception.Status.Detail);
        var status = RichErrorExtensions.GetRpcStatus(exception);
        Assert.NotNull(status);
        Assert.Equal((int)Code.InvalidArgument, status.Code);
        var violation = Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(("id", "must not be empty"), (violation.Field, violation.Description));
        Assert.Equal("EMPTY_ID", status.GetDetail<ErrorInfo>()!.Reason);
        Assert.Null(status.GetDetail<RetryInfo>());
        Assert.Equal([typeof(BadRequest), typeof(ErrorInfo)], status.UnpackDetailMessages().Select(d => d.GetType()));
    }

    [Fact]
    public async Task A_ProtoGen_servers_BadRequest_is_read_by_a_Grpc_StatusProto_client()
    {
        var (host, _, _) = await GrpcCallTests.StartAsync();
        await using var _ = host;
        var client = new GpStore.StoreService.StoreServiceClient(host.CreateChannel());

        var exception = await Assert.ThrowsAsync<RpcException>(() => client.GetItemAsync(new GpStore.GetItemRequest { Id = "" }).ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        GoogleRpc.Status? status = Grpc.Core.RpcExceptionExtensions.GetRpcStatus(exception);
        Assert.NotNull(status);
        Assert.Equal((int)GoogleRpc.Code.InvalidArgument, status.Code);
        Assert.Equal("the request is invalid", status.Message);
        var badRequest = status.GetDetail<GoogleRpc.BadRequest>();
        Assert.NotNull(badRequest);
        var violation = Assert.Single(badRequest.FieldViolations);
        Assert.Equal(("id", "must not be empty"), (violation.Field, violation.Description));
        var errorInfo = status.GetDetail<GoogleRpc.ErrorInfo>();
        Assert.Equal("store.acme.example", errorInfo!.Domain);
        Assert.Equal("id", errorInfo.Metadata["field"]);
    }

    [Fact]
    public async Task A_Grpc_StatusProto_servers_BadRequest_is_read_by_a_ProtoGen_client()
    {
        await using var host = await GrpcInteropTests.StartGoogleServerAsync();
        var client = new StoreService.StoreServiceClient(host.CreateChannel());

        var exception = await Assert.ThrowsAsync<RpcException>(() => client.GetItemAsync(new GetItemRequest { Id = "" }).ResponseAsync.WaitAsync(Patience));

        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var status = RichErrorExtensions.GetRpcStatus(exception);
        Assert.NotNull(status);
        Assert.Equal("the request is invalid", status.Message);
        var violation = Assert.Single(status.GetDetail<BadRequest>()!.FieldViolations);
        Assert.Equal(("id", "must not be empty"), (violation.Field, violation.Description));
        Assert.Equal(TimeSpan.FromSeconds(1.5), status.GetDetail<RetryInfo>()!.RetryDelay!.ToTimeSpan());
    }

    [Fact]
    public void Every_standard_detail_serializes_to_Google_Protobufs_bytes_and_parses_Google_Protobufs_bytes()
    {
        var ours = new RpcStatus { Code = (int)Code.FailedPrecondition, Message = "précondition ✓" };
        ours.AddDetail(new ErrorInfo { Reason = "R", Domain = "d", Metadata = { ["k"] = "v" } })
            .AddDetail(new RetryInfo { RetryDelay = new ProtoGen.WellKnownTypes.Duration { Seconds = 3, Nanos = 7 } })
            .AddDetail(new DebugInfo { StackEntries = { "a", "b" }, Detail = "x" })
            .AddDetail(new QuotaFailure { Violations = { new QuotaFailure.Types.Violation { Subject = "s", Description = "d", QuotaMetric = "m", QuotaValue = 10 } } })
            .AddDetail(new PreconditionFailure { Violations = { new PreconditionFailure.Types.Violation { Type = "TOS", Subject = "s", Description = "d" } } })
            .AddDetail(new BadRequest { FieldViolations = { new BadRequest.Types.FieldViolation { Field = "f", Description = "d", Reason = "R", LocalizedMessage = new LocalizedMessage { Locale = "en", Message = "m" } } } })
            .AddDetail(new RequestInfo { RequestId = "r", ServingData = "s" })
            .AddDetail(new ResourceInfo { ResourceType = "t", ResourceName = "n", Owner = "o", Description = "d" })
            .AddDetail(new Help { Links = { new Help.Types.Link { Description = "d", Url = "https://example.invalid" } } })
            .AddDetail(new LocalizedMessage { Locale = "fr", Message = "m" });

        var google = new GoogleRpc.Status { Code = (int)GoogleRpc.Code.FailedPrecondition, Message = "précondition ✓" };
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.ErrorInfo { Reason = "R", Domain = "d", Metadata = { ["k"] = "v" } }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.RetryInfo { RetryDelay = new GoogleWkt.Duration { Seconds = 3, Nanos = 7 } }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.DebugInfo { StackEntries = { "a", "b" }, Detail = "x" }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.QuotaFailure { Violations = { new GoogleRpc.QuotaFailure.Types.Violation { Subject = "s", Description = "d", QuotaMetric = "m", QuotaValue = 10 } } }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.PreconditionFailure { Violations = { new GoogleRpc.PreconditionFailure.Types.Violation { Type = "TOS", Subject = "s", Description = "d" } } }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.BadRequest { FieldViolations = { new GoogleRpc.BadRequest.Types.FieldViolation { Field = "f", Description = "d", Reason = "R", LocalizedMessage = new GoogleRpc.LocalizedMessage { Locale = "en", Message = "m" } } } }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.RequestInfo { RequestId = "r", ServingData = "s" }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.ResourceInfo { ResourceType = "t", ResourceName = "n", Owner = "o", Description = "d" }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.Help { Links = { new GoogleRpc.Help.Types.Link { Description = "d", Url = "https://example.invalid" } } }));
        google.Details.Add(GoogleWkt.Any.Pack(new GoogleRpc.LocalizedMessage { Locale = "fr", Message = "m" }));

        byte[] ourBytes = MessageSerializer.ToByteArray(ours);
        Assert.Equal(google.ToByteArray(), ourBytes);
        Assert.Equal(ours, RpcStatus.Parser.ParseFrom(google.ToByteArray()));
        Assert.Equal(10, ours.UnpackDetailMessages().Count());
        Assert.Equal(StandardErrorDetails.TypeNames.Order(), ours.UnpackDetailMessages().Select(d => d.ProtoTypeName).Order());
    }

    [Fact]
    public void The_standard_detail_types_are_every_message_of_error_details_proto()
    {
        var declared = GoogleRpc.ErrorDetailsReflection.Descriptor.MessageTypes.Select(m => m.FullName);
        Assert.Equal(declared.Order(), StandardErrorDetails.TypeNames.Order());
    }

    [Fact]
    public void The_trailer_ToRpcException_writes_is_the_one_Grpc_StatusProto_writes()
    {
        var ours = new RpcStatus { Code = 5, Message = "gone" }.AddDetail(new ResourceInfo { ResourceName = "item/1" }).ToRpcException();
        var google = Grpc.Core.RpcStatusExtensions.ToRpcException(new GoogleRpc.Status
        {
            Code = 5, Message = "gone", Details = { GoogleWkt.Any.Pack(new GoogleRpc.ResourceInfo { ResourceName = "item/1" }) },
        });

        Assert.Equal(google.StatusCode, ours.StatusCode);
        Assert.Equal(google.Status.Detail, ours.Status.Detail);
        var ourEntry = Assert.Single(ours.Trailers);
        var googleEntry = Assert.Single(google.Trailers);
        Assert.Equal(googleEntry.Key, ourEntry.Key);
        Assert.Equal(googleEntry.ValueBytes, ourEntry.ValueBytes);
    }

    [Fact]
    public void ToRpcException_with_an_explicit_code_and_message_keeps_the_status_in_the_trailer()
    {
        var status = new RpcStatus { Code = (int)Code.NotFound, Message = "inner" };
        var exception = status.ToRpcException(StatusCode.Internal, "outer");
        Assert.Equal(StatusCode.Internal, exception.StatusCode);
        Assert.Equal("outer", exception.Status.Detail);
        Assert.Equal(status, RichErrorExtensions.GetRpcStatus(exception));
    }

    [Fact]
    public void Trailers_without_status_details_or_with_malformed_ones()
    {
        Assert.Null(RichErrorExtensions.GetRpcStatus(new RpcException(new Grpc.Core.Status(StatusCode.Internal, "x"))));
        Assert.Null(RichErrorExtensions.GetRpcStatus(new Metadata { { "other-bin", new byte[] { 1 } } }));

        var malformed = new Metadata { { RichErrorExtensions.StatusDetailsTrailerName, new byte[] { 0x0A, 0xFF } } };
        Assert.Null(RichErrorExtensions.GetRpcStatus(malformed));
        Assert.Throws<ProtoGen.InvalidProtocolBufferException>(() => RichErrorExtensions.GetRpcStatus(malformed, throwOnParseError: true));
    }

    [Fact]
    public void SetRpcStatus_replaces_an_earlier_status_and_the_last_entry_wins_when_reading()
    {
        var metadata = new Metadata { { "keep", "me" } };
        RichErrorExtensions.SetRpcStatus(metadata, new RpcStatus { Message = "first" });
        RichErrorExtensions.SetRpcStatus(metadata, new RpcStatus { Message = "second" });
        Assert.Equal(2, metadata.Count);
        Assert.Equal("second", RichErrorExtensions.GetRpcStatus(metadata)!.Message);

        metadata.Add(RichErrorExtensions.StatusDetailsTrailerName, MessageSerializer.ToByteArray(new RpcStatus { Message = "third" }));
        Assert.Equal("third", RichErrorExtensions.GetRpcStatus(metadata)!.Message);
    }

    [Fact]
    public void A_detail_of_another_type_is_skipped_and_a_malformed_standard_detail_throws_the_runtimes_exception()
    {
        var status = new RpcStatus { Details = { new Any { TypeUrl = "type.googleapis.com/acme.Custom", Value = ByteString.CopyFrom([1, 2]) } } };
        Assert.Empty(status.UnpackDetailMessages());
        Assert.Null(status.GetDetail<BadRequest>());

        status.Details.Add(new Any { TypeUrl = "type.googleapis.com/google.rpc.BadRequest", Value = ByteString.CopyFrom([0x0A, 0x05, 0x0A]) });
        Assert.Throws<ProtoGen.InvalidProtocolBufferException>(() => status.UnpackDetailMessages().ToList());
        Assert.Throws<ProtoGen.InvalidProtocolBufferException>(() => status.GetDetail<BadRequest>());
    }
}
