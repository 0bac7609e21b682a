using NodaTime;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>A NodaTime clock over a host's <see cref="TimeProvider"/>, for hosts that register one and no <see cref="IClock"/>.</summary>
internal sealed class TimeProviderClock(TimeProvider provider) : IClock
{
    public Instant GetCurrentInstant() => Instant.FromDateTimeOffset(provider.GetUtcNow());
}
