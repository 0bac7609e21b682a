using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Passwords;

namespace Dataphin.UpgradeKit.Export;

/// <summary>
/// Opens any age v1 file with a scrypt (passphrase) recipient (R-CFG-3, R-CFG-4). The password is
/// first tried exactly as given; only if that fails and its canonical Crockford form differs
/// (upper case, I and L read as 1, O as 0, hyphens regrouped) is the canonical form tried.
/// Every failure is an <see cref="AgeException"/>; I/O errors of the streams pass through unchanged.
/// </summary>
/// <remarks>Thread-safe: the type holds no state.</remarks>
public static class ConfigurationDecryptor
{
    /// <summary>
    /// The largest scrypt work factor (log2 N) accepted: 20, i.e. at most 1 GiB of scrypt memory
    /// (128 · r · N bytes with r = 8) and a few seconds of work. <c>age -p</c> writes 18; larger factors
    /// are refused from the header alone, before any key derivation.
    /// </summary>
    public const int MaxWorkFactor = 20;

    /// <summary>
    /// Buffered decryption: returns the plaintext only after the final chunk authenticated, so a
    /// failure never hands out partial plaintext. Memory: the plaintext once plus one chunk.
    /// </summary>
    /// <param name="encryptedFile">The whole age file.</param>
    /// <param name="password">The password as the person typed it.</param>
    /// <returns>The decrypted configuration.</returns>
    /// <exception cref="AgeWrongPasswordException">The password does not open the file.</exception>
    /// <exception cref="AgeForeignFileException">The input is not an age file.</exception>
    /// <exception cref="AgeHeaderException">The header is malformed or its work factor is above <see cref="MaxWorkFactor"/>.</exception>
    /// <exception cref="AgeHeaderMacException">The header was altered.</exception>
    /// <exception cref="AgePayloadException">The payload is damaged or truncated.</exception>
    public static byte[] Decrypt(ReadOnlyMemory<byte> encryptedFile, ReadOnlySpan<char> password)
    {
        var source = MemoryMarshal.TryGetArray(encryptedFile, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(encryptedFile.ToArray(), writable: false);
        using (source)
        {
            return Decrypt(source, password);
        }
    }

    /// <summary>
    /// Buffered decryption of a stream read to its end: returns the plaintext only after the final
    /// chunk authenticated. When the stream can seek, the result array is allocated once at the exact
    /// plaintext size; otherwise it grows and is copied once at the end.
    /// </summary>
    /// <param name="encryptedFile">The age file.</param>
    /// <param name="password">The password as the person typed it.</param>
    /// <returns>The decrypted configuration.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="encryptedFile"/> is null.</exception>
    /// <exception cref="NotSupportedException">The plaintext would not fit in one array (2 GB); use <see cref="DecryptTo"/>.</exception>
    /// <exception cref="AgeException">The file cannot be decrypted; the derived type says why (see <see cref="Decrypt(ReadOnlyMemory{byte}, ReadOnlySpan{char})"/>).</exception>
    public static byte[] Decrypt(Stream encryptedFile, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(encryptedFile);
        return AgeFileReader.DecryptToArray(encryptedFile, CandidatePasswords(password.ToString()), MaxWorkFactor);
    }

    /// <summary>
    /// Streaming decryption: writes the plaintext to <paramref name="destination"/> chunk by chunk
    /// (64 KiB), each chunk only after its own tag verified; memory stays O(chunk).
    /// </summary>
    /// <remarks>
    /// The caller learns of a failure only by the exception, which may come after earlier, authentic
    /// chunks were written: on any <see cref="AgeException"/> the destination holds an incomplete
    /// plaintext that must be discarded. To get all or nothing, use <see cref="DecryptToFile"/> or a
    /// buffered <c>Decrypt</c> overload.
    /// </remarks>
    /// <param name="encryptedFile">The age file, read to its end.</param>
    /// <param name="destination">Receives the plaintext; written, not flushed or closed.</param>
    /// <param name="password">The password as the person typed it.</param>
    /// <returns>The number of plaintext bytes written.</returns>
    /// <exception cref="ArgumentNullException">A stream is null.</exception>
    /// <exception cref="AgeException">The file cannot be decrypted; the derived type says why.</exception>
    public static long DecryptTo(Stream encryptedFile, Stream destination, ReadOnlySpan<char> password)
    {
        ArgumentNullException.ThrowIfNull(encryptedFile);
        ArgumentNullException.ThrowIfNull(destination);
        return AgeFileReader.Decrypt(encryptedFile, destination, CandidatePasswords(password.ToString()), MaxWorkFactor);
    }

    /// <summary>
    /// All-or-nothing decryption to a file: streams into a new temporary file next to
    /// <paramref name="outputPath"/> (owner-only permissions on Unix) and renames it into place only
    /// after the final chunk verified. On any failure the temporary file is deleted, so no output
    /// file and no partial plaintext is left behind.
    /// </summary>
    /// <param name="encryptedFile">The age file, read to its end.</param>
    /// <param name="outputPath">Where the plaintext goes.</param>
    /// <param name="password">The password as the person typed it.</param>
    /// <param name="overwrite">Whether an existing <paramref name="outputPath"/> may be replaced; when false it is an error.</param>
    /// <returns>The number of plaintext bytes written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="IOException"><paramref name="outputPath"/> exists and <paramref name="overwrite"/> is false.</exception>
    /// <exception cref="AgeException">The file cannot be decrypted; nothing was written.</exception>
    public static long DecryptToFile(Stream encryptedFile, string outputPath, ReadOnlySpan<char> password, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(encryptedFile);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var fullPath = Path.GetFullPath(outputPath);
        if (!overwrite && File.Exists(fullPath))
        {
            throw new IOException($"The output file '{fullPath}' already exists.");
        }

        var directory = Path.GetDirectoryName(fullPath) ?? ".";
        var temporary = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            long written;
            using (var output = new FileStream(temporary, options))
            {
                written = DecryptTo(encryptedFile, output, password);
                output.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite);
            return written;
        }
        catch
        {
            // Guarded so that a failure to create the temporary file is not masked by the clean-up.
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }

            throw;
        }
    }

    private static IEnumerable<string> CandidatePasswords(string password)
    {
        yield return password;
        var canonical = CrockfordPassword.Canonicalize(password);
        if (canonical is not null && !string.Equals(canonical, password, StringComparison.Ordinal))
        {
            yield return canonical;
        }
    }
}
