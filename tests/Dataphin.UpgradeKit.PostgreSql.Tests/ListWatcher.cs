using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Projections;
using Dataphin.UpgradeKit.Testing.HostTools;

namespace Dataphin.UpgradeKit.PostgreSql.Tests;

/// <summary>
/// Watches the records list from a position and keeps every position it is given, until it is given the one named by
/// <see cref="StopAfter"/>: what the restart tests compare with the feed to find a gap or a repeat.
/// </summary>
internal sealed class ListWatcher
{
    private readonly List<long> _seen = [];
    private long _stopAt = long.MaxValue;

    private ListWatcher(UpgradeKitFeatures service, OperatorIdentity actor, DisplayContext display, long from, CancellationToken cancellationToken) =>
        Completion = Task.Run(async () =>
        {
            await foreach (var change in service.Watches.WatchRecordsAsync(actor, display, from, cancellationToken))
            {
                _seen.Add(change.Position);
                if (change.Position >= Volatile.Read(ref _stopAt))
                {
                    return;
                }
            }
        }, cancellationToken);

    /// <summary>The positions seen, in the order they came; read once <see cref="Completion"/> has ended.</summary>
    public IReadOnlyList<long> Seen => _seen;

    /// <summary>Ends when the watcher has seen the position given to <see cref="StopAfter"/>.</summary>
    public Task Completion { get; }

    public static ListWatcher Start(UpgradeKitFeatures service, OperatorIdentity actor, DisplayContext display, long from, CancellationToken cancellationToken) =>
        new(service, actor, display, from, cancellationToken);

    /// <summary>Every position of <paramref name="feed"/> after <paramref name="from"/>, in order: what a watcher must have seen.</summary>
    public static async Task<List<long>> ReadFeedAsync(Storage.IRecordChangeFeed feed, long from, CancellationToken cancellationToken)
    {
        var positions = new List<long>();
        for (var after = from; ;)
        {
            var page = await feed.ReadChangesAsync(after, 500, null, cancellationToken);
            if (page.Count == 0)
            {
                return positions;
            }

            positions.AddRange(page.Select(c => c.Position));
            after = page[^1].Position;
        }
    }

    /// <summary>Ends the watch once it has seen <paramref name="position"/> (a change committed after the writers stopped).</summary>
    public void StopAfter(long position) => Volatile.Write(ref _stopAt, position);
}
