using System.Text;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

/// <summary>Issue 24 item 6: the age reader at its edges (R-SEC-3, R-CFG-4).</summary>
public sealed partial class ConfigurationDecryptorTests
{
    private const int MaxHeaderSize = 1024 * 1024;

    /// <summary>
    /// Many short lines, each well under the line bound: an endless header of one-line stanzas is refused once it passes
    /// the header's total bound, with a typed error, having read no more than that bound (plus one buffered read) from the
    /// input. The input never ends, so a reader that buffered the whole header would never return.
    /// </summary>
    [Fact]
    public void Decrypt_EndlessHeaderOfShortLines_R_SEC_3_RefusedAtTheTotalBoundBeforeReadingFurther()
    {
        using var source = new EndlessHeader();

        var error = Assert.Throws<AgeHeaderException>(() => ConfigurationDecryptor.Decrypt(source, "any"));

        Assert.Contains("larger than the 1 MiB", error.Message, StringComparison.Ordinal);
        Assert.InRange(source.BytesRead, MaxHeaderSize, MaxHeaderSize + (64 * 1024));
    }

    /// <summary>
    /// A file that changes between the reader's reads (another process rewriting it while it is opened): the buffered
    /// and the all-or-nothing decryptions fail with a typed error and hand out no plaintext, whether the file grew, shrank
    /// or was replaced by another encryption of the same plaintext.
    /// </summary>
    [Theory]
    [InlineData("grows")]
    [InlineData("shrinks")]
    [InlineData("rewritten")]
    public void Decrypt_FileChangesWhileRead_R_CFG_4_TypedErrorAndNoPlaintext(string change)
    {
        using var directory = new TempDirectory();
        var plaintext = TestFiles.RandomBytes(300_000, seed: 24);
        var (file, password) = TestFiles.Encrypt(plaintext);
        var path = directory.File("config.age");
        var output = directory.File("config.yaml");

        foreach (var buffered in new[] { true, false })
        {
            File.WriteAllBytes(path, file);
            using var source = new ChangingFile(path, afterBytes: 100_000, () => Change(path, change, plaintext, password, file.Length));

            var error = Assert.ThrowsAny<AgeException>(() =>
            {
                if (buffered)
                {
                    ConfigurationDecryptor.Decrypt(source, password);
                }
                else
                {
                    ConfigurationDecryptor.DecryptToFile(source, output, password);
                }
            });

            Assert.True(source.Changed, "the file changed while it was read");
            Assert.IsType<AgePayloadException>(error);
            Assert.False(File.Exists(output), "no plaintext file is left behind");
        }
    }

    private static void Change(string path, string change, byte[] plaintext, string password, int length)
    {
        using var writer = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
        switch (change)
        {
            case "grows":
                writer.Seek(0, SeekOrigin.End);
                writer.Write(TestFiles.RandomBytes(100_000, seed: 1));
                break;
            case "shrinks":
                writer.SetLength(length - 100_000);
                break;
            default:
                var other = ConfigurationEncryptorFor(plaintext, password);
                Assert.Equal(length, other.Length);
                writer.Write(other);
                break;
        }
    }

    /// <summary>Another encryption of the same plaintext under the same password: same length, another file key.</summary>
    private static byte[] ConfigurationEncryptorFor(byte[] plaintext, string password)
    {
        var destination = new MemoryStream();
        using (var writer = new AgeFileWriter(destination, password, TestFiles.FastWorkFactor))
        {
            writer.Payload.WriteAll(plaintext);
            writer.Complete();
        }

        return destination.ToArray();
    }

    /// <summary>An age version line followed by one-line stanzas without end: "-> x" and an empty body line.</summary>
    private sealed class EndlessHeader : Stream
    {
        private static readonly byte[] VersionLine = Encoding.ASCII.GetBytes("age-encryption.org/v1\n");
        private static readonly byte[] Stanza = Encoding.ASCII.GetBytes("-> x\n\n");

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (BytesRead > 16 * MaxHeaderSize)
            {
                // A reader without a total bound: fail the test rather than run until memory runs out.
                throw new InvalidOperationException($"The header reader read {BytesRead} bytes of an endless header.");
            }

            for (var i = 0; i < buffer.Length; i++)
            {
                buffer[i] = BytesRead < VersionLine.Length ? VersionLine[BytesRead] : Stanza[(BytesRead - VersionLine.Length) % Stanza.Length];
                BytesRead++;
            }

            return buffer.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A seekable read of a file on disk that runs <c>change</c> once, after <c>afterBytes</c> were read.</summary>
    private sealed class ChangingFile(string path, long afterBytes, Action change) : Stream
    {
        private readonly FileStream _inner = new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
        private long _read;

        public bool Changed { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => true;

        public override bool CanWrite => false;

        public override long Length => _inner.Length;

        public override long Position { get => _inner.Position; set => _inner.Position = value; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (!Changed && _read >= afterBytes)
            {
                Changed = true;
                change();
            }

            var count = _inner.Read(buffer);
            _read += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
