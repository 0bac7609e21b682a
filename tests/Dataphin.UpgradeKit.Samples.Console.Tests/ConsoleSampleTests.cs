using System.Diagnostics;
using System.Globalization;
using System.Text;
using Xunit;
using Xunit.Abstractions;

namespace Dataphin.UpgradeKit.Samples.Console.Tests;

/// <summary>
/// The console sample run as a reader runs it (issue 22 item 9): it fits a 100-column terminal, a failure is one line
/// and a non-zero exit without a stack trace, and <c>--culture zh-CN</c> changes the sample's own labels too.
/// </summary>
public sealed class ConsoleSampleTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("upgradekit-console-sample-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Run_At100Columns_EveryLineFitsAndTheListIsWhole()
    {
        var run = await RunAsync("--store", "memory", "--output", _folder);

        Assert.Equal(0, run.ExitCode);
        var lines = run.Stdout.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var widest = lines.Max(Cells);
        output.WriteLine($"widest line: {widest} columns");
        Assert.True(widest <= 100, "lines wider than 100 columns:\n" + string.Join("\n", lines.Where(l => Cells(l) > 100)));
        // Every version and status is whole on some line: no column was cut to "Targ…".
        Assert.DoesNotContain('…', string.Join("\n", lines.Where(l => l.StartsWith('│'))));
        foreach (var text in new[] { "V4.3.0 → V5.0.0", "V5.1.1 → V5.2.0", "2026-11-03 01:20:00", "001:34:29", "Upgrading" })
        {
            Assert.Contains(lines, l => l.Contains(text, StringComparison.Ordinal));
        }

        Assert.Contains(lines, l => l.Contains("Upgrade Records", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_DatabaseItCannotCreate_OneLineOnStandardErrorAndExitCode1()
    {
        var run = await RunAsync("--database", "/proc/nope/x.db", "--output", _folder);

        Assert.Equal(1, run.ExitCode);
        var errors = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(errors);
        Assert.StartsWith("Error: ", errors[0], StringComparison.Ordinal);
        Assert.Contains("/proc/nope", errors[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownOption_OneLineAndExitCode2()
    {
        var run = await RunAsync("--colour", "red");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["Unknown option '--colour'. Run with --help for the options."], run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(run.Stdout.Trim());
    }

    [Fact]
    public async Task Run_CultureZhCN_TheSamplesOwnLabelsAreChineseToo()
    {
        var run = await RunAsync("--store", "memory", "--output", _folder, "--culture", "zh-CN");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("升级记录", run.Stdout, StringComparison.Ordinal);       // the table's title
        Assert.Contains("存储：", run.Stdout, StringComparison.Ordinal);          // the store line
        Assert.Contains("一次性密码", run.Stdout, StringComparison.Ordinal);      // the download
        Assert.DoesNotContain("Upgrade Records", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("One-time password", run.Stdout, StringComparison.Ordinal);
        Assert.True(run.Stdout.Split('\n').Max(Cells) <= 100, "a zh-CN line is wider than 100 columns");
    }

    [Fact]
    public async Task Watch_CultureZhCN_TheWatchLabelsAreChineseToo()
    {
        var run = await RunAsync("watch", "--store", "memory", "--output", _folder, "--culture", "zh-CN");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("正在观察升级", run.Stdout, StringComparison.Ordinal);   // the watch's header
        Assert.Contains("操作：", run.Stdout, StringComparison.Ordinal);          // each change's actions label
        Assert.DoesNotContain("Watching upgrade", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("actions:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_AfterThreeEarlierUpgrades_PrintsTheRemainingTimeAndItsBand_R_ETA_1()
    {
        var run = await RunAsync("watch", "--store", "memory", "--output", _folder);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("3 earlier upgrades of the same mode finished", run.Stdout, StringComparison.Ordinal);
        // While the upgrade runs, each change carries its estimate: the median remaining time and the 10-90 band.
        Assert.Matches(@"remaining:\s+\d{3}:\d{2}:\d{2}\s+\(\d{3}:\d{2}:\d{2}\s+~\s+\d{3}:\d{2}:\d{2}\)", run.Stdout); // Spectre may wrap a line at a space
        Assert.DoesNotContain("no baseline", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_FitsIn100Columns()
    {
        var run = await RunAsync("--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--culture en|zh-CN", run.Stdout, StringComparison.Ordinal);
        Assert.True(run.Stdout.Split('\n').Max(Cells) <= 100);
    }

    /// <summary>The terminal columns a line takes: East Asian wide characters take two.</summary>
    private static int Cells(string line)
    {
        var cells = 0;
        foreach (var rune in line.TrimEnd('\r').EnumerateRunes())
        {
            cells += rune.Value is >= 0x1100 and <= 0x115F or >= 0x2E80 and <= 0xA4CF or >= 0xAC00 and <= 0xD7A3 or >= 0xF900 and <= 0xFAFF
                or >= 0xFE30 and <= 0xFE4F or >= 0xFF00 and <= 0xFF60 or >= 0xFFE0 and <= 0xFFE6 ? 2 : 1;
        }

        return cells;
    }

    private sealed record Run(int ExitCode, string Stdout, string Stderr);

    /// <summary>Runs the sample with its output redirected, as in a 100-column terminal (COLUMNS=100).</summary>
    private async Task<Run> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = _folder,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Dataphin.UpgradeKit.Samples.Console.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["COLUMNS"] = "100";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var run = new Run(process.ExitCode, await stdout, await stderr);
        output.WriteLine($"$ sample {string.Join(' ', arguments)}  (exit {run.ExitCode.ToString(CultureInfo.InvariantCulture)})\n{run.Stdout}\n{run.Stderr}");
        return run;
    }
}
