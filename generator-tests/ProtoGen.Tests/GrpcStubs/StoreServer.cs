using Acme.Store.V1;
using Grpc.Core;
using ProtoGen.Rpc;
using ProtoGen.WellKnownTypes;
using RpcStatus = ProtoGen.Rpc.Status;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>
/// The store server on ProtoGen's stubs: every rpc but UpdateItem, which keeps the generated Unimplemented. Tests
/// register one instance as a singleton, so what it saw (<see cref="Last"/>, cancellation) is theirs to read.
/// </summary>
internal sealed class StoreServer : StoreService.StoreServiceBase
{
    /// <summary>The longest a handler waits for anything (a cancellation, the client); a test that gets this far fails.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    /// <summary>What the last call's <see cref="ServerCallContext"/> said, read during the call (grpc-dotnet's context
    /// is not usable after it): its method, deadline, whether its token was cancelled as the handler returned, and the
    /// request's grpc-encoding header.</summary>
    public volatile CallFacts? Last;

    public sealed record CallFacts(string Method, DateTime Deadline, bool CancelledAtEnd, string RequestEncoding);

    private void Record(ServerCallContext context) => Last = new CallFacts(
        context.Method, context.Deadline, context.CancellationToken.IsCancellationRequested,
        context.GetHttpContext().Request.Headers["grpc-encoding"].ToString());

    /// <summary>Completes when a handler waiting for its call to end sees it end: true when by cancellation.</summary>
    public TaskCompletionSource<bool> SawCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a handler that waits for cancellation has started waiting.</summary>
    public TaskCompletionSource Waiting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public override async Task<Item> GetItem(GetItemRequest request, ServerCallContext context)
    {
        Record(context);
        await context.WriteResponseHeadersAsync(new Metadata { { "shard", "7" } });
        switch (request.Id)
        {
            case "missing":
                context.ResponseTrailers.Add("looked-in", "catalogue");
                throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, "no item 'missing'"), new Metadata { { "reason", "retired" } });
            case "slow":
                await WaitForCancellation(context);
                break;
            case "crash":
                throw new InvalidOperationException("handler bug");
            case "":
                // The richer error model: a validation failure with the offending field.
                throw new RpcStatus
                {
                    Code = (int)Code.InvalidArgument,
                    Message = "the request is invalid",
                    Details =
                    {
                        Any.Pack(new BadRequest
                        {
                            FieldViolations = { new BadRequest.Types.FieldViolation { Field = "id", Description = "must not be empty" } },
                        }),
                        Any.Pack(new ErrorInfo { Reason = "EMPTY_ID", Domain = "store.acme.example", Metadata = { ["field"] = "id" } }),
                    },
                }.ToRpcException();
        }
        Record(context);
        context.ResponseTrailers.Add("served-by", "store-1");
        context.ResponseTrailers.Add("trace-bin", [1, 2, 3]);
        string title = request.Id.StartsWith("big:", StringComparison.Ordinal)
            ? new string('x', int.Parse(request.Id.AsSpan(4)))
            : "for " + context.RequestHeaders.GetValue("user");
        return new Item { Id = request.Id, Title = title, Category = Category.Book };
    }

    public override async Task ListItems(ListItemsRequest request, IServerStreamWriter<Item> responseStream, ServerCallContext context)
    {
        Record(context);
        if (request.PageToken == "until-cancelled")
        {
            // Writes until the client cancels; bounded by PageSize all the same.
            try
            {
                for (int i = 0; i < request.PageSize && !context.CancellationToken.IsCancellationRequested; i++)
                {
                    await responseStream.WriteAsync(new Item { Id = "item-" + i });
                    if (i == 0) Waiting.TrySetResult();
                }
            }
            catch (Exception) when (context.CancellationToken.IsCancellationRequested)
            {
                // The write fails once the client has gone.
            }
            finally
            {
                SawCancellation.TrySetResult(context.CancellationToken.IsCancellationRequested);
            }
            return;
        }
        for (int i = 0; i < request.PageSize; i++)
        {
            await responseStream.WriteAsync(new Item { Id = "item-" + i, Category = request.Category });
        }
        if (request.PageToken == "too-far")
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.OutOfRange, "no page after the last"));
        }
        context.ResponseTrailers.Add("pages", "1");
    }

    public override async Task<Order> PlaceOrder(IAsyncStreamReader<OrderLine> requestStream, ServerCallContext context)
    {
        Record(context);
        var order = new Order { Id = "order-1", Status = Order.Types.Status.Pending };
        await foreach (var line in requestStream.ReadAllAsync(context.CancellationToken))
        {
            if (line.ItemId == "stop")
            {
                // The server completes the call before the client has finished sending.
                order.Status = Order.Types.Status.Cancelled;
                break;
            }
            order.Lines.Add(line);
            order.LineTotals[line.ItemId] = order.LineTotals.GetValueOrDefault(line.ItemId) + line.Quantity * 100L;
        }
        Record(context);
        return order;
    }

    public override async Task WatchStock(IAsyncStreamReader<StockUpdate> requestStream, IServerStreamWriter<StockUpdate> responseStream, ServerCallContext context)
    {
        Record(context);
        var levels = new Dictionary<string, int>();
        try
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var update = requestStream.Current;
                levels[update.ItemId] = levels.GetValueOrDefault(update.ItemId) + update.Delta;
                await responseStream.WriteAsync(new StockUpdate { ItemId = update.ItemId, Delta = levels[update.ItemId] });
                Waiting.TrySetResult();
            }
            SawCancellation.TrySetResult(false);
        }
        catch (Exception) when (context.CancellationToken.IsCancellationRequested)
        {
            SawCancellation.TrySetResult(true);
        }
    }

    private async Task WaitForCancellation(ServerCallContext context)
    {
        try
        {
            Waiting.TrySetResult();
            await Task.Delay(Patience, context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            SawCancellation.TrySetResult(context.CancellationToken.IsCancellationRequested);
        }
    }
}
