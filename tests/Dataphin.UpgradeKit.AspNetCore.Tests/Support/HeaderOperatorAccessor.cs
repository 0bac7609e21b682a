using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.Operators;
using Microsoft.AspNetCore.Http;

namespace Dataphin.UpgradeKit.AspNetCore.Tests.Support;

/// <summary>
/// Picks the operator from the <c>X-Operator</c> header: alice (operator), olga or oscar (qualified O&amp;M engineers; two,
/// for the two-person rule).
/// </summary>
public sealed class HeaderOperatorAccessor : IOperatorAccessor
{
    public static readonly OperatorIdentity Alice = new("alice", "Alice (operator)");
    public static readonly OperatorIdentity Olga = new("olga", "Olga (O&M engineer)", [RoleOperatorQualification.DefaultRole]);
    public static readonly OperatorIdentity Oscar = new("oscar", "Oscar (O&M engineer)", [RoleOperatorQualification.DefaultRole]);

    public OperatorIdentity? GetOperator(HttpContext context) => context.Request.Headers["X-Operator"].ToString() switch
    {
        "alice" => Alice,
        "olga" => Olga,
        "oscar" => Oscar,
        _ => null,
    };
}
