using Dataphin.UpgradeKit.AspNetCore.Operators;
using Dataphin.UpgradeKit.Operators;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// The sample's stand-in for authentication: the page's operator switcher sets the <c>upgradekit-operator</c> cookie
/// (an <c>X-Operator</c> header works too) to pick alice, an operator, or olga or oscar, qualified O&amp;M engineers (two,
/// so that one can request a force-stop and the other approve it). Nobody is
/// chosen until the page's user picks someone: a request without a choice names no operator and is answered 401, as an
/// unauthenticated request to a real host would be (R-SM-7). A real host maps its authenticated user instead; never trust
/// a cookie like this in production.
/// </summary>
internal sealed class CookieOperatorAccessor : IOperatorAccessor
{
    public const string CookieName = "upgradekit-operator";

    public static readonly OperatorIdentity Alice = new("alice", "Alice (operator)");
    public static readonly OperatorIdentity Olga = new("olga", "Olga (O&M engineer)", [RoleOperatorQualification.DefaultRole]);
    public static readonly OperatorIdentity Oscar = new("oscar", "Oscar (O&M engineer)", [RoleOperatorQualification.DefaultRole]);

    public OperatorIdentity? GetOperator(HttpContext context)
    {
        var name = context.Request.Headers["X-Operator"].FirstOrDefault() ?? context.Request.Cookies[CookieName];
        return name switch
        {
            "alice" => Alice,
            "olga" => Olga,
            "oscar" => Oscar,
            _ => null,
        };
    }
}
