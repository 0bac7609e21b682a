using System.Text;
using Dataphin.UpgradeKit.Export.Age;
using Dataphin.UpgradeKit.Export.Tests.Support;
using FsCheck;
using FsCheck.Fluent;

namespace Dataphin.UpgradeKit.Export.Tests.Age;

/// <summary>Where a damage lands in a real age file, and so which check of the reader must refuse it.</summary>
public enum AgeDamage
{
    /// <summary>A byte of the version line changed: the header check refuses it (foreign or unsupported).</summary>
    VersionLineByte,

    /// <summary>The scrypt salt decodes to other bytes, re-encoded canonically: the key unwrap fails (wrong password).</summary>
    StanzaSaltValue,

    /// <summary>The wrapped file key decodes to other bytes, re-encoded canonically: the key unwrap fails.</summary>
    StanzaBodyValue,

    /// <summary>A character of the stanza body replaced by one outside base64: the header syntax check refuses it.</summary>
    StanzaBodyText,

    /// <summary>The header MAC decodes to other bytes, re-encoded canonically: the MAC check refuses it.</summary>
    HeaderMacValue,

    /// <summary>A character of the header MAC replaced by one outside base64: the header syntax check refuses it.</summary>
    HeaderMacText,

    /// <summary>A byte of the payload nonce changed: every chunk key differs, so the first chunk does not authenticate.</summary>
    PayloadNonceByte,

    /// <summary>The file ends inside the payload nonce: the header check refuses it.</summary>
    PayloadNonceCut,

    /// <summary>A byte of a payload chunk (ciphertext or tag) changed.</summary>
    PayloadChunkByte,

    /// <summary>The file ends somewhere in the payload (before its last byte).</summary>
    PayloadCut,

    /// <summary>Bytes follow the final chunk.</summary>
    PayloadExtended,

    /// <summary>A whole chunk of a multi-chunk payload removed.</summary>
    PayloadChunkDropped,

    /// <summary>Two chunks of a multi-chunk payload swapped.</summary>
    PayloadChunksSwapped,
}

/// <summary>A real age file, as the encryptor wrote it, with one damage applied.</summary>
/// <param name="Bytes">The damaged file.</param>
/// <param name="Password">The file's (right) password.</param>
/// <param name="Plaintext">What the undamaged file decrypts to.</param>
/// <param name="Damage">Which part of the file was damaged.</param>
/// <param name="Position">Where the damage starts, from the beginning of the file.</param>
/// <param name="Expected">The typed error the reader must raise for this damage (the type or a type derived from it).</param>
public sealed record DamagedAgeFile(byte[] Bytes, string Password, byte[] Plaintext, AgeDamage Damage, int Position, Type Expected)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Damage} at {Position} of a {Plaintext.Length}-byte plaintext's file (expect {Expected.Name})";
}

/// <summary>
/// Damaged real age files that reach every check of the reader, not only the first one: random bytes all fail at the
/// magic, so this starts from files written by <see cref="ConfigurationEncryptor"/> and damages one part of each,
/// at the level that part is read (a base64 field is changed in its decoded bytes and re-encoded canonically, so the
/// damage passes the syntax check and reaches the key unwrap or the MAC).
/// </summary>
public static class DamagedAgeFiles
{
    /// <summary>Plaintext sizes around the 64 KiB chunk edge: one empty chunk, one short chunk, one full, a full and a short, two full, three.</summary>
    private static readonly int[] Sizes = [0, 1, 100, 65536, 65537, 131072, 150_000];

    private static readonly Lazy<RealFile[]> Files = new(() => Sizes.Select(RealFile.Write).ToArray());

    /// <summary>Bytes that are not in the base64 alphabet (nor a line's end the parser would accept there).</summary>
    private static readonly byte[] NotBase64 = "!=*.- \r\n\t\0"u8.ToArray().Append((byte)0xFF).Append((byte)0xC3).ToArray();

    /// <summary>Every damage, weighted alike, over every file size the damage applies to.</summary>
    public static Gen<DamagedAgeFile> Any() =>
        from damage in Gen.Elements(Enum.GetValues<AgeDamage>())
        from file in Gen.Elements(Files.Value.Where(f => f.Takes(damage)).ToArray())
        from seed in Gen.Choose(0, int.MaxValue)
        select file.Damage(damage, new Random(seed));

    /// <summary>The undamaged files the damages start from, with their passwords and plaintexts.</summary>
    public static IReadOnlyList<(byte[] File, string Password, byte[] Plaintext)> Originals() =>
        Files.Value.Select(f => (f.Bytes, f.Password, f.Plaintext)).ToList();

    /// <summary>The same, as an arbitrary that shrinks nothing (a damage is already one change).</summary>
    public static Arbitrary<DamagedAgeFile> Arbitrary() => Any().ToArbitrary();

    /// <summary>A real file and where its parts are.</summary>
    private sealed class RealFile
    {
        private const string StanzaPrefix = "-> scrypt ";
        private const string MacPrefix = "--- ";
        private const int ChunkOnDisk = 65536 + 16;

        private RealFile(byte[] bytes, string password, byte[] plaintext)
        {
            Bytes = bytes;
            Password = password;
            Plaintext = plaintext;
            var text = Encoding.Latin1.GetString(bytes);
            VersionEnd = text.IndexOf('\n', StringComparison.Ordinal);
            var stanza = VersionEnd + 1;
            Require(text.AsSpan(stanza).StartsWith(StanzaPrefix, StringComparison.Ordinal), "a scrypt stanza after the version line");
            SaltStart = stanza + StanzaPrefix.Length;
            SaltEnd = text.IndexOf(' ', SaltStart);
            BodyStart = text.IndexOf('\n', SaltEnd) + 1;
            BodyEnd = text.IndexOf('\n', BodyStart);
            Require(text.AsSpan(BodyEnd + 1).StartsWith(MacPrefix, StringComparison.Ordinal), "a one-line body, then the MAC line");
            MacStart = BodyEnd + 1 + MacPrefix.Length;
            MacEnd = text.IndexOf('\n', MacStart);
            NonceStart = MacEnd + 1;
            PayloadStart = NonceStart + 16;
            Chunks = Math.Max(1, (plaintext.Length + 65535) / 65536);
            Require(SaltEnd - SaltStart == 22 && BodyEnd - BodyStart == 43 && MacEnd - MacStart == 43, "the field widths of age v1");
            Require(bytes.Length == PayloadStart + plaintext.Length + (16 * Chunks), "one tag per 64 KiB chunk");
        }

        public byte[] Bytes { get; }

        public string Password { get; }

        public byte[] Plaintext { get; }

        public int VersionEnd { get; }

        public int SaltStart { get; }

        public int SaltEnd { get; }

        public int BodyStart { get; }

        public int BodyEnd { get; }

        public int MacStart { get; }

        public int MacEnd { get; }

        public int NonceStart { get; }

        public int PayloadStart { get; }

        public int Chunks { get; }

        public int FullChunks => Plaintext.Length / 65536;

        public bool Takes(AgeDamage damage) => damage switch
        {
            AgeDamage.PayloadChunkDropped => Chunks >= 2,
            AgeDamage.PayloadChunksSwapped => FullChunks >= 2,
            _ => true,
        };

        public static RealFile Write(int size)
        {
            var plaintext = TestFiles.RandomBytes(size, seed: 23_000 + size);
            var (file, password) = TestFiles.Encrypt(plaintext);
            return new RealFile(file, password, plaintext);
        }

        public DamagedAgeFile Damage(AgeDamage damage, Random random)
        {
            var bytes = (byte[])Bytes.Clone();
            int position;
            Type expected;
            switch (damage)
            {
                case AgeDamage.VersionLineByte:
                    position = random.Next(0, VersionEnd);
                    bytes[position] ^= (byte)random.Next(1, 256);
                    expected = typeof(AgeHeaderException);
                    break;
                case AgeDamage.StanzaSaltValue:
                    position = SaltStart;
                    bytes = ChangeDecoded(bytes, SaltStart, SaltEnd, random);
                    expected = typeof(AgeWrongPasswordException);
                    break;
                case AgeDamage.StanzaBodyValue:
                    position = BodyStart;
                    bytes = ChangeDecoded(bytes, BodyStart, BodyEnd, random);
                    expected = typeof(AgeWrongPasswordException);
                    break;
                case AgeDamage.StanzaBodyText:
                    position = random.Next(BodyStart, BodyEnd);
                    bytes[position] = NotBase64[random.Next(NotBase64.Length)];
                    expected = typeof(AgeHeaderException);
                    break;
                case AgeDamage.HeaderMacValue:
                    position = MacStart;
                    bytes = ChangeDecoded(bytes, MacStart, MacEnd, random);
                    expected = typeof(AgeHeaderMacException);
                    break;
                case AgeDamage.HeaderMacText:
                    position = random.Next(MacStart, MacEnd);
                    bytes[position] = NotBase64[random.Next(NotBase64.Length)];
                    expected = typeof(AgeHeaderException);
                    break;
                case AgeDamage.PayloadNonceByte:
                    position = random.Next(NonceStart, PayloadStart);
                    bytes[position] ^= (byte)random.Next(1, 256);
                    expected = typeof(AgePayloadException);
                    break;
                case AgeDamage.PayloadNonceCut:
                    position = random.Next(NonceStart, PayloadStart);
                    bytes = bytes[..position];
                    expected = typeof(AgeHeaderException);
                    break;
                case AgeDamage.PayloadChunkByte:
                    position = random.Next(PayloadStart, bytes.Length);
                    bytes[position] ^= (byte)random.Next(1, 256);
                    expected = typeof(AgePayloadException);
                    break;
                case AgeDamage.PayloadCut:
                    position = random.Next(PayloadStart, bytes.Length);
                    bytes = bytes[..position];
                    expected = typeof(AgePayloadException);
                    break;
                case AgeDamage.PayloadExtended:
                    position = bytes.Length;
                    var extra = new byte[random.Next(2) == 0 ? random.Next(1, 40) : random.Next(1, 2 * ChunkOnDisk)];
                    random.NextBytes(extra);
                    bytes = [.. bytes, .. extra];
                    expected = typeof(AgePayloadException);
                    break;
                case AgeDamage.PayloadChunkDropped:
                {
                    var chunk = random.Next(Chunks);
                    position = PayloadStart + (chunk * ChunkOnDisk);
                    var end = Math.Min(position + ChunkOnDisk, bytes.Length);
                    bytes = [.. bytes.AsSpan(0, position), .. bytes.AsSpan(end)];
                    expected = typeof(AgePayloadException);
                    break;
                }

                case AgeDamage.PayloadChunksSwapped:
                {
                    // Two full-size chunks: same length and place, other order, so only the chunk counter can tell.
                    var first = random.Next(FullChunks);
                    var second = (first + 1 + random.Next(FullChunks - 1)) % FullChunks;
                    position = PayloadStart + (Math.Min(first, second) * ChunkOnDisk);
                    var kept = bytes.AsSpan(PayloadStart + (first * ChunkOnDisk), ChunkOnDisk).ToArray();
                    bytes.AsSpan(PayloadStart + (second * ChunkOnDisk), ChunkOnDisk).CopyTo(bytes.AsSpan(PayloadStart + (first * ChunkOnDisk)));
                    kept.CopyTo(bytes.AsSpan(PayloadStart + (second * ChunkOnDisk)));
                    expected = typeof(AgePayloadException);
                    break;
                }

                default:
                    throw new ArgumentOutOfRangeException(nameof(damage), damage, "Unknown damage.");
            }

            return new DamagedAgeFile(bytes, Password, Plaintext, damage, position, expected);
        }

        /// <summary>Decodes an unpadded base64 field, changes one of its bytes, and writes it back canonically.</summary>
        private static byte[] ChangeDecoded(byte[] bytes, int start, int end, Random random)
        {
            var field = Encoding.ASCII.GetString(bytes, start, end - start);
            var decoded = Convert.FromBase64String(field.PadRight(field.Length + ((4 - (field.Length % 4)) % 4), '='));
            decoded[random.Next(decoded.Length)] ^= (byte)random.Next(1, 256);
            var encoded = Encoding.ASCII.GetBytes(Convert.ToBase64String(decoded).TrimEnd('='));
            Require(encoded.Length == end - start, "a re-encoded field of the same width");
            var damaged = (byte[])bytes.Clone();
            encoded.CopyTo(damaged, start);
            return damaged;
        }

        private static void Require(bool condition, string what)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"The encryptor's file does not have {what}; the damage generator needs updating.");
            }
        }
    }
}
