using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Passwords;

namespace Dataphin.UpgradeKit.Export;

/// <summary>
/// Encrypts an upgrade's configuration file for download: a standard age v1 file with
/// exactly one scrypt (passphrase) recipient, under a freshly generated <see cref="OneTimePassword"/>.
/// Each call draws a new password, salt, file key and payload nonce, so two downloads of the same
/// bytes never look alike. Nothing is logged.
/// </summary>
/// <remarks>Thread-safe: the type holds no state.</remarks>
public static class ConfigurationEncryptor
{
    /// <summary>
    /// The scrypt work factor (log2 N) written into every file: 14, i.e. N = 16384, r = 8, p = 1,
    /// 16 MiB and tens of milliseconds. The password already carries 130 random bits, so stretching
    /// it adds nothing an attacker could notice; a low factor keeps downloads cheap and is well under
    /// <see cref="ConfigurationDecryptor.MaxWorkFactor"/> and what <c>age</c> accepts.
    /// </summary>
    public const int WorkFactor = 14;

    /// <summary>Encrypts <paramref name="configuration"/> into <paramref name="destination"/>.</summary>
    /// <param name="configuration">The configuration file's bytes.</param>
    /// <param name="destination">Receives the age file; it is written, not flushed or closed.</param>
    /// <returns>The one-time password together with the length and SHA-256 of what was written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    public static EncryptedConfiguration Encrypt(ReadOnlySpan<byte> configuration, Stream destination) =>
        Encrypt(configuration, destination, WorkFactor, EncryptedFileFormat.Binary);

    /// <summary>Encrypts <paramref name="configuration"/>, read to its end, into <paramref name="destination"/>.</summary>
    /// <param name="configuration">The configuration file, read in 64 KiB chunks (memory stays O(chunk)).</param>
    /// <param name="destination">Receives the age file; it is written, not flushed or closed.</param>
    /// <returns>The one-time password together with the length and SHA-256 of what was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static EncryptedConfiguration Encrypt(Stream configuration, Stream destination) =>
        Encrypt(configuration, destination, WorkFactor, EncryptedFileFormat.Binary);

    /// <summary>Encrypts <paramref name="configuration"/> into <paramref name="destination"/> in the chosen <paramref name="format"/>.</summary>
    /// <param name="configuration">The configuration file's bytes.</param>
    /// <param name="destination">Receives the age file; it is written, not flushed or closed.</param>
    /// <param name="format">Binary, or ASCII-armored for pasting as text (both open with <c>age -d</c>).</param>
    /// <returns>The one-time password together with the length and SHA-256 of what was written (the armored text when armored).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    public static EncryptedConfiguration Encrypt(ReadOnlySpan<byte> configuration, Stream destination, EncryptedFileFormat format) =>
        Encrypt(configuration, destination, WorkFactor, format);

    /// <summary>Encrypts <paramref name="configuration"/>, read to its end, into <paramref name="destination"/> in the chosen <paramref name="format"/>.</summary>
    /// <param name="configuration">The configuration file, read in 64 KiB chunks (memory stays O(chunk)).</param>
    /// <param name="destination">Receives the age file; it is written, not flushed or closed.</param>
    /// <param name="format">Binary, or ASCII-armored for pasting as text (both open with <c>age -d</c>).</param>
    /// <returns>The one-time password together with the length and SHA-256 of what was written (the armored text when armored).</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="format"/> is not a defined value.</exception>
    public static EncryptedConfiguration Encrypt(Stream configuration, Stream destination, EncryptedFileFormat format) =>
        Encrypt(configuration, destination, WorkFactor, format);

    /// <summary>Same as the public overload with a chosen work factor (tests and benchmarks).</summary>
    internal static EncryptedConfiguration Encrypt(ReadOnlySpan<byte> configuration, Stream destination, int workFactor, EncryptedFileFormat format = EncryptedFileFormat.Binary)
    {
        ArgumentNullException.ThrowIfNull(destination);
        CheckFormat(format);
        var password = OneTimePassword.Generate();
        using var writer = new AgeFileWriter(destination, password.AsSpan(), workFactor, armored: format == EncryptedFileFormat.Armored);
        writer.Payload.WriteAll(configuration);
        var (length, sha256) = writer.Complete();
        return new EncryptedConfiguration(password, length, sha256);
    }

    /// <summary>Same as the public overload with a chosen work factor (tests and benchmarks).</summary>
    internal static EncryptedConfiguration Encrypt(Stream configuration, Stream destination, int workFactor, EncryptedFileFormat format = EncryptedFileFormat.Binary)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(destination);
        CheckFormat(format);
        var password = OneTimePassword.Generate();
        using var writer = new AgeFileWriter(destination, password.AsSpan(), workFactor, armored: format == EncryptedFileFormat.Armored);
        writer.Payload.WriteAll(configuration);
        var (length, sha256) = writer.Complete();
        return new EncryptedConfiguration(password, length, sha256);
    }

    private static void CheckFormat(EncryptedFileFormat format)
    {
        if (format is not (EncryptedFileFormat.Binary or EncryptedFileFormat.Armored))
        {
            throw new ArgumentOutOfRangeException(nameof(format), format, "Choose EncryptedFileFormat.Binary or EncryptedFileFormat.Armored.");
        }
    }
}
