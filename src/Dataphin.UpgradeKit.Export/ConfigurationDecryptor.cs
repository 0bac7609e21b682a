using System.Runtime.InteropServices;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Files;
using Dataphin.UpgradeKit.Export.Passwords;

namespace Dataphin.UpgradeKit.Export;

/// <summary>
/// Opens any age v1 file with a scrypt (passphrase) recipient, binary or ASCII-armored. The
/// password is first tried exactly as given; only if that fails, its canonical Crockford form differs (upper case,
/// I and L read as 1, O as 0, hyphens regrouped) and the file's work factor is at most
/// <see cref="MaxLooseWorkFactor"/> is the canonical form tried. Every failure is an
/// <see cref="AgeException"/>; I/O errors of the streams pass through unchanged.
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
    /// The largest work factor at which a loosely typed password's canonical form is tried as a second key derivation:
    /// the downloads' own (<see cref="ConfigurationEncryptor.WorkFactor"/>, 14). A file with a larger factor was not
    /// made by a download, so it gets one derivation only, and the most expensive input costs one derivation at
    /// <see cref="MaxWorkFactor"/>, never two.
    /// </summary>
    public const int MaxLooseWorkFactor = ConfigurationEncryptor.WorkFactor;

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
        using var payload = Open(encryptedFile, password);
        return AgeFileReader.DecryptToArray(payload);
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
        using var payload = Open(encryptedFile, password);
        return payload.DecryptTo(destination);
    }

    /// <summary>
    /// All-or-nothing decryption to a file. The header and the password are checked
    /// first; only then is the plaintext streamed into a file with no name (Linux <c>O_TMPFILE</c>; elsewhere a hidden
    /// owner-only file next to the output), which gets the name <paramref name="outputPath"/> only after the final
    /// chunk verified. On any failure or cancellation nothing is left behind; on Linux not even when the process is
    /// killed. Only regular files are written: a symbolic link, a directory, a device and the input itself are refused,
    /// whatever <paramref name="overwrite"/> says.
    /// </summary>
    /// <param name="encryptedFile">The age file, binary or armored, read to its end. When it is a <see cref="FileStream"/>, its path is refused as the output.</param>
    /// <param name="outputPath">Where the plaintext goes.</param>
    /// <param name="password">The password as the person typed it.</param>
    /// <param name="overwrite">Whether an existing regular file at <paramref name="outputPath"/> may be replaced.</param>
    /// <param name="cancellationToken">Checked before each 64 KiB chunk; a cancellation leaves nothing behind.</param>
    /// <returns>The number of plaintext bytes written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="OutputFileRefusedException">The output path is refused (exists without <paramref name="overwrite"/>, a link, a directory, a device, the input, or its directory is missing).</exception>
    /// <exception cref="AgeException">The file cannot be decrypted; nothing was written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; nothing was written.</exception>
    public static long DecryptToFile(Stream encryptedFile, string outputPath, ReadOnlySpan<char> password, bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(encryptedFile);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        var fullPath = Path.GetFullPath(outputPath);
        var inputPath = (encryptedFile as FileStream)?.Name;

        // Refuse a bad target before spending a key derivation, and again when the file is created and named.
        OutputPath.Check(fullPath, overwrite, inputPath);
        using var payload = Open(encryptedFile, password);
        cancellationToken.ThrowIfCancellationRequested();
        using var output = PlaintextFile.Create(fullPath, overwrite, inputPath);
        var written = payload.DecryptTo(output.Stream, cancellationToken);
        output.Commit();
        return written;
    }

    /// <summary>The header checked and the file key unwrapped (R-SEC-7: the loose reading only at the downloads' work factor).</summary>
    private static AgePayload Open(Stream encryptedFile, ReadOnlySpan<char> password)
    {
        var typed = password.ToString();
        var canonical = CrockfordPassword.Canonicalize(typed);
        var alternative = canonical is not null && !string.Equals(canonical, typed, StringComparison.Ordinal) ? canonical : null;
        return AgeFileReader.Open(encryptedFile, (typed, alternative), MaxWorkFactor, MaxLooseWorkFactor);
    }
}
