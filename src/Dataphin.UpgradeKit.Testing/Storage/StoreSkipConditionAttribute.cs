namespace Dataphin.UpgradeKit.Testing.Storage;

/// <summary>Put on a store test class: when <see cref="SkipReason"/> is not null, its <see cref="StoreFactAttribute"/> tests skip.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public abstract class StoreSkipConditionAttribute : Attribute
{
    /// <summary>Why the class's tests cannot run here, with how to enable them; null when they can.</summary>
    public abstract string? SkipReason { get; }
}
