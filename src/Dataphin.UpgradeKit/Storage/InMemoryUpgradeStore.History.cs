namespace Dataphin.UpgradeKit.Storage;

public sealed partial class InMemoryUpgradeStore
{
    // The operator filter of the history search: the creator, or any audited request of theirs on the record. Called
    // under the gate.
    private bool ActedOn(UpgradeRecord record, string? actor) =>
        actor is null
        || string.Equals(record.CreatedBy, actor, StringComparison.Ordinal)
        || (_audit.TryGetValue(record.Id, out var trail) && trail.Exists(entry => string.Equals(entry.Actor, actor, StringComparison.Ordinal)));
}
