namespace Dataphin.UpgradeKit;

/// <summary>
/// How the Stop rule is read: Stop is offered while the upgrade is Upgrading and "the force-stop
/// task has not run or application shutdown has not started".
/// </summary>
public enum StopWindowReading
{
    /// <summary>
    /// The spec's decision: the words taken literally. The window closes only once the force-stop task has run
    /// <em>and</em> application shutdown has started; between the two, Stop is still offered.
    /// </summary>
    Literal = 0,

    /// <summary>The stricter reading: Stop is offered only while neither has happened yet; either one closes the window.</summary>
    Strict = 1,
}
