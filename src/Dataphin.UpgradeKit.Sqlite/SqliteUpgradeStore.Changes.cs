namespace Dataphin.UpgradeKit.Sqlite;

public sealed partial class SqliteUpgradeStore
{
    // One writer process is the usual SQLite host: its commits wake its watchers directly. Watchers in another process
    // on the same file learn of changes when they next read the feed (the service's watches re-read it periodically).
    private IDisposable SubscribeToCommittedChanges(Action onCommitted) => _core.Changes.Subscribe(onCommitted);
}
