namespace Dataphin.UpgradeKit.Storage;

/// <summary>Settings of an <see cref="InMemoryUpgradeStore"/>.</summary>
public sealed class InMemoryUpgradeStoreOptions
{
    /// <summary>
    /// How many finished upgrade records (in a terminal status) the store keeps, with their audit trails and timelines,
    /// counting the audit trails of removed records too; beyond it the oldest (by creation time) are forgotten, a tenth
    /// of the bound at a time. Records still in progress and pending notifications are never forgotten. Null keeps
    /// everything: the store then grows by about 2.6 KB per upgrade lifecycle, for as long as the process runs.
    /// </summary>
    /// <value>The default value is null (no bound).</value>
    public int? MaxFinishedRecords { get; set; }

    /// <summary>Throws when a setting is invalid.</summary>
    /// <exception cref="ArgumentException"><see cref="MaxFinishedRecords"/> is less than 1.</exception>
    public void Validate()
    {
        if (Problems().FirstOrDefault() is { } problem)
        {
            throw new ArgumentException("Invalid in-memory upgrade store options: " + problem);
        }
    }

    /// <summary>The problems of these options, each a sentence starting with the option's name; empty when valid.</summary>
    internal IEnumerable<string> Problems()
    {
        if (MaxFinishedRecords is < 1)
        {
            yield return $"MaxFinishedRecords must be at least 1 or null (it is {MaxFinishedRecords}).";
        }
    }
}
