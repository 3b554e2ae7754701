using Acme.Store.V1;
using Grpc.Core;

namespace ProtoGen.Tests.GrpcStubs;

/// <summary>The store server on ProtoGen's stubs: every rpc but UpdateItem, which keeps the generated Unimplemented.</summary>
internal sealed class StoreServer : StoreService.StoreServiceBase
{
    public ServerCallContext? LastContext { get; private set; }

    public TaskCompletionSource<bool> SawCancellation { get; } = new();

    public override async Task<Item> GetItem(GetItemRequest request, ServerCallContext context)
    {
        LastContext = context;
        switch (request.Id)
        {
            case "missing":
                context.ResponseTrailers.Add("looked-in", "catalogue");
                throw new RpcException(new Status(StatusCode.NotFound, "no item 'missing'"), new Metadata { { "reason", "retired" } });
            case "slow":
                try
                {
                    await Task.Delay(Timeout.Infinite, context.CancellationToken);
                }
                finally
                {
                    SawCancellation.TrySetResult(context.CancellationToken.IsCancellationRequested);
                }
                break;
            case "crash":
                throw new InvalidOperationException("handler bug");
        }
        context.ResponseTrailers.Add("served-by", "store-1");
        context.ResponseTrailers.Add("trace-bin", [1, 2, 3]);
        return new Item { Id = request.Id, Title = "for " + context.RequestHeaders.GetValue("user"), Category = Category.Book };
    }

    public override async Task ListItems(ListItemsRequest request, IServerStreamWriter<Item> responseStream, ServerCallContext context)
    {
        for (int i = 0; i < request.PageSize; i++)
        {
            await responseStream.WriteAsync(new Item { Id = "item-" + i, Category = request.Category });
        }
        if (request.PageToken == "too-far")
        {
            throw new RpcException(new Status(StatusCode.OutOfRange, "no page after the last"));
        }
        context.ResponseTrailers.Add("pages", "1");
    }

    public override async Task<Order> PlaceOrder(IAsyncStreamReader<OrderLine> requestStream, ServerCallContext context)
    {
        var order = new Order { Id = "order-1", Status = Order.Types.Status.Pending };
        await foreach (var line in requestStream.ReadAllAsync(context.CancellationToken))
        {
            order.Lines.Add(line);
            order.LineTotals[line.ItemId] = line.Quantity * 100L;
        }
        return order;
    }

    public override async Task WatchStock(IAsyncStreamReader<StockUpdate> requestStream, IServerStreamWriter<StockUpdate> responseStream, ServerCallContext context)
    {
        var levels = new Dictionary<string, int>();
        while (await requestStream.MoveNext(context.CancellationToken))
        {
            var update = requestStream.Current;
            levels[update.ItemId] = levels.GetValueOrDefault(update.ItemId) + update.Delta;
            await responseStream.WriteAsync(new StockUpdate { ItemId = update.ItemId, Delta = levels[update.ItemId] });
        }
    }
}
