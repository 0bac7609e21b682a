namespace Dataphin.UpgradeKit.Export.Tests.Support;

/// <summary>Encrypted files for tests, made with a low work factor so that hundreds of decryptions stay fast.</summary>
public static class TestFiles
{
    /// <summary>scrypt N = 2^10: 1 MiB and a few milliseconds; the shipped factor is exercised separately.</summary>
    public const int FastWorkFactor = 10;

    public static (byte[] File, string Password) Encrypt(byte[] plaintext, int workFactor = FastWorkFactor)
    {
        var destination = new MemoryStream();
        using var result = ConfigurationEncryptor.Encrypt(plaintext, destination, workFactor);
        return (destination.ToArray(), result.Password.Reveal());
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
