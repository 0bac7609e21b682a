using NodaTime;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// Upgrades take hours, so the seed moves a simulated clock through the past weeks; once seeded, the clock follows
/// real time and the operator's actions carry real instants.
/// </summary>
internal sealed class SeedingClock : IClock
{
    private readonly Lock _gate = new();
    private Instant? _simulated;

    public SeedingClock(Instant simulatedStart)
    {
        _simulated = simulatedStart;
    }

    public Instant GetCurrentInstant()
    {
        lock (_gate)
        {
            return _simulated ?? SystemClock.Instance.GetCurrentInstant();
        }
    }

    public Instant Advance(Duration by)
    {
        lock (_gate)
        {
            var next = (_simulated ?? throw new InvalidOperationException("The clock already follows real time.")) + by;
            _simulated = next;
            return next;
        }
    }

    /// <summary>Moves the simulated clock forward to <paramref name="ago"/> before real time, so the newest records are recent.</summary>
    public void CatchUp(Duration ago)
    {
        lock (_gate)
        {
            var target = SystemClock.Instance.GetCurrentInstant() - ago;
            if (_simulated is { } now && now < target)
            {
                _simulated = target;
            }
        }
    }

    public void FollowRealTime()
    {
        lock (_gate)
        {
            _simulated = null;
        }
    }
}
