using System.Globalization;
using Dataphin.UpgradeKit.Operators;
using Dataphin.UpgradeKit.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>Checks <see cref="UpgradeRecordsEndpointOptions"/> once, when the endpoints are mapped, listing every problem.</summary>
internal static class EndpointOptionsValidation
{
    public static void ThrowIfInvalid(UpgradeRecordsEndpointOptions? options, IServiceProvider? services = null)
    {
        if (options is null)
        {
            return;
        }

        var problems = Problems(options);
        problems.AddRange(PolicyProblems(options, services));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("UpgradeRecordsEndpointOptions are invalid: " + string.Join(" ", problems));
        }
    }

    /// <summary>
    /// The problems of <paramref name="options"/> that need no service, each a sentence starting with the option's name;
    /// empty when valid. The policy names are checked against the host's authorization when the endpoints are mapped.
    /// </summary>
    public static List<string> Problems(UpgradeRecordsEndpointOptions options)
    {
        var problems = new List<string>();
        if (DateTimeZoneProviders.Tzdb.GetZoneOrNull(options.DefaultTimeZone ?? string.Empty) is null)
        {
            problems.Add($"DefaultTimeZone '{options.DefaultTimeZone}' is not an IANA time zone id.");
        }

        try
        {
            _ = CultureInfo.GetCultureInfo(options.DefaultCulture ?? string.Empty, predefinedOnly: true);
        }
        catch (CultureNotFoundException)
        {
            problems.Add($"DefaultCulture '{options.DefaultCulture}' is not a culture name.");
        }

        if (options.DefaultPageSize is < 1 or > UpgradeRecordQuery.MaxPageSize)
        {
            problems.Add($"DefaultPageSize must be from 1 to {UpgradeRecordQuery.MaxPageSize}; it is {options.DefaultPageSize}.");
        }

        if (options.MaxRequestBodySize < 1)
        {
            problems.Add($"MaxRequestBodySize must be at least 1 byte; it is {options.MaxRequestBodySize}.");
        }

        if (options.EventsHeartbeatInterval < TimeSpan.FromSeconds(1) || options.EventsHeartbeatInterval > TimeSpan.FromMinutes(5))
        {
            problems.Add($"EventsHeartbeatInterval must be from 1 second to 5 minutes; it is {options.EventsHeartbeatInterval}.");
        }

        foreach (var origin in options.TrustedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/"
                || origin.EndsWith('/'))
            {
                problems.Add($"TrustedOrigins entry '{origin}' is not an origin like https://console.example.com.");
            }
        }

        return problems;
    }

    private static IEnumerable<string> PolicyProblems(UpgradeRecordsEndpointOptions options, IServiceProvider? services)
    {
        if (options.ActionPolicies.Count == 0)
        {
            yield break;
        }

        var provider = services?.GetService<IAuthorizationPolicyProvider>();
        if (services is not null && (provider is null || services.GetService<IAuthorizationService>() is null))
        {
            yield return "ActionPolicies name authorization policies, but authorization is not registered: call services.AddAuthorization(...).";
        }

        foreach (var (action, policy) in options.ActionPolicies)
        {
            if (!Enum.IsDefined(action))
            {
                yield return $"ActionPolicies has an entry for '{action}', which is not an action.";
            }
            else if (string.IsNullOrWhiteSpace(policy))
            {
                yield return $"ActionPolicies entry for {action} must name a policy.";
            }
            else if (provider is not null)
            {
                // The default provider answers at once; a custom one that looks policies up later is trusted.
                var found = provider.GetPolicyAsync(policy);
                if (found.IsCompletedSuccessfully && found.Result is null)
                {
                    yield return $"ActionPolicies entry for {action} names the policy '{policy}', which is not registered.";
                }
            }
        }

        if (options.ActionPolicies.ContainsKey(UpgradeAction.ForceStop) && services?.GetService<IOperatorQualification>() is not (null or RoleOperatorQualification))
        {
            yield return "ActionPolicies has a force-stop policy, but a custom IOperatorQualification is registered: only one of them may decide who may force-stop.";
        }
    }
}
