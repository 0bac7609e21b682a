using System.Diagnostics;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Cli;

/// <summary>
/// The tool as a real process against hostile or interrupted use (SPEC §10): signals in the middle of a large
/// decryption (R-SEC-2), endless password sources (R-SEC-3), outputs that are not regular files (R-SEC-4).
/// </summary>
public sealed class CliHostileInputTests : IDisposable
{
    private const int CharacterDevice = 0x2000;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>
    /// The encrypted file comes through a FIFO that delivers half of it and then stalls, so the tool is caught for
    /// sure in the middle of writing plaintext (seen as its open output file) when the signal arrives.
    /// </summary>
    [RequiresHostToolTheory("mkfifo", "apt-get install coreutils")]
    [InlineData("INT", 130, true)]
    [InlineData("TERM", 143, true)]
    [InlineData("HUP", 129, true)]
    [InlineData("INT", 130, false)]
    [InlineData("TERM", 143, false)]
    [InlineData("HUP", 129, false)]
    public async Task Decrypt_SignalDuringLargeDecrypt_LeavesNoFileInTheOutputFolder_R_SEC_2(string signal, int expectedExitCode, bool unnamedFile)
    {
        var (file, password) = TestFiles.Encrypt(TestFiles.RandomBytes(4 * 1024 * 1024, seed: 3));
        var fifo = _directory.File("config.age");
        Assert.Equal(0, ProcessRunner.Run("mkfifo", [fifo], null).ExitCode);
        // Through env(1) with the three signals at their default action: a test runner started with nohup, or as a
        // background job of a shell without job control, passes INT and HUP down as ignored, and a tool rightly does
        // not react to a signal its caller chose to ignore (the test would then see no exit at all).
        var start = new ProcessStartInfo("env", ["--default-signal=INT,HUP,TERM", "dotnet", CliProcess.Dll, "decrypt", fifo, "--out", _directory.File("config")])
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (!unnamedFile)
        {
            start.Environment["UPGRADEKIT_UNNAMED_TEMP_FILES"] = "0";
        }

        using var cli = Process.Start(start)!;
        var stderr = cli.StandardError.ReadToEndAsync();
        await cli.StandardInput.WriteLineAsync(password);
        cli.StandardInput.Close();
        using var release = new CancellationTokenSource();
        var feeder = Task.Run(async () =>
        {
            await using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            await pipe.WriteAsync(file.AsMemory(0, file.Length / 2));
            await pipe.FlushAsync();
            await Task.Delay(Timeout.Infinite, release.Token).ContinueWith(_ => { }, TaskScheduler.Default);
        });

        try
        {
            Assert.True(WaitUntil(() => HoldsPlaintext(cli.Id, unnamedFile), TimeSpan.FromSeconds(30)), "the tool never started writing plaintext");

            Assert.Equal(0, ProcessRunner.Run("kill", ["-s", signal, cli.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], null).ExitCode);

            Assert.True(cli.WaitForExit(TimeSpan.FromSeconds(10)), "the tool did not end after the signal");
            Assert.Equal(expectedExitCode, cli.ExitCode);
            Assert.Contains("nothing was written", await stderr, StringComparison.Ordinal);
            Assert.Equal(["config.age"], _directory.FileNames());
        }
        finally
        {
            await release.CancelAsync();
            if (!cli.HasExited)
            {
                cli.Kill();
            }

            await Record.ExceptionAsync(() => feeder);
        }
    }

    [Fact]
    public void Decrypt_DevZeroAsPasswordFile_FailsFastInBoundedMemory_R_SEC_3()
    {
        WriteEncrypted();
        var clock = Stopwatch.StartNew();

        var run = ProcessRunner.Run("dotnet", [CliProcess.Dll, "decrypt", "config.age", "--password-file", "/dev/zero"], null, _directory.Path, CliProcess.BoundedHeap);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("holds more than 1024 bytes", run.StandardError, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(["config.age"], _directory.FileNames());
    }

    [RequiresHostToolFact("bash", "apt-get install bash")]
    public void Decrypt_DevZeroPipedAsStandardInput_FailsFastInBoundedMemory_R_SEC_3()
    {
        WriteEncrypted();
        var clock = Stopwatch.StartNew();

        var run = ProcessRunner.Run("bash", ["-c", "exec dotnet \"$0\" decrypt config.age < /dev/zero", CliProcess.Dll], null, _directory.Path, CliProcess.BoundedHeap);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Standard input gave more than 1024 bytes", run.StandardError, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(["config.age"], _directory.FileNames());
    }

    [Fact]
    public void Decrypt_ForceOntoASymlink_IsRefusedAndLeavesLinkAndTarget_R_SEC_4()
    {
        var password = WriteEncrypted();
        File.WriteAllText(_directory.File("target.txt"), "keep me");
        File.CreateSymbolicLink(_directory.File("link"), _directory.File("target.txt"));

        var run = CliProcess.Run(password + "\n", _directory.Path, "decrypt", "config.age", "--out", "link", "--force");

        Assert.Equal(7, run.ExitCode);
        Assert.Contains("is a symbolic link", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(_directory.File("target.txt"), new FileInfo(_directory.File("link")).LinkTarget);
        Assert.Equal("keep me", File.ReadAllText(_directory.File("target.txt")));
        Assert.Equal(["config.age", "link", "target.txt"], _directory.FileNames());
    }

    [RequiresHostToolFact("mknod", "apt-get install coreutils; creating a device node needs root, as CI runs")]
    public void Decrypt_ForceOntoADeviceNode_IsRefusedAndLeavesTheDevice_R_SEC_4()
    {
        var password = WriteEncrypted();
        var device = _directory.File("null-device");
        Assert.Equal(0, ProcessRunner.Run("mknod", [device, "c", "1", "3"], null).ExitCode);

        var run = CliProcess.Run(password + "\n", _directory.Path, "decrypt", "config.age", "--out", device, "--force");

        Assert.Equal(7, run.ExitCode);
        Assert.Contains("writes only regular files", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(CharacterDevice, LinuxFiles.Stat(device, followLinks: false)!.Value.Type);
        Assert.Equal(["config.age", "null-device"], _directory.FileNames());
    }

    [Theory]
    [InlineData("config.age")]
    [InlineData("./sub/../config.age")]
    public void Decrypt_ForceOntoItsOwnInput_IsRefusedAndLeavesTheInput_R_SEC_4(string output)
    {
        var password = WriteEncrypted();
        Directory.CreateDirectory(_directory.File("sub"));
        var before = File.ReadAllBytes(_directory.File("config.age"));

        var run = CliProcess.Run(password + "\n", _directory.Path, "decrypt", "config.age", "--out", output, "--force");

        Assert.Equal(7, run.ExitCode);
        Assert.Contains("is the encrypted file itself", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_directory.File("config.age")));
    }

    [Fact]
    public void Decrypt_OutOntoAFolder_IsRefusedEvenWithForce_R_SEC_4()
    {
        var password = WriteEncrypted();
        Directory.CreateDirectory(_directory.File("folder"));

        var run = CliProcess.Run(password + "\n", _directory.Path, "decrypt", "config.age", "--out", "folder", "--force");

        Assert.Equal(7, run.ExitCode);
        Assert.Contains("is a folder", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory.File("folder")));
    }

    [Fact]
    public void Decrypt_OutIsStandardOutput_IsRefusedAndCreatesNoFileNamedDash_R_SEC_4()
    {
        var password = WriteEncrypted();

        var run = CliProcess.Run(password + "\n", _directory.Path, "decrypt", "config.age", "--out", "-");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("not written to standard output", run.StandardError, StringComparison.Ordinal);
        Assert.Empty(run.StandardOutput);
        Assert.Equal(["config.age"], _directory.FileNames());
    }

    /// <summary>Whether the tool has its plaintext file open: an unnamed one (a deleted entry in its fd table) or the hidden partial file.</summary>
    private bool HoldsPlaintext(int pid, bool unnamedFile)
    {
        if (!unnamedFile)
        {
            return Directory.GetFiles(_directory.Path, ".config.*.partial").Length > 0;
        }

        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd")
                .Select(fd => new FileInfo(fd).LinkTarget)
                .Any(target => target is not null && target.StartsWith(_directory.Path + "/", StringComparison.Ordinal) && target.EndsWith("(deleted)", StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static bool WaitUntil(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (condition())
            {
                return true;
            }

            Thread.Sleep(20);
        }

        return false;
    }

    private string WriteEncrypted()
    {
        var (file, password) = TestFiles.Encrypt("service.port=8080\n"u8.ToArray());
        File.WriteAllBytes(_directory.File("config.age"), file);
        return password;
    }
}
