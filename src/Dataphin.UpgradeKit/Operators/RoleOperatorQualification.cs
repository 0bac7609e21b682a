using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Operators;

/// <summary>The default <see cref="IOperatorQualification"/>: an operator is qualified when they hold a role.</summary>
public sealed class RoleOperatorQualification : IOperatorQualification
{
    /// <summary>The role name used when none is given: <c>om-engineer</c>.</summary>
    public const string DefaultRole = UpgradeKitOptions.DefaultQualifiedOperatorRole;

    /// <summary>Creates the check for <paramref name="role"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="role"/> is empty.</exception>
    public RoleOperatorQualification(string role = DefaultRole)
    {
        Role = Guard.NotNullOrWhiteSpace(role);
    }

    /// <summary>The role that qualifies an operator.</summary>
    public string Role { get; }

    /// <inheritdoc />
    public bool IsQualifiedOmEngineer(OperatorIdentity actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.IsInRole(Role);
    }
}
