using System.Security.Cryptography;

namespace Dataphin.UpgradeKit.Retention;

/// <summary>
/// The archive's file work below the manifest: a gzip member appended to a day file after its checked prefix, and a
/// file cut back to the bytes the manifest names. Every write is flushed to disk before it returns.
/// </summary>
internal static class ArchiveFiles
{
    /// <summary>
    /// Appends <paramref name="member"/> to <paramref name="path"/> after the <paramref name="known"/> bytes the manifest
    /// names (which must hash as it says; anything after them is cut off), or writes a new file when it names none.
    /// Answers the whole file's new SHA-256 and length.
    /// </summary>
    /// <exception cref="RetentionArchiveException">The file's named bytes are shorter or changed.</exception>
    public static async Task<(string Sha256, long Length)> AppendMemberAsync(string path, (long Length, string Sha256)? known, ReadOnlyMemory<byte> member,
        CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var stream = new FileStream(path, known is null ? FileMode.Create : FileMode.Open, FileAccess.ReadWrite, FileShare.None, 64 * 1024,
            FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            if (known is { } prefix)
            {
                await HashPrefixAsync(stream, prefix.Length, hash, cancellationToken).ConfigureAwait(false);
                if (!string.Equals(Convert.ToHexStringLower(hash.GetCurrentHash()), prefix.Sha256, StringComparison.Ordinal))
                {
                    throw new RetentionArchiveException($"The retention archive file {Path.GetFileName(path)} does not match its SHA-256 in the manifest; nothing more is written to it.");
                }

                stream.SetLength(prefix.Length);
                stream.Position = prefix.Length;
            }

            hash.AppendData(member.Span);
            await stream.WriteAsync(member, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), stream.Length);
        }
    }

    /// <summary>Hashes the first <paramref name="length"/> bytes of <paramref name="source"/> into <paramref name="hash"/>.</summary>
    /// <exception cref="RetentionArchiveException">The file is shorter.</exception>
    public static async Task HashPrefixAsync(Stream source, long length, IncrementalHash hash, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            source.Position = 0;
            var left = length;
            while (left > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new RetentionArchiveException($"A retention archive file is shorter than its manifest says; nothing more is written to it.");
                }

                hash.AppendData(buffer, 0, read);
                left -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Copies the first <paramref name="length"/> bytes of <paramref name="path"/> into <paramref name="target"/>; they must hash to <paramref name="sha256"/>.</summary>
    /// <exception cref="RetentionArchiveException">The file is shorter, or its bytes changed since the manifest named them.</exception>
    public static async Task CopyCheckedAsync(string path, long length, string sha256, Stream target, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (source.ConfigureAwait(false))
        {
            var buffer = new byte[64 * 1024];
            var left = length;
            while (left > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                hash.AppendData(buffer, 0, read);
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                left -= read;
            }

            if (left > 0 || !string.Equals(Convert.ToHexStringLower(hash.GetHashAndReset()), sha256, StringComparison.Ordinal))
            {
                throw new RetentionArchiveException($"The retention archive file {Path.GetFileName(path)} does not match its SHA-256 in the manifest; nothing more is written to it.");
            }
        }
    }

    /// <summary>Cuts <paramref name="path"/> back to its first <paramref name="length"/> bytes when those hash to <paramref name="sha256"/>, through a checked copy renamed over it.</summary>
    public static async Task CutBackAsync(string path, long length, string sha256, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await CopyCheckedAsync(path, length, sha256, stream, cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
