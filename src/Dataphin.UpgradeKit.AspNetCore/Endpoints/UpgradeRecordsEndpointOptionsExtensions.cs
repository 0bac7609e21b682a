using Dataphin.UpgradeKit.AspNetCore.Endpoints;
using Dataphin.UpgradeKit.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

// Registration extensions live in the container's namespace, as the framework's own do.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Binds the options of the Upgrade Records endpoints from configuration.</summary>
public static class UpgradeRecordsEndpointOptionsExtensions
{
    /// <summary>
    /// Binds <see cref="UpgradeRecordsEndpointOptions"/> from <paramref name="configuration"/>, usually
    /// <c>configuration.GetSection("UpgradeKit:Endpoints")</c>:
    /// <c>{ "DefaultTimeZone": "Asia/Shanghai", "RequireSameOrigin": true, "TrustedOrigins": [ "https://console.example.com" ], "EventsHeartbeatInterval": "00:00:15" }</c>.
    /// Durations are written as .NET writes a <see cref="TimeSpan"/>; a bound list replaces the default; absent keys keep
    /// their defaults. A value that cannot be read or is out of range fails <c>MapUpgradeRecords</c> with an
    /// <see cref="OptionsValidationException"/> listing every problem under its configuration key
    /// (<c>UpgradeKit:Endpoints:DefaultPageSize</c>).
    /// </summary>
    /// <param name="builder">The builder <c>AddUpgradeKit</c> returned.</param>
    /// <param name="configuration">The section holding the endpoints' options.</param>
    /// <returns><paramref name="builder"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configuration"/> is null.</exception>
    public static UpgradeKitBuilder ConfigureEndpoints(this UpgradeKitBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        var binding = new UpgradeRecordsEndpointsConfiguration(configuration);
        builder.Services.AddOptions<UpgradeRecordsEndpointOptions>();
        builder.Services.AddSingleton<IConfigureOptions<UpgradeRecordsEndpointOptions>>(binding);
        builder.Services.AddSingleton<IValidateOptions<UpgradeRecordsEndpointOptions>>(binding);
        return builder;
    }
}
