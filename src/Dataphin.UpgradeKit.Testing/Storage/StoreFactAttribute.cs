using Xunit;
using Xunit.Sdk;

namespace Dataphin.UpgradeKit.Testing.Storage;

/// <summary>
/// A <see cref="FactAttribute"/> for store tests. It behaves like <c>[Fact]</c>, except that a test class deriving the
/// contract for a store that needs a host tool (a <see cref="StoreSkipConditionAttribute"/> on the class) skips every
/// inherited test with that condition's install hint (never under CI).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
[XunitTestCaseDiscoverer("Dataphin.UpgradeKit.Testing.Storage.StoreFactDiscoverer", "Dataphin.UpgradeKit.Testing")]
public sealed class StoreFactAttribute : FactAttribute
{
}
