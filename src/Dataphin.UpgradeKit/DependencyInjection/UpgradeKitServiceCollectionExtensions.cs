using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Dataphin.UpgradeKit.DependencyInjection;

/// <summary>Registers the SDK in a host's service collection.</summary>
public static class UpgradeKitServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="UpgradeRecordService"/> and its defaults: the host's <see cref="IClock"/>, else its
    /// <see cref="TimeProvider"/>, else NodaTime's system clock; a <see cref="RoleOperatorQualification"/> unless the host registered an
    /// <see cref="IOperatorQualification"/>, and any <see cref="IUpgradeNotificationHandler"/> the host registers.
    /// Options are validated at start-up. Choose a store on the returned builder.
    /// </summary>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    public static UpgradeKitBuilder AddUpgradeKit(this IServiceCollection services, Action<UpgradeKitOptions>? configure = null)
    {
        Guard.NotNull(services);
        var options = services.AddOptions<UpgradeKitOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options.ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<UpgradeKitOptions>, UpgradeKitOptionsValidator>());
        services.TryAddSingleton<IClock>(sp => sp.GetService<TimeProvider>() is { } timeProvider
            ? new TimeProviderClock(timeProvider)
            : SystemClock.Instance);
        services.TryAddSingleton<IOperatorQualification>(sp =>
            new RoleOperatorQualification(sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.QualifiedOperatorRole));
        services.TryAddSingleton<IActionEligibilityPolicy>(sp => new ActionEligibilityPolicy(sp.GetRequiredService<IOperatorQualification>()));
        services.TryAddSingleton(sp => new UpgradeRecordService(
            sp.GetService<IUpgradeStore>() ?? throw new InvalidOperationException(UpgradeKitOptionsValidator.NoStore),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOperatorQualification>(),
            sp.GetService<IUpgradeNotificationHandler>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value,
            sp.GetService<ILogger<UpgradeRecordService>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        return new UpgradeKitBuilder(services);
    }
}
