namespace Dataphin.UpgradeKit.Storage;

/// <summary>Which statuses make up each <see cref="UpgradeOutcomeCategory"/>.</summary>
public static class UpgradeOutcomeCategories
{
    private static readonly UpgradeStatus[] AllStatuses = Enum.GetValues<UpgradeStatus>();

    /// <summary>The category of <paramref name="status"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="status"/> is not a defined status.</exception>
    public static UpgradeOutcomeCategory Of(UpgradeStatus status) => status switch
    {
        UpgradeStatus.Configuring or UpgradeStatus.Upgrading or UpgradeStatus.Verifying => UpgradeOutcomeCategory.Running,
        UpgradeStatus.Succeeded => UpgradeOutcomeCategory.Succeeded,
        UpgradeStatus.Failed => UpgradeOutcomeCategory.Failed,
        UpgradeStatus.Stopped => UpgradeOutcomeCategory.Stopped,
        UpgradeStatus.ForceStoppedSucceeded or UpgradeStatus.ForceStoppedFailed => UpgradeOutcomeCategory.ForceStopped,
        UpgradeStatus.Canceled => UpgradeOutcomeCategory.Canceled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "The status is not defined."),
    };

    /// <summary>The statuses of <paramref name="category"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="category"/> is not a defined category.</exception>
    public static IReadOnlyList<UpgradeStatus> StatusesOf(UpgradeOutcomeCategory category)
    {
        if (!Enum.IsDefined(category))
        {
            throw new ArgumentOutOfRangeException(nameof(category), category, "The outcome category is not defined.");
        }

        return [.. AllStatuses.Where(status => Of(status) == category)];
    }
}
