using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Dataphin.UpgradeKit.Testing.Arbitraries;

/// <summary>
/// How the kit runs FsCheck properties: throw on the first failing case (the message holds FsCheck's seed), and replay
/// a seed given in the <see cref="ReplayVariable"/> environment variable.
/// </summary>
public static class KitCheck
{
    /// <summary>
    /// The environment variable that replays a failure: set it to the two numbers FsCheck printed after the failing
    /// case (<c>seed,gamma</c>, e.g. <c>UPGRADEKIT_FSCHECK_REPLAY=12345678901234567890,1234567</c>) and run the test again.
    /// </summary>
    public const string ReplayVariable = "UPGRADEKIT_FSCHECK_REPLAY";

    /// <summary>FsCheck's configuration for <paramref name="maxTest"/> cases, with the replay seed of <see cref="ReplayVariable"/> when set.</summary>
    /// <param name="maxTest">How many cases.</param>
    public static Config Config(int maxTest) =>
        WithReplay(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(maxTest), Environment.GetEnvironmentVariable(ReplayVariable));

    /// <summary>
    /// <paramref name="config"/> replaying <paramref name="replay"/>: <c>seed,gamma</c> as FsCheck prints them (spaces and
    /// parentheses are ignored); unchanged when <paramref name="replay"/> is null or empty.
    /// </summary>
    /// <param name="config">The configuration.</param>
    /// <param name="replay">The seed and gamma.</param>
    /// <exception cref="FormatException"><paramref name="replay"/> is not two unsigned numbers.</exception>
    public static Config WithReplay(Config config, string? replay)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (string.IsNullOrWhiteSpace(replay))
        {
            return config;
        }

        var parts = replay.Trim().Trim('(', ')').Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2
            || !ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            || !ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var gamma))
        {
            throw new FormatException($"{ReplayVariable} must be 'seed,gamma' as FsCheck prints them, e.g. '12345,678'.");
        }

        return config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, gamma), FSharpOption<int>.None)));
    }

    /// <summary>Checks <paramref name="property"/> on <paramref name="maxTest"/> cases with <see cref="Config"/>.</summary>
    /// <param name="property">The property.</param>
    /// <param name="maxTest">How many cases.</param>
    public static void Run(Property property, int maxTest) => Check.One(Config(maxTest), property);
}
