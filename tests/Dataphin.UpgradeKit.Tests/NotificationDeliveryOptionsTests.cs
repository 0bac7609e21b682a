using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Internal;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests;

/// <summary>The delivery options are validated with the other options: every invalid value refused, named, all at once (R-DLV-4).</summary>
public sealed class NotificationDeliveryOptionsTests
{
    public static TheoryData<string, Action<NotificationDeliveryOptions>> InvalidValues => new()
    {
        { "Delivery.SweepInterval", o => o.SweepInterval = Duration.Zero },
        { "Delivery.SweepInterval", o => o.SweepInterval = Duration.FromSeconds(-1) },
        // A sweep past a timer's range (about 49.7 days) made the dispatcher's wait throw and end the hosted service.
        { "Delivery.SweepInterval", o => o.SweepInterval = Duration.FromDays(60) },
        { "Delivery.LeaseDuration", o => o.LeaseDuration = Duration.Zero },
        { "Delivery.LeaseDuration", o => o.LeaseDuration = Duration.FromDays(2) },
        { "Delivery.MaxAttempts", o => o.MaxAttempts = 0 },
        { "Delivery.MaxAttempts", o => o.MaxAttempts = 1001 },
        { "Delivery.MaxAge", o => o.MaxAge = Duration.Zero },
        { "Delivery.BackoffBase", o => o.BackoffBase = Duration.Zero },
        { "Delivery.BackoffCap", o => o.BackoffCap = Duration.FromMilliseconds(999) },
        { "Delivery.BackoffCap", o => o.BackoffCap = Duration.FromDays(2) },
        { "Delivery.BatchSize", o => o.BatchSize = 0 },
        { "Delivery.BatchSize", o => o.BatchSize = 10_001 },
    };

    [Theory]
    [MemberData(nameof(InvalidValues))]
    public void Validate_OneInvalidDeliveryValue_IsRefusedNamingIt_R_DLV_4(string name, Action<NotificationDeliveryOptions> makeInvalid)
    {
        var options = new UpgradeKitOptions();
        makeInvalid(options.Delivery);

        var refused = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains(name + " must", refused.Message, StringComparison.Ordinal);
        Assert.Single(options.Delivery.Problems());
    }

    [Fact]
    public void Validate_EveryDeliveryValueInvalid_ListsEveryProblemAtOnce_WithItsValue_R_DLV_4()
    {
        var options = new UpgradeKitOptions();
        var delivery = options.Delivery;
        delivery.SweepInterval = Duration.FromDays(60);
        delivery.LeaseDuration = Duration.FromSeconds(-2);
        delivery.MaxAttempts = 0;
        delivery.MaxAge = Duration.FromSeconds(-3);
        delivery.BackoffBase = Duration.Zero;
        delivery.BackoffCap = Duration.FromSeconds(-4);
        delivery.BatchSize = 20_000;

        var refused = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal(7, delivery.Problems().Count());
        foreach (var (name, value) in new[]
        {
            ("SweepInterval", "60:00:00:00"), ("LeaseDuration", "-0:00:00:02"), ("MaxAttempts", "0"), ("MaxAge", "-0:00:00:03"),
            ("BackoffBase", "0:00:00:00"), ("BackoffCap", "-0:00:00:04"), ("BatchSize", "20000"),
        })
        {
            Assert.Contains($"Delivery.{name} must", refused.Message, StringComparison.Ordinal);
            Assert.Contains($"(it is {value})", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddUpgradeKit_InvalidDeliveryOptions_AreRefusedAtStartUp_R_DLV_4()
    {
        using var provider = new ServiceCollection()
            .AddUpgradeKit(o => o.Delivery.SweepInterval = Duration.FromDays(60))
            .UseInMemory().Services.BuildServiceProvider();

        var refused = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Delivery.SweepInterval", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TheLongestIntervals_AreAccepted()
    {
        var options = new UpgradeKitOptions();
        options.Delivery.SweepInterval = Duration.FromDays(1);
        options.Delivery.LeaseDuration = Duration.FromDays(1);
        options.Delivery.BackoffCap = Duration.FromDays(1);
        options.Delivery.MaxAge = Duration.FromDays(3650);

        options.Validate();
    }

    /// <summary>
    /// The dispatcher's real-time wait takes any duration: one past a timer's range waits for the signal rather than
    /// throwing (<c>SemaphoreSlim.WaitAsync</c> fails beyond a timer's range, about 49.7 days, which ended the dispatcher).
    /// </summary>
    [Fact]
    public async Task WaitOnRealTime_BeyondATimersRange_WaitsForTheSignalInsteadOfThrowing_R_DLV_1()
    {
        using var signal = new DeliverySignal();

        var waiting = NotificationDispatcher.WaitOnRealTimeAsync(signal, Duration.FromDays(60), CancellationToken.None);
        signal.Set();
        await waiting.WaitAsync(TimeSpan.FromSeconds(30));

        // What the dispatcher called before: the wait fails, which ended the hosted service.
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => signal.WaitAsync(Duration.FromDays(60).ToTimeSpan(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
