namespace Dataphin.UpgradeKit.Operators;

/// <summary>
/// Answers whether an operator is a qualified O&amp;M engineer, the only people allowed to force-stop an
/// upgrade. The host supplies it; <see cref="RoleOperatorQualification"/> is the default.
/// </summary>
/// <remarks>Called on the hot path of eligibility: answer from the identity, without I/O. Must be thread-safe.</remarks>
public interface IOperatorQualification
{
    /// <summary>True when <paramref name="actor"/> may force-stop upgrades.</summary>
    bool IsQualifiedOmEngineer(OperatorIdentity actor);
}
