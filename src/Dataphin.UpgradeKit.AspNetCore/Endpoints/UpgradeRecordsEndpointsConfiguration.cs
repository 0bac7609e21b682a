using Dataphin.UpgradeKit.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// Binds <see cref="UpgradeRecordsEndpointOptions"/> from one configuration section and reports, when the endpoints are
/// mapped, what it could not read and what is out of range, each under its configuration key.
/// </summary>
internal sealed class UpgradeRecordsEndpointsConfiguration(IConfiguration section)
    : IConfigureOptions<UpgradeRecordsEndpointOptions>, IValidateOptions<UpgradeRecordsEndpointOptions>
{
    private List<string> _problems = [];

    private string Path { get; } = section is IConfigurationSection s ? s.Path : string.Empty;

    public void Configure(UpgradeRecordsEndpointOptions options)
    {
        var problems = new List<string>();
        var read = new OptionsSection(section, problems);
        read.String(nameof(UpgradeRecordsEndpointOptions.DefaultTimeZone), v => options.DefaultTimeZone = v);
        read.String(nameof(UpgradeRecordsEndpointOptions.DefaultCulture), v => options.DefaultCulture = v);
        read.Int32(nameof(UpgradeRecordsEndpointOptions.DefaultPageSize), v => options.DefaultPageSize = v);
        read.Int64(nameof(UpgradeRecordsEndpointOptions.MaxRequestBodySize), v => options.MaxRequestBodySize = v);
        read.Boolean(nameof(UpgradeRecordsEndpointOptions.RequireSameOrigin), v => options.RequireSameOrigin = v);
        read.StringList(nameof(UpgradeRecordsEndpointOptions.TrustedOrigins), v =>
        {
            // A bound list replaces what was there, as every other bound value does.
            options.TrustedOrigins.Clear();
            foreach (var origin in v)
            {
                options.TrustedOrigins.Add(origin);
            }
        });
        read.TimeSpan(nameof(UpgradeRecordsEndpointOptions.EventsHeartbeatInterval), v => options.EventsHeartbeatInterval = v);
        ReadActionPolicies(section.GetSection(nameof(UpgradeRecordsEndpointOptions.ActionPolicies)), options, problems);
        _problems = problems;
    }

    // "ActionPolicies": { "ForceStop": "platform-om" }: each key an action's name, each value a policy name. Keys that
    // name no action are reported, not ignored, so a typo does not leave an action open.
    private static void ReadActionPolicies(IConfigurationSection policies, UpgradeRecordsEndpointOptions options, List<string> problems)
    {
        foreach (var entry in policies.GetChildren())
        {
            if (Enum.TryParse<UpgradeAction>(entry.Key, ignoreCase: true, out var action) && Enum.IsDefined(action) && !int.TryParse(entry.Key, out _))
            {
                options.ActionPolicies[action] = entry.Value ?? string.Empty;
            }
            else
            {
                problems.Add($"{entry.Path} is not an action: use one of {string.Join(", ", Enum.GetNames<UpgradeAction>())}.");
            }
        }
    }

    public ValidateOptionsResult Validate(string? name, UpgradeRecordsEndpointOptions options)
    {
        if (name != Options.DefaultName)
        {
            return ValidateOptionsResult.Skip;
        }

        var failures = new List<string>(_problems);
        failures.AddRange(EndpointOptionsValidation.Problems(options).Select(p => OptionsSection.NameKey(p, Path)));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
