namespace Dataphin.UpgradeKit.Relational;

/// <summary>
/// A failure a dialect detects itself, not the database driver (the SQLite file deleted or replaced under the store,
/// a write that waited too long in the store's own queue). <see cref="RelationalUpgradeStore"/> turns it into the
/// public error with the store's location, as it does a driver's error. Nothing was written when it is raised.
/// </summary>
internal sealed class StoreFault : Exception
{
    /// <param name="message">What is wrong, naming the file or server.</param>
    /// <param name="advice">What the host's operator should do.</param>
    /// <param name="waited">For a write that gave up waiting for its turn: how long it waited; otherwise null.</param>
    public StoreFault(string message, string advice, TimeSpan? waited = null)
        : base(message)
    {
        Advice = advice;
        Waited = waited;
    }

    /// <summary>What the host's operator should do.</summary>
    public string Advice { get; }

    /// <summary>For a write that gave up waiting for its turn: how long it waited.</summary>
    public TimeSpan? Waited { get; }
}
