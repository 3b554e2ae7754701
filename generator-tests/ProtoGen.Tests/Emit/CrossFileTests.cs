using ProtoGen.Compiler.Model;

namespace ProtoGen.Tests.Emit;

public sealed class CrossFileTests
{
    [Fact]
    public void Types_of_imported_files_are_named_in_their_own_namespaces()
    {
        var common = new FileBuilder("acme/common.proto", "acme.common")
            .Option("csharp_namespace", "Acme.Shared")
            .Enum("Status", "STATUS_UNSPECIFIED", "STATUS_OK")
            .Message("Money", m => m.Field("units", 1, FieldType.Int64).Nested("Currency", c => c.Field("code", 1, FieldType.String)))
            .Message("Empty", _ => { })
            .Build();
        var store = new FileBuilder("acme/store.proto", "acme.store")
            .Import("acme/common.proto")
            .Message("Price", m => m
                .Field("amount", 1, FieldType.Message, ".acme.common.Money")
                .Field("currency", 2, FieldType.Message, ".acme.common.Money.Currency")
                .Field("status", 3, FieldType.Enum, ".acme.common.Status")
                .Field("nothing", 4, FieldType.Message, ".acme.common.Empty"))
            .Build();
        using var assembly = GeneratedAssembly.Compile(common, store);
        Assert.Contains("global::Acme.Shared.Money.Types.Currency Currency", assembly.Source);
        var price = assembly.New("Acme.Store.Price");
        price.Amount = assembly.New("Acme.Shared.Money");
        price.Amount.Units = 5L;
        price.Nothing = assembly.New("Acme.Shared.Empty");
        var parsed = assembly.Parse("Acme.Store.Price", GeneratedAssembly.Bytes(price));
        Assert.True(price.Equals(parsed));
        Assert.Equal(5L, (long)parsed.Amount.Units);
        Assert.NotNull(parsed.Nothing);
    }
}
