using Dataphin.UpgradeKit.Internal;

namespace Dataphin.UpgradeKit.Operators;

/// <summary>
/// Who asks for an operator action, as the host authenticated them. The SDK records
/// <see cref="Id"/> in the audit trail and passes the identity to <see cref="IOperatorQualification"/>.
/// </summary>
public sealed record OperatorIdentity
{
    private readonly string[] _roles;

    /// <summary>Creates an identity.</summary>
    /// <param name="id">The host's stable user id; recorded in the audit trail.</param>
    /// <param name="displayName">A name to show; defaults to <paramref name="id"/>.</param>
    /// <param name="roles">Role names the host grants (used by <see cref="RoleOperatorQualification"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="id"/> is null, empty or white space.</exception>
    public OperatorIdentity(string id, string? displayName = null, IEnumerable<string>? roles = null)
    {
        Id = Guard.NotNullOrWhiteSpace(id);
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? id : displayName;
        _roles = roles is null ? [] : [.. roles.Where(r => !string.IsNullOrWhiteSpace(r))];
    }

    /// <summary>The host's stable user id.</summary>
    public string Id { get; }

    /// <summary>A name to show.</summary>
    public string DisplayName { get; }

    /// <summary>The role names the host grants.</summary>
    public IReadOnlyList<string> Roles => _roles;

    /// <summary>True when <see cref="Roles"/> contains <paramref name="role"/> (ordinal, ignoring case).</summary>
    public bool IsInRole(string role)
    {
        foreach (var r in _roles)
        {
            if (string.Equals(r, role, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc />
    public bool Equals(OperatorIdentity? other) =>
        other is not null && Id == other.Id && DisplayName == other.DisplayName && _roles.SequenceEqual(other._roles);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Id, DisplayName, _roles.Length);
}
