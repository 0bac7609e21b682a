namespace Dataphin.UpgradeKit.Insights;

/// <summary>How the records of an insights group were chosen.</summary>
public enum InsightsGroupKind
{
    /// <summary>Every record of the interval.</summary>
    Overall = 0,

    /// <summary>The records of one upgrade mode.</summary>
    Mode = 1,

    /// <summary>The records of one target version (numerically equal versions together).</summary>
    TargetVersion = 2,
}
