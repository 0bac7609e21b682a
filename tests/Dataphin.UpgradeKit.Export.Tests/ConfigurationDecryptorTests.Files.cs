using Dataphin.UpgradeKit.Export.Files;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

/// <summary>All-or-nothing decryption to a file: only regular files (R-SEC-4), nothing left on cancellation (R-SEC-2).</summary>
public sealed partial class ConfigurationDecryptorTests
{
    [Fact]
    public void DecryptToFile_OntoASymlinkWithOverwrite_IsRefusedAndLeavesLinkAndTarget_R_SEC_4()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(Configuration);
        File.WriteAllText(directory.File("target.txt"), "keep me");
        File.CreateSymbolicLink(directory.File("link"), directory.File("target.txt"));

        var error = Assert.Throws<OutputFileRefusedException>(() =>
            ConfigurationDecryptor.DecryptToFile(new MemoryStream(file), directory.File("link"), password, overwrite: true));

        Assert.Equal(OutputFileRefusal.SymbolicLink, error.Reason);
        Assert.Equal(directory.File("target.txt"), new FileInfo(directory.File("link")).LinkTarget);
        Assert.Equal("keep me", File.ReadAllText(directory.File("target.txt")));
        Assert.IsAssignableFrom<UpgradeKitException>(error);
    }

    [Fact]
    public void DecryptToFile_OntoADirectoryWithOverwrite_IsRefused_R_SEC_4()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(Configuration);
        Directory.CreateDirectory(directory.File("folder"));

        var error = Assert.Throws<OutputFileRefusedException>(() =>
            ConfigurationDecryptor.DecryptToFile(new MemoryStream(file), directory.File("folder"), password, overwrite: true));

        Assert.Equal(OutputFileRefusal.Directory, error.Reason);
    }

    [Fact]
    public void DecryptToFile_OntoADeviceWithOverwrite_IsRefused_R_SEC_4()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(Configuration);

        var error = Assert.Throws<OutputFileRefusedException>(() =>
            ConfigurationDecryptor.DecryptToFile(new MemoryStream(file), "/dev/null", password, overwrite: true));

        Assert.Equal(OutputFileRefusal.NotARegularFile, error.Reason);
    }

    [Fact]
    public void DecryptToFile_OntoItsOwnInputWithOverwrite_IsRefusedAndKeepsTheInput_R_SEC_4()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(Configuration);
        File.WriteAllBytes(directory.File("config.age"), file);

        using (var input = File.OpenRead(directory.File("config.age")))
        {
            var error = Assert.Throws<OutputFileRefusedException>(() =>
                ConfigurationDecryptor.DecryptToFile(input, directory.File("config.age"), password, overwrite: true));
            Assert.Equal(OutputFileRefusal.SameAsInput, error.Reason);
        }

        Assert.Equal(file, File.ReadAllBytes(directory.File("config.age")));
    }

    [Fact]
    public void DecryptToFile_ReplacingARegularFileWithOverwrite_WritesThePlaintext_R_SEC_4()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(Configuration);
        File.WriteAllText(directory.File("config.txt"), "old");

        ConfigurationDecryptor.DecryptToFile(new MemoryStream(file), directory.File("config.txt"), password, overwrite: true);

        Assert.Equal(Configuration, File.ReadAllBytes(directory.File("config.txt")));
        Assert.Equal(["config.txt"], directory.FileNames());
    }

    [Fact]
    public void DecryptToFile_CancelledInTheMiddle_LeavesNoFileAtAll_R_SEC_2()
    {
        using var directory = new TempDirectory();
        var (file, password) = TestFiles.Encrypt(TestFiles.RandomBytes(1024 * 1024, seed: 5));
        using var cancellation = new CancellationTokenSource();
        var input = new CallbackStream(file, afterBytes: file.Length / 2, cancellation.Cancel);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            ConfigurationDecryptor.DecryptToFile(input, directory.File("config.txt"), password, cancellationToken: cancellation.Token));

        Assert.True(input.Triggered, "the cancellation must come in the middle of the payload");
        Assert.Empty(directory.FileNames());
    }

    /// <summary>Reads <c>data</c> and runs a callback once <c>afterBytes</c> were read (to cancel in the middle of a decryption).</summary>
    private sealed class CallbackStream(byte[] data, int afterBytes, Action callback) : MemoryStream(data, writable: false)
    {
        public bool Triggered { get; private set; }

        // MemoryStream's span overload calls this one for a derived type, so overriding this one alone sees every read.
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            if (!Triggered && Position >= afterBytes)
            {
                Triggered = true;
                callback();
            }

            return read;
        }
    }
}
