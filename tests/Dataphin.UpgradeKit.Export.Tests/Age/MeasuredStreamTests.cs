using System.Security.Cryptography;
using Dataphin.UpgradeKit.Export.Age;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests.Age;

/// <summary>
/// The audit's measure of a download (R-CFG-5) is the length and SHA-256 of exactly the bytes handed out, whatever
/// the sizes of the writes that produced them and however many of them are hashed away from the writer's thread.
/// </summary>
public sealed class MeasuredStreamTests
{
    /// <summary>Write sizes from one byte to several hashing slots, so outputs below, at and far above one slot are all met.</summary>
    [Property(MaxTest = 60)]
    public Property Measure_AnySequenceOfWrites_R_CFG_5_IsTheLengthAndSha256OfWhatReachedTheDestination() =>
        Prop.ForAll(
            Gen.Choose(0, 40).SelectMany(
                count => Gen.ArrayOf(Gen.OneOf(Gen.Choose(0, 100), Gen.Choose(60_000, 70_000), Gen.Choose(1, 3 * MeasuredStream.SlotSize)), count),
                (_, sizes) => sizes).ToArbitrary(),
            sizes =>
            {
                var destination = new MemoryStream();
                var random = new Random(sizes.Length);
                var expected = new MemoryStream();
                long length;
                byte[] hash;
                using (var measured = new MeasuredStream(destination))
                {
                    var buffer = new byte[3 * MeasuredStream.SlotSize];
                    foreach (var size in sizes)
                    {
                        random.NextBytes(buffer.AsSpan(0, size));
                        expected.Write(buffer, 0, size);
                        measured.Write(buffer, 0, size);
                    }

                    length = measured.Written;
                    hash = measured.Sha256();
                }

                return destination.ToArray().AsSpan().SequenceEqual(expected.ToArray())
                    && length == expected.Length
                    && hash.AsSpan().SequenceEqual(SHA256.HashData(expected.ToArray()));
            });

    [Fact]
    public async Task Write_DestinationFailsMidway_R_CFG_5_SurfacesTheFailureAndDisposeReturns()
    {
        var measured = new MeasuredStream(new FailingAfter(5 * MeasuredStream.SlotSize));
        var chunk = new byte[MeasuredStream.SlotSize];

        Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 20; i++)
            {
                measured.Write(chunk);
            }
        });

        // Disposing after a failed write must not wait forever for the hashing.
        await Task.Run(measured.Dispose).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void Sha256_CalledTwice_R_CFG_5_Throws()
    {
        using var measured = new MeasuredStream(Stream.Null);
        measured.Write(new byte[10]);
        _ = measured.Sha256();

        Assert.Throws<ObjectDisposedException>(() => measured.Sha256());
        Assert.Throws<ObjectDisposedException>(() => measured.Write(new byte[1]));
    }

    private sealed class FailingAfter(long limit) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Length + buffer.Length > limit)
            {
                throw new IOException("the disk is full");
            }

            base.Write(buffer);
        }
    }
}
