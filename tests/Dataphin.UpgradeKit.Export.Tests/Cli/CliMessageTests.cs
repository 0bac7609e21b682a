using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Cli;

/// <summary>
/// What the tool says to an operator (issue 16): one sentence that says what to do next, without .NET messages, type
/// names, temporary files or format jargon, and a <c>--version</c>.
/// </summary>
public sealed class CliMessageTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string, string[], string?, int, string> Failures => new()
    {
        { "wrong password", ["decrypt", "config.age", "--out", "plain"], "00000-00000-00000-00000-00000-0", 1, "The password does not open this file: type it exactly as it was shown with the download, or download the file again for a new password." },
        { "missing password file", ["decrypt", "config.age", "--out", "plain", "--password-file", "nowhere.txt"], null, 2, "The password file 'nowhere.txt' does not exist: check the path." },
        { "missing input", ["decrypt", "missing.age"], "x", 7, "The file 'missing.age' does not exist: check the path." },
        { "input is a folder", ["decrypt", "folder", "--out", "plain"], "x", 7, "'folder' is a folder: give the path of the encrypted file itself." },
        { "output exists", ["decrypt", "config.age", "--out", "existing.txt"], Password, 7, "'existing.txt' already exists: add --force to replace it, or choose another path with --out." },
        { "output folder missing", ["decrypt", "config.age", "--out", "no/such/folder/plain"], Password, 7, "does not exist: create it, or choose another path with --out." },
        { "empty password", ["decrypt", "config.age", "--out", "plain"], "", 2, "No password was given: type the one shown with the download, pipe it, or use --password-file <file>." },
        { "foreign file", ["decrypt", "notes.txt", "--out", "plain"], "x", 3, "'notes.txt' is not an encrypted configuration file: choose the .age file the download gave you." },
    };

    private const string Password = "<the download's password>";

    [Theory]
    [MemberData(nameof(Failures))]
    public void Decrypt_Failure_SaysWhatToDoInOneSentence(string situation, string[] args, string? stdin, int exitCode, string expected)
    {
        var password = Setup();
        var run = CliProcess.Run(stdin == Password ? password + "\n" : stdin is null ? null : stdin + "\n", _directory.Path, args);

        Assert.True(exitCode == run.ExitCode, $"{situation}: exit {run.ExitCode}, {run.StandardError}");
        var line = Assert.Single(run.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("upgradekit: ", line, StringComparison.Ordinal);
        Assert.EndsWith(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", line, StringComparison.Ordinal);
        Assert.DoesNotContain(".partial", line, StringComparison.Ordinal);
        Assert.DoesNotContain(password, line, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("plain")), situation);
    }

    [Fact]
    public void Version_PrintsTheToolsVersion()
    {
        var run = CliProcess.Run(null, _directory.Path, "--version");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^upgradekit \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?\n$", run.StandardOutput);
    }

    [Fact]
    public void Help_SaysWhatHoldsAfterSigkill_R_SEC_2()
    {
        var run = CliProcess.Run(null, _directory.Path, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("SIGKILL", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("O_TMPFILE", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("--version", run.StandardOutput, StringComparison.Ordinal);
    }

    private string Setup()
    {
        var (file, password) = TestFiles.Encrypt("a=1\n"u8.ToArray());
        File.WriteAllBytes(_directory.File("config.age"), file);
        File.WriteAllText(_directory.File("existing.txt"), "keep");
        File.WriteAllText(_directory.File("notes.txt"), "just some notes\n");
        Directory.CreateDirectory(_directory.File("folder"));
        return password;
    }
}
