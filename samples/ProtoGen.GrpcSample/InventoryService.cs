using System.Collections.Concurrent;
using Acme.Inventory.V1;
using Grpc.Core;
using ProtoGen.Rpc;
using ProtoGen.WellKnownTypes;
using RpcStatus = ProtoGen.Rpc.Status;

namespace ProtoGen.GrpcSample;

/// <summary>The server: generated base class, overridden methods.</summary>
public sealed class InventoryService : Inventory.InventoryBase
{
    private readonly ConcurrentDictionary<string, int> _stock = new(StringComparer.Ordinal)
    {
        ["apple"] = 10,
        ["pear"] = 3,
    };

    public override Task<Stock> GetStock(GetStockRequest request, ServerCallContext context) =>
        _stock.TryGetValue(request.Sku, out int onHand)
            ? Task.FromResult(new Stock { Sku = request.Sku, OnHand = onHand })
            : throw new RpcException(new Grpc.Core.Status(StatusCode.NotFound, $"no SKU '{request.Sku}'"));

    public override Task<Reservation> Reserve(ReserveRequest request, ServerCallContext context)
    {
        // Validation: every problem goes into one BadRequest, the richer error model's detail for bad arguments.
        var problems = new BadRequest();
        if (!_stock.ContainsKey(request.Sku))
        {
            problems.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "sku", Description = $"unknown SKU '{request.Sku}'" });
        }
        if (request.Quantity <= 0)
        {
            problems.FieldViolations.Add(new BadRequest.Types.FieldViolation { Field = "quantity", Description = "must be positive" });
        }
        if (problems.FieldViolations.Count > 0)
        {
            throw new RpcStatus
            {
                Code = (int)Code.InvalidArgument,
                Message = "the reservation request is invalid",
                Details = { Any.Pack(problems) },
            }.ToRpcException();
        }

        int remaining = _stock.AddOrUpdate(request.Sku, 0, (_, onHand) => onHand - Math.Min(onHand, request.Quantity));
        return Task.FromResult(new Reservation
        {
            ReservationId = Guid.NewGuid().ToString("N"),
            Remaining = new Stock { Sku = request.Sku, OnHand = remaining },
        });
    }

    public override async Task WatchStock(WatchStockRequest request, IServerStreamWriter<Stock> responseStream, ServerCallContext context)
    {
        foreach (string sku in request.Skus)
        {
            await responseStream.WriteAsync(new Stock { Sku = sku, OnHand = _stock.GetValueOrDefault(sku) }, context.CancellationToken);
        }
    }
}
