using System.Reflection;
using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.XunitV3.Tests;

/// <summary>
/// The framework-neutral cases and the xunit v3 adapter: they hold the whole contract, and a store that breaks it
/// fails the case under this runner (nothing swallows the failure).
/// </summary>
public sealed class UpgradeStoreContractCasesTests
{
    private const string FindAfterInsert = "Insert_MinimalRecord_FindReturnsItWithAbsentFieldsAbsent";

    [Fact]
    public void All_HoldsEveryXunitV2ContractTest_ByItsName()
    {
        var v2Tests = typeof(Dataphin.UpgradeKit.Testing.Storage.UpgradeStoreContract).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => method.GetCustomAttributes().Any(attribute => attribute.GetType().Name == "StoreFactAttribute"))
            .Select(method => method.Name)
            .Order(StringComparer.Ordinal);

        Assert.Equal(v2Tests, UpgradeStoreContractCases.All.Select(contractCase => contractCase.Name));
        Assert.Contains(UpgradeStoreContractCases.All, contractCase => contractCase.Name == FindAfterInsert);
        Assert.Contains(UpgradeStoreContractCases.All, contractCase => contractCase.Name.StartsWith("Histories_EveryOutcomeEqualsTheReferenceModel", StringComparison.Ordinal));
    }

    [Fact]
    public void Get_UnknownName_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => UpgradeStoreContractCases.Get("No_Such_Case"));
    }

    [Fact]
    public async Task RunAsync_StoreThatLosesWhatItStored_FailsTheCase_R_REC_2()
    {
        var contractCase = UpgradeStoreContractCases.Get(FindAfterInsert);

        await contractCase.RunAsync(_ => Task.FromResult<IUpgradeStore>(new InMemoryUpgradeStore()), TestContext.Current.CancellationToken);
        var failure = await Record.ExceptionAsync(() =>
            contractCase.RunAsync(_ => Task.FromResult(ForgetfulStore.Over(new InMemoryUpgradeStore())), TestContext.Current.CancellationToken));

        Assert.NotNull(failure);
    }

    [Fact]
    public async Task Contract_StoreThatLosesWhatItStored_FailsTheTest_R_REC_2()
    {
        var failure = await Record.ExceptionAsync(() => new ForgetfulStoreContractTests().Contract(FindAfterInsert));

        Assert.NotNull(failure);
    }

    [Fact]
    public async Task RunAsync_Canceled_ThrowsWithoutCreatingAStore()
    {
        var created = 0;
        using var canceled = new CancellationTokenSource();
        await canceled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => UpgradeStoreContractCases.Get(FindAfterInsert).RunAsync(_ =>
        {
            created++;
            return Task.FromResult<IUpgradeStore>(new InMemoryUpgradeStore());
        }, canceled.Token));
        Assert.Equal(0, created);
    }

    /// <summary>The adapter over a store that loses what it stored; private, so not discovered as a test class.</summary>
    private sealed class ForgetfulStoreContractTests : UpgradeStoreContract
    {
        protected override Task<IUpgradeStore> CreateStoreAsync(CancellationToken cancellationToken) =>
            Task.FromResult(ForgetfulStore.Over(new InMemoryUpgradeStore()));
    }

    /// <summary>A store that forwards every call but finds nothing: what it stored is lost to readers.</summary>
    public class ForgetfulStore : DispatchProxy
    {
        private IUpgradeStore _inner = null!;

        public static IUpgradeStore Over(IUpgradeStore inner)
        {
            var store = Create<IUpgradeStore, ForgetfulStore>();
            ((ForgetfulStore)(object)store)._inner = inner;
            return store;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            ArgumentNullException.ThrowIfNull(targetMethod);
#pragma warning disable CA2012 // Handed to the caller, which awaits it once.
            return targetMethod.Name == nameof(IUpgradeRecordStore.FindAsync)
                ? ValueTask.FromResult<UpgradeRecord?>(null)
                : targetMethod.Invoke(_inner, args);
#pragma warning restore CA2012
        }
    }
}
