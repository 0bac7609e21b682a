using NodaTime;

namespace Dataphin.UpgradeKit.Internal;

/// <summary>Exponential backoff with full jitter (R-DLV-4): attempt n waits a uniform random time in [0, min(cap, base·2ⁿ⁻¹)].</summary>
internal static class Backoff
{
    /// <summary>The delay after failed attempt <paramref name="attempt"/> (1-based), drawing from <paramref name="random"/> (a number in [0, 1)).</summary>
    public static Duration Delay(int attempt, Duration @base, Duration cap, double random)
    {
        // Doubling stops once past the cap, so large attempt numbers never overflow.
        var ceiling = @base;
        for (var i = 1; i < attempt && ceiling < cap; i++)
        {
            ceiling += ceiling;
        }

        if (ceiling > cap)
        {
            ceiling = cap;
        }

        return Duration.FromTicks((long)(ceiling.BclCompatibleTicks * random));
    }
}
