using System.Text;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Dataphin.UpgradeKit.Testing.HostTools;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Interop;

/// <summary>
/// Interoperability both ways with the reference <c>age</c> tool (Debian package 1.1.1). age reads a
/// passphrase only from a terminal (it has no environment variable or stdin option), so it runs under
/// util-linux <c>script</c>, which gives it a pseudo-terminal fed from our standard input.
/// </summary>
public sealed class AgeCliInteropTests
{
    private const string Install = "apt-get install age";

    [RequiresHostToolTheory("age", Install)]
    [InlineData(EncryptedFileFormat.Binary)]
    [InlineData(EncryptedFileFormat.Armored)]
    public void OurFile_DecryptsWithAgeCli_GivenThePrintedPassword_R_CFG_3(EncryptedFileFormat format)
    {
        using var directory = new TempDirectory();
        var plaintext = TestFiles.RandomBytes(150_000, seed: 11);
        string password;
        using (var output = File.Create(directory.File("config.age")))
        using (var result = ConfigurationEncryptor.Encrypt(plaintext, output, format))
        {
            password = result.Password.Reveal();
        }

        var run = RunInTerminal($"age -d -o '{directory.File("config.out")}' '{directory.File("config.age")}'", password + "\n");

        Assert.True(run.ExitCode == 0, $"age -d failed ({run.ExitCode}): {run.StandardOutput} {run.StandardError}");
        Assert.Equal(plaintext, File.ReadAllBytes(directory.File("config.out")));
    }

    [RequiresHostToolFact("age", Install)]
    public void AgeCliArmoredFile_DecryptsWithOurDecryptor_R_CFG_3()
    {
        using var directory = new TempDirectory();
        var plaintext = Encoding.UTF8.GetBytes("made by age -p -a\n" + new string('y', 70_000));
        File.WriteAllBytes(directory.File("config.txt"), plaintext);
        const string Passphrase = "correct horse battery staple";

        var run = RunInTerminal($"age -p -a -o '{directory.File("config.age")}' '{directory.File("config.txt")}'", Passphrase + "\n" + Passphrase + "\n");

        Assert.True(run.ExitCode == 0, $"age -p -a failed ({run.ExitCode}): {run.StandardOutput} {run.StandardError}");
        Assert.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----", File.ReadAllText(directory.File("config.age")), StringComparison.Ordinal);
        Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(File.ReadAllBytes(directory.File("config.age")), Passphrase));
    }

    [RequiresHostToolFact("age", Install)]
    public void AgeCliFile_DecryptsWithOurDecryptor_R_CFG_3()
    {
        using var directory = new TempDirectory();
        var plaintext = Encoding.UTF8.GetBytes("made by age -p\n" + new string('x', 70_000));
        File.WriteAllBytes(directory.File("config.txt"), plaintext);
        const string Passphrase = "correct horse battery staple";

        var run = RunInTerminal($"age -p -o '{directory.File("config.age")}' '{directory.File("config.txt")}'", Passphrase + "\n" + Passphrase + "\n");

        Assert.True(run.ExitCode == 0, $"age -p failed ({run.ExitCode}): {run.StandardOutput} {run.StandardError}");
        Assert.StartsWith("age-encryption.org/v1\n-> scrypt ", File.ReadAllText(directory.File("config.age"), Encoding.Latin1), StringComparison.Ordinal);
        Assert.Equal(plaintext, ConfigurationDecryptor.Decrypt(File.ReadAllBytes(directory.File("config.age")), Passphrase));
    }

    private static ProcessRunner.Result RunInTerminal(string command, string typed)
    {
        var script = HostTool.Find("script") ?? throw new InvalidOperationException("util-linux 'script' is needed to give age a terminal.");
        return ProcessRunner.Run(script, ["-q", "-e", "-c", command, "/dev/null"], typed);
    }
}
