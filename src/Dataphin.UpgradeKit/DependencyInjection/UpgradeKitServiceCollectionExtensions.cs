using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Service;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NodaTime;

// Registration methods live in the container's namespace, as the ecosystem's do, so a host finds them without a using.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the SDK in a host's service collection.</summary>
public static class UpgradeKitServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="UpgradeRecordService"/> and its defaults: the host's <see cref="IClock"/>, else its
    /// <see cref="TimeProvider"/>, else NodaTime's system clock; a <see cref="RoleOperatorQualification"/> unless the host
    /// registered an <see cref="IOperatorQualification"/>; an <see cref="ActionEligibilityPolicy"/> for
    /// <see cref="UpgradeKitOptions.Rules"/> as <see cref="IActionEligibilityPolicy"/> unless the host registered one;
    /// <see cref="UpgradeKitTexts"/> over the host's <see cref="IStringLocalizer{T}"/> of it, when there is one, unless the
    /// host registered its own <see cref="UpgradeKitTexts"/> (to add a language); and
    /// any <see cref="IUpgradeNotificationHandler"/> the host registers, and the hosted dispatcher that delivers its
    /// notifications (R-DLV-1; off with <see cref="NotificationDeliveryOptions.DispatcherEnabled"/>). Options are
    /// validated at start-up. Choose a store on the returned builder.
    /// </summary>
    /// <remarks>
    /// <para>The service answers with the <see cref="IActionEligibilityPolicy"/> the container resolves (R-RULE-2). A
    /// decorator registered after this call wraps the default policy, which stays resolvable as
    /// <see cref="ActionEligibilityPolicy"/>:
    /// <c>services.AddSingleton&lt;IActionEligibilityPolicy&gt;(sp =&gt; new AuditingPolicy(sp.GetRequiredService&lt;ActionEligibilityPolicy&gt;()))</c>.</para>
    /// <para>To bind the options from configuration, add the host's binder next to this call; the core takes no
    /// dependency on a configuration package:
    /// <c>services.AddOptions&lt;UpgradeKitOptions&gt;().Bind(configuration.GetSection("UpgradeKit"))</c>. Nested
    /// <see cref="UpgradeKitOptions.Rules"/> bind with it.</para>
    /// </remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options in code; applied after any binding registered before this call.</param>
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
        // R-DISP-1: the host's IStringLocalizer<UpgradeKitTexts> over the SDK's texts; the SDK's alone without one.
        services.TryAddSingleton(sp => new UpgradeKitTexts(sp.GetService<IStringLocalizer<UpgradeKitTexts>>()));
        services.TryAddSingleton(sp => new ActionEligibilityPolicy(
            sp.GetRequiredService<IOperatorQualification>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value.Rules,
            sp.GetRequiredService<UpgradeKitTexts>()));
        services.TryAddSingleton<IActionEligibilityPolicy>(sp => sp.GetRequiredService<ActionEligibilityPolicy>());
        services.TryAddSingleton(sp => new UpgradeRecordService(
            sp.GetService<IUpgradeStore>() ?? throw new InvalidOperationException(UpgradeKitOptionsValidator.NoStore),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOperatorQualification>(),
            sp.GetService<IUpgradeNotificationHandler>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value,
            sp.GetService<ILogger<UpgradeRecordService>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<IActionEligibilityPolicy>(),
            sp.GetRequiredService<UpgradeKitTexts>()));

        // R-DLV-1: the hosted dispatcher; it returns at once when UpgradeKitOptions.Delivery.DispatcherEnabled is false.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NotificationDispatcher>(sp => new NotificationDispatcher(
            sp.GetRequiredService<UpgradeRecordService>(), sp.GetRequiredService<IClock>(), sp.GetService<ILogger<UpgradeRecordService>>())));
        return new UpgradeKitBuilder(services);
    }
}
