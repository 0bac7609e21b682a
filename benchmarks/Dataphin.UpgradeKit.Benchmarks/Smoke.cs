namespace Dataphin.UpgradeKit.Benchmarks;

/// <summary>Whether the suite runs as a smoke test (every benchmark once, small data): set by <c>--smoke</c>.</summary>
internal static class Smoke
{
    public static bool Enabled
    {
        get => Environment.GetEnvironmentVariable("UPGRADEKIT_BENCH_SMOKE") == "1";
        set => Environment.SetEnvironmentVariable("UPGRADEKIT_BENCH_SMOKE", value ? "1" : null);
    }
}
