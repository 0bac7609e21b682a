using System.Reflection;
using Dataphin.UpgradeKit.Storage;

namespace Dataphin.UpgradeKit.Testing.Storage;

/// <summary>
/// The store contract as a list of named cases any test runner can enumerate and run (xunit v3, NUnit, MSTest, a
/// console): the same tests <see cref="UpgradeStoreContract"/> runs under xunit v2, one case per test, named like it.
/// </summary>
/// <remarks>
/// A case fails by throwing: an assertion exception of the xunit assertion library (a plain exception every runner
/// reports as a failure) or the exception the store threw. Each case asks the factory for new, empty stores and
/// disposes them when it ends.
/// </remarks>
public static class UpgradeStoreContractCases
{
    private static readonly Lazy<IReadOnlyList<UpgradeStoreContractCase>> Cases = new(Discover);

    /// <summary>Every case of the contract, in a stable order (by name).</summary>
    public static IReadOnlyList<UpgradeStoreContractCase> All => Cases.Value;

    /// <summary>The case named <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentException">No case has that name.</exception>
    public static UpgradeStoreContractCase Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var contractCase in All)
        {
            if (string.Equals(contractCase.Name, name, StringComparison.Ordinal))
            {
                return contractCase;
            }
        }

        throw new ArgumentException($"The store contract has no case named '{name}'.", nameof(name));
    }

    private static List<UpgradeStoreContractCase> Discover() =>
        typeof(UpgradeStoreContract).GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(method => method.GetCustomAttribute<StoreFactAttribute>() is not null)
            .Select(method => new UpgradeStoreContractCase(method.Name, method.CreateDelegate<Func<UpgradeStoreContract, Task>>()))
            .OrderBy(contractCase => contractCase.Name, StringComparer.Ordinal)
            .ToList();
}

/// <summary>One named case of the store contract (see <see cref="UpgradeStoreContractCases"/>).</summary>
public sealed class UpgradeStoreContractCase
{
    private readonly Func<UpgradeStoreContract, Task> _test;

    internal UpgradeStoreContractCase(string name, Func<UpgradeStoreContract, Task> test)
    {
        Name = name;
        _test = test;
    }

    /// <summary>The case's name, the same as the xunit v2 test's method name (Method_Scenario_Expected).</summary>
    public string Name { get; }

    /// <summary>
    /// Runs the case on stores made by <paramref name="createStore"/>, which must return a new, empty store whose
    /// schema is ready each time it is called. Completes when the case passes; throws when it fails.
    /// </summary>
    /// <param name="createStore">Makes a new, empty store; the case disposes it (when disposable) at the end.</param>
    /// <param name="cancellationToken">Cancels the case before it starts and is handed to the factory.</param>
    public async Task RunAsync(Func<CancellationToken, Task<IUpgradeStore>> createStore, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(createStore);
        cancellationToken.ThrowIfCancellationRequested();
        var contract = new FactoryContract(createStore, cancellationToken);
        await contract.InitializeAsync().ConfigureAwait(false);
        try
        {
            await _test(contract).ConfigureAwait(false);
        }
        finally
        {
            await contract.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class FactoryContract(Func<CancellationToken, Task<IUpgradeStore>> createStore, CancellationToken cancellationToken)
        : UpgradeStoreContract
    {
        protected override Task<IUpgradeStore> CreateStoreAsync() => createStore(cancellationToken);
    }
}
