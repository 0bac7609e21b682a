using Dataphin.UpgradeKit.Operators;
using Microsoft.AspNetCore.Http;

namespace Dataphin.UpgradeKit.AspNetCore.Operators;

/// <summary>
/// Tells the endpoints who is asking. The host implements it over its own authentication (claims, a session,
/// a header set by a trusted gateway) and registers it in the container; the endpoints never guess an identity.
/// </summary>
public interface IOperatorAccessor
{
    /// <summary>
    /// The operator behind <paramref name="context"/>, or null when the request carries none; the endpoints then answer
    /// 401 with a problem details body.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <returns>The authenticated operator, or null.</returns>
    OperatorIdentity? GetOperator(HttpContext context);
}
