using System.Diagnostics;
using System.Globalization;
using Dataphin.UpgradeKit.Storage;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>
/// Retention in a real process killed (SIGKILL) at a step of its first batch, then run again in a new process (R-RET-2):
/// nothing protected is removed, nothing removed is missing from the archive, nothing is archived twice, and the archive
/// read back equals the removed records. Needs the RetentionHost program next to the tests (a project reference).
/// </summary>
public static class RetentionKillChecks
{
    /// <summary>The steps the host can be killed at.</summary>
    public static TheoryData<string> Steps => ["after-archive", "after-remove", "after-confirm", "audit-after-archive", "audit-after-remove"];

    /// <summary>
    /// Generates a history from <paramref name="seed"/> through <paramref name="store"/> (empty), kills a host running
    /// retention over <paramref name="target"/> (the same database) at <paramref name="step"/>, reruns it in a new host
    /// once the dead run's lease is over, and checks the outcome.
    /// </summary>
    /// <param name="store">The test's own store over the database.</param>
    /// <param name="kind"><c>sqlite</c> or <c>postgresql</c>.</param>
    /// <param name="target">The database file or connection string the host opens.</param>
    /// <param name="archiveDirectory">The archive's directory.</param>
    /// <param name="seed">The history's seed.</param>
    /// <param name="step">Where the first host dies.</param>
    public static async Task AssertKilledRunIsFinishedByTheNextAsync(IUpgradeStore store, string kind, string target, string archiveDirectory, int seed, string step)
    {
        var history = await RetentionChecks.GenerateAsync(store, seed);
        var policy = history.Policy;
        policy.FinishedRecordAge = Duration.FromDays(1);
        policy.BatchSize = 2;
        policy.AuditEntryAge = Duration.FromDays(1);
        // The audit steps stop in a batch of entries archived on their own: the records stay, so their old entries go by age.
        var auditStep = step.StartsWith("audit-", StringComparison.Ordinal);
        policy.MinimumFinishedRecords = auditStep ? 1000 : 0;

        using (var killed = Start(kind, target, archiveDirectory, history.Now, policy, step))
        {
            try
            {
                await ReadLineAsync(killed, "AT " + step);
                killed.Kill(); // SIGKILL: no finally block, no flush, the lease stays taken
                await killed.WaitForExitAsync();
            }
            finally
            {
                if (!killed.HasExited)
                {
                    killed.Kill(entireProcessTree: true);
                }
            }
        }

        // The next run, in a new process, once the dead run's lease (10 minutes) is over.
        var later = history.Now + Duration.FromMinutes(11);
        using (var rerun = Start(kind, target, archiveDirectory, later, policy, "none"))
        {
            try
            {
                await ReadLineAsync(rerun, "DONE ");
                await rerun.WaitForExitAsync();
                Assert.Equal(0, rerun.ExitCode);
            }
            finally
            {
                if (!rerun.HasExited)
                {
                    rerun.Kill(entireProcessTree: true);
                }
            }
        }

        var (removed, entries) = await RetentionChecks.AssertOutcomeCoreAsync(store, history with { Policy = policy }, archiveDirectory, later);
        Assert.True((auditStep ? entries : removed) > 0, "the history removed nothing: the kill proved nothing");
    }

    private static Process Start(string kind, string target, string archiveDirectory, Instant now, RetentionOptions policy, string step)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "Dataphin.UpgradeKit.Testing.RetentionHost.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: the test project builds it through a project reference");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in new[]
        {
            kind, target, archiveDirectory, now.ToUnixTimeTicks().ToString(CultureInfo.InvariantCulture),
            ((int)policy.FinishedRecordAge.TotalDays).ToString(CultureInfo.InvariantCulture),
            policy.MinimumFinishedRecords.ToString(CultureInfo.InvariantCulture), policy.BatchSize.ToString(CultureInfo.InvariantCulture), step,
            ((int)policy.AuditEntryAge!.Value.TotalDays).ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
    }

    /// <summary>Waits for the host's line starting with <paramref name="prefix"/>; the timeout only ends a test whose host broke.</summary>
    private static async Task<string> ReadLineAsync(Process process, string prefix)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var seen = new List<string>();
        try
        {
            while (await process.StandardOutput.ReadLineAsync(cancel.Token) is { } line)
            {
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return line;
                }

                seen.Add(line);
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }

        var errors = process.HasExited ? await process.StandardError.ReadToEndAsync() : "";
        throw new Xunit.Sdk.XunitException($"the retention host never wrote '{prefix}'; output: {string.Join(" | ", seen)}; errors: {errors}");
    }
}
