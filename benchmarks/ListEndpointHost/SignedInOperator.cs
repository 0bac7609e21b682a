using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Benchmarks.ListEndpointHost;

/// <summary>Every request is alice's, as if she had signed in: the benchmark measures the endpoint, not authentication.</summary>
internal sealed class SignedInOperator : IOperatorAccessor
{
    public static readonly OperatorIdentity Alice = new("alice", "Alice (operator)");

    public OperatorIdentity? GetOperator(HttpContext context) => Alice;
}
