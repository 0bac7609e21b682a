namespace Dataphin.UpgradeKit.Projections;

/// <summary>A value as programs read it (<see cref="Code"/>, camelCase in JSON) and as people read it (<see cref="Name"/>).</summary>
/// <typeparam name="TCode">The enumeration.</typeparam>
public sealed record CodeAndName<TCode>
    where TCode : struct, Enum
{
    /// <summary>The stable code.</summary>
    public required TCode Code { get; init; }

    /// <summary>The display name in the requested culture.</summary>
    public required string Name { get; init; }
}
