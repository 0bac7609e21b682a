namespace Dataphin.UpgradeKit.Projections;

/// <summary>A value as programs read it (<see cref="Code"/>, camelCase in JSON) and as people read it (<see cref="Name"/>).</summary>
/// <typeparam name="TCode">The enumeration.</typeparam>
/// <param name="Code">The stable code.</param>
/// <param name="Name">The display name in the requested culture.</param>
public sealed record CodeAndName<TCode>(TCode Code, string Name)
    where TCode : struct, Enum;
