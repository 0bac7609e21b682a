using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Tests.Support;

internal static class TestOperators
{
    public static OperatorIdentity Ordinary { get; } = new("alice", "Alice");

    public static OperatorIdentity Engineer { get; } = new("olga", "Olga", [RoleOperatorQualification.DefaultRole]);
}
