using NodaTime;

namespace Dataphin.UpgradeKit.Samples.Console;

/// <summary>
/// The sample's clock: upgrades take hours, so the sample moves time on by hand instead of waiting. A host passes its
/// real clock (or nothing: the SDK then uses the system clock).
/// </summary>
internal sealed class SimulatedClock(Instant start) : IClock
{
    private readonly Lock _gate = new();
    private Instant _now = start;

    public Instant GetCurrentInstant()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public Instant Advance(Duration by)
    {
        lock (_gate)
        {
            return _now += by;
        }
    }

    public void Set(Instant to)
    {
        lock (_gate)
        {
            _now = to;
        }
    }
}
