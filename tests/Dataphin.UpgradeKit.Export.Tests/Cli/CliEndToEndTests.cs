using System.Text;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Cli;

/// <summary>The <c>upgradekit</c> tool run as a real process (<c>dotnet Dataphin.UpgradeKit.Cli.dll</c>).</summary>
public sealed class CliEndToEndTests : IDisposable
{
    private static readonly byte[] Configuration = Encoding.UTF8.GetBytes("service.port=8080\n");
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Decrypt_PasswordOnStandardInput_WritesTheFile_R_CFG_3()
    {
        var password = WriteEncrypted("config.age");

        var run = Cli(password + "\n", "decrypt", _directory.File("config.age"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(Configuration, File.ReadAllBytes(_directory.File("config")));
    }

    [Fact]
    public void Decrypt_PasswordFile_WritesTheFileAtOut_R_CFG_3()
    {
        var password = WriteEncrypted("config.age");
        File.WriteAllText(_directory.File("password.txt"), password + "\n");

        var run = Cli(null, "decrypt", _directory.File("config.age"), "--out", _directory.File("plain.txt"), "--password-file", _directory.File("password.txt"));

        Assert.True(run.ExitCode == 0, run.StandardError);
        Assert.Equal(Configuration, File.ReadAllBytes(_directory.File("plain.txt")));
    }

    [Fact]
    public void Decrypt_WrongPassword_ExitsOneAndLeavesNoOutputFile_R_CFG_4()
    {
        WriteEncrypted("config.age");

        var run = Cli("00000-00000-00000-00000-00000-0\n", "decrypt", _directory.File("config.age"), "--out", _directory.File("plain.txt"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The password does not open this file", run.StandardError, StringComparison.Ordinal);
        Assert.Equal(["config.age"], _directory.FileNames());
    }

    [Fact]
    public void Decrypt_TruncatedFile_ExitsSixAndLeavesNoOutputFile_R_CFG_4()
    {
        var password = WriteEncrypted("config.age");
        var file = File.ReadAllBytes(_directory.File("config.age"));
        File.WriteAllBytes(_directory.File("config.age"), file[..^1]);

        var run = Cli(password + "\n", "decrypt", _directory.File("config.age"), "--out", _directory.File("plain.txt"));

        Assert.Equal(6, run.ExitCode);
        Assert.Equal(["config.age"], _directory.FileNames());
    }

    [Fact]
    public void Decrypt_ForeignFile_ExitsThree_R_CFG_4()
    {
        File.WriteAllText(_directory.File("notes.age"), "just some text");

        var run = Cli("password\n", "decrypt", _directory.File("notes.age"));

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(["notes.age"], _directory.FileNames());
    }

    [Fact]
    public void Decrypt_PasswordAsAnArgument_IsRefusedAsUsageError()
    {
        WriteEncrypted("config.age");

        var run = Cli(null, "decrypt", _directory.File("config.age"), "--password", "secret");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(["config.age"], _directory.FileNames());
    }

    [Fact]
    public void Help_PrintsUsageAndExitCodes()
    {
        var run = Cli(null, "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("upgradekit decrypt <file>", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("Exit codes", run.StandardOutput, StringComparison.Ordinal);
    }

    private string WriteEncrypted(string name)
    {
        var (file, password) = TestFiles.Encrypt(Configuration);
        File.WriteAllBytes(_directory.File(name), file);
        return password;
    }

    private ProcessRunner.Result Cli(string? stdin, params string[] args) => CliProcess.Run(stdin, _directory.Path, args);
}
