namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// The archive files a run wrote, once each in the order first written: the file's latest hash and what the run's batches
/// put into it, added up. Bounded by the files (one per day), not by the batches: a run of thousands of batches over a few
/// hundred days keeps a few hundred entries.
/// </summary>
internal sealed class RunFiles
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<RetentionArchiveFile> _files = [];

    public int Count => _files.Count;

    public IReadOnlyList<RetentionArchiveFile> Files => _files;

    public void Add(IEnumerable<RetentionArchiveFile> files)
    {
        foreach (var file in files)
        {
            if (_index.TryGetValue(file.Name, out var at))
            {
                var known = _files[at];
                _files[at] = file with
                {
                    Records = known.Records + file.Records,
                    AuditEntries = known.AuditEntries + file.AuditEntries,
                    TimelineEvents = known.TimelineEvents + file.TimelineEvents,
                };
            }
            else
            {
                _index[file.Name] = _files.Count;
                _files.Add(file);
            }
        }
    }
}
