using Dataphin.UpgradeKit.Storage;
using Dataphin.UpgradeKit.Testing.Storage;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.XunitV3;

/// <summary>
/// The behaviours every <see cref="IUpgradeStore"/> must show, as an xunit v3 test class: derive it once per store and
/// implement <see cref="CreateStoreAsync"/>. Each case of <see cref="UpgradeStoreContractCases"/> runs as one test,
/// named by the case; every case asks for new, empty stores.
/// </summary>
public abstract class UpgradeStoreContract
{
    /// <summary>The names of every case of the contract, one test each.</summary>
    public static TheoryData<string> Cases => new(UpgradeStoreContractCases.All.Select(contractCase => contractCase.Name));

    /// <summary>Why the contract cannot run here (a host tool is missing), with how to enable it; null when it can. Not null skips every case.</summary>
    protected virtual string? SkipReason => null;

    /// <summary>Creates a new, empty store whose schema is ready; the case disposes it (when disposable) at its end.</summary>
    /// <param name="cancellationToken">The test's cancellation token.</param>
    protected abstract Task<IUpgradeStore> CreateStoreAsync(CancellationToken cancellationToken);

    /// <summary>Runs the contract case named <paramref name="name"/> on this class's store.</summary>
    /// <param name="name">A case of <see cref="UpgradeStoreContractCases.All"/>.</param>
    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Contract(string name)
    {
        if (SkipReason is { } reason)
        {
            Assert.Skip(reason);
        }

        await UpgradeStoreContractCases.Get(name).RunAsync(CreateStoreAsync, TestContext.Current.CancellationToken);
    }
}
