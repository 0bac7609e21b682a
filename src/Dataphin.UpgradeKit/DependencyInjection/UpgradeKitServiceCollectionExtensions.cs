using Dataphin.UpgradeKit;
using Dataphin.UpgradeKit.Actions;
using Dataphin.UpgradeKit.Commands;
using Dataphin.UpgradeKit.Delivery;
using Dataphin.UpgradeKit.Display;
using Dataphin.UpgradeKit.DependencyInjection;
using Dataphin.UpgradeKit.Internal;
using Dataphin.UpgradeKit.Notifications;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Queries;
using Dataphin.UpgradeKit.Live;
using Dataphin.UpgradeKit.Storage;
using Microsoft.Extensions.Configuration;
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
    /// Adds the SDK's feature types, each a singleton: <see cref="UpgradeCommands"/>, <see cref="UpgradeHostReports"/>,
    /// <see cref="UpgradeQueries"/>, <see cref="UpgradeWatches"/> and <see cref="NotificationDelivery"/>; and their defaults: the host's <see cref="IClock"/>, else its
    /// <see cref="TimeProvider"/>, else NodaTime's system clock; a <see cref="RoleOperatorQualification"/> unless the host
    /// registered an <see cref="IOperatorQualification"/>; an <see cref="ActionEligibilityPolicy"/> for
    /// <see cref="UpgradeKitOptions.Rules"/> as <see cref="IActionEligibilityPolicy"/> unless the host registered one;
    /// <see cref="UpgradeKitTexts"/> over the host's <see cref="IStringLocalizer{T}"/> of it, when there is one, unless the
    /// host registered its own <see cref="UpgradeKitTexts"/> (to add a language); and
    /// any <see cref="IUpgradeNotificationHandler"/> the host registers, and the hosted dispatcher that delivers its
    /// notifications (off with <see cref="NotificationDeliveryOptions.DispatcherEnabled"/>). Options are
    /// validated at start-up. Choose a store on the returned builder.
    /// </summary>
    /// <remarks>
    /// <para>The feature types answer with the <see cref="IActionEligibilityPolicy"/> the container resolves. A
    /// decorator registered after this call wraps the default policy, which stays resolvable as
    /// <see cref="ActionEligibilityPolicy"/>:
    /// <c>services.AddSingleton&lt;IActionEligibilityPolicy&gt;(sp =&gt; new AuditingPolicy(sp.GetRequiredService&lt;ActionEligibilityPolicy&gt;()))</c>.</para>
    /// <para>To bind the options from configuration, call
    /// <see cref="AddUpgradeKit(IServiceCollection, IConfiguration)"/> instead.</para>
    /// </remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets options in code; applied after any binding registered before this call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is null.</exception>
    // RS0027 asks the overload with an optional parameter to have the most parameters; the configuration overload has as
    // many, and their second parameters' types differ, so every existing call binds as before (only a literal null would
    // be ambiguous, and `AddUpgradeKit()` is what a host writes for "no configure").
#pragma warning disable RS0027
    public static UpgradeKitBuilder AddUpgradeKit(this IServiceCollection services, Action<UpgradeKitOptions>? configure = null)
#pragma warning restore RS0027
    {
        Guard.NotNull(services);
        return AddUpgradeKitCore(services, null, configure);
    }

    /// <summary>
    /// Adds what <see cref="AddUpgradeKit(IServiceCollection, Action{UpgradeKitOptions}?)"/> adds, with the options bound
    /// from <paramref name="configuration"/>, usually <c>configuration.GetSection("UpgradeKit")</c>:
    /// <c>{ "ShortNodeThreshold": "00:00:01", "Rules": { "StopWindow": "Strict" }, "Delivery": { "SweepInterval": "00:00:05", "MaxAttempts": 10 } }</c>.
    /// Durations are written as .NET writes a <see cref="TimeSpan"/> (<c>00:00:05</c>, <c>1.00:00:00</c>); NodaTime's
    /// duration text (<c>0:00:00:05</c>) is read too. A key that is absent keeps its default. A value that cannot be read
    /// or is out of range fails the start-up with an <see cref="OptionsValidationException"/> that lists every problem,
    /// each under its configuration key (<c>UpgradeKit:Delivery:MaxAttempts must be between 1 and 1000 (it is 0).</c>).
    /// Choose a store on the returned builder; the store packages bind their own options the same way
    /// (<c>UseSqlite(configuration.GetSection("UpgradeKit:Sqlite"))</c>).
    /// </summary>
    /// <remarks>The options are read once, when they are first needed; a change of the configuration afterwards is not
    /// applied. To set some in code as well, configure them after this call:
    /// <c>services.Configure&lt;UpgradeKitOptions&gt;(o =&gt; o.QualifiedOperatorRole = "om-engineer")</c>.</remarks>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The section holding the options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    public static UpgradeKitBuilder AddUpgradeKit(this IServiceCollection services, IConfiguration configuration)
    {
        Guard.NotNull(services);
        Guard.NotNull(configuration);
        return AddUpgradeKitCore(services, new UpgradeKitConfiguration(configuration), null);
    }

    private static UpgradeKitBuilder AddUpgradeKitCore(IServiceCollection services, UpgradeKitConfiguration? binding, Action<UpgradeKitOptions>? configure)
    {
        var options = services.AddOptions<UpgradeKitOptions>();
        if (binding is not null)
        {
            services.AddSingleton(binding);
            options.Configure(binding.Bind);
        }

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
        services.TryAddSingleton(sp => new UpgradeCommands(
            Store(sp),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOperatorQualification>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value,
            sp.GetService<ILogger<UpgradeCommands>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<IActionEligibilityPolicy>(),
            sp.GetRequiredService<UpgradeKitTexts>()));
        services.TryAddSingleton(sp => new UpgradeHostReports(
            Store(sp),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value,
            sp.GetService<ILogger<UpgradeHostReports>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<UpgradeKitTexts>()));
        services.TryAddSingleton(sp => new UpgradeQueries(
            Store(sp),
            sp.GetRequiredService<IClock>(),
            sp.GetRequiredService<IOperatorQualification>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value,
            sp.GetService<ILogger<UpgradeQueries>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<IActionEligibilityPolicy>(),
            sp.GetRequiredService<UpgradeKitTexts>()));
        services.TryAddSingleton(sp => new UpgradeHistory(Store(sp)));
        services.TryAddSingleton(sp => new UpgradeWatches(
            Store(sp),
            sp.GetRequiredService<IOperatorQualification>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value,
            sp.GetService<ILogger<UpgradeWatches>>(),
            sp.GetRequiredService<IActionEligibilityPolicy>(),
            sp.GetRequiredService<UpgradeKitTexts>(),
            sp.GetRequiredService<IClock>()));
        services.TryAddSingleton(sp => new NotificationDelivery(
            Store(sp),
            sp.GetRequiredService<IClock>(),
            sp.GetService<IUpgradeNotificationHandler>(),
            sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value,
            sp.GetService<ILogger<NotificationDelivery>>(),
            sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));

        // R-DLV-1: the hosted dispatcher; it returns at once when UpgradeKitOptions.Delivery.DispatcherEnabled is false.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, NotificationDispatcher>(sp => new NotificationDispatcher(
            sp.GetRequiredService<NotificationDelivery>(), sp.GetRequiredService<IClock>(), sp.GetService<ILogger<NotificationDelivery>>())));
        // R-RET-1, R-RET-2: retention and its hosted service; the service returns at once unless Retention.Enabled.
        services.TryAddSingleton(sp => global::Dataphin.UpgradeKit.Retention.RetentionRegistration.Create(sp, Store(sp)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, global::Dataphin.UpgradeKit.Retention.RetentionService>(sp => new global::Dataphin.UpgradeKit.Retention.RetentionService(sp)));
        // R-ETA-2: the stall check and its hosted service; the service returns at once unless Estimates.StallCheckEnabled.
        services.TryAddSingleton(sp => new global::Dataphin.UpgradeKit.Stalls.UpgradeStallCheck(Store(sp), sp.GetRequiredService<IClock>(), sp.GetRequiredService<IOptions<UpgradeKitOptions>>().Value, sp.GetService<ILogger<global::Dataphin.UpgradeKit.Stalls.UpgradeStallCheck>>(), sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, global::Dataphin.UpgradeKit.Stalls.StallCheckService>(sp => new global::Dataphin.UpgradeKit.Stalls.StallCheckService(sp)));
        // R-GOV-2: the two-person rule's steps, and the expiry check of force-stop requests on every instance.
        services.TryAddSingleton(sp => new global::Dataphin.UpgradeKit.Governance.ForceStopApprovals(sp.GetRequiredService<UpgradeCommands>()));
        services.TryAddSingleton(sp => new global::Dataphin.UpgradeKit.Governance.ForceStopRequestExpiry(sp.GetRequiredService<UpgradeCommands>(), Store(sp), sp.GetRequiredService<IClock>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, global::Dataphin.UpgradeKit.Governance.ForceStopRequestExpiryService>(sp => new global::Dataphin.UpgradeKit.Governance.ForceStopRequestExpiryService(
            sp.GetRequiredService<global::Dataphin.UpgradeKit.Governance.ForceStopRequestExpiry>(), sp.GetService<ILogger<global::Dataphin.UpgradeKit.Governance.ForceStopRequestExpiry>>())));
        return new UpgradeKitBuilder(services);
    }

    private static IUpgradeStore Store(IServiceProvider services) =>
        services.GetService<IUpgradeStore>() ?? throw new InvalidOperationException(UpgradeKitOptionsValidator.NoStore);
}
