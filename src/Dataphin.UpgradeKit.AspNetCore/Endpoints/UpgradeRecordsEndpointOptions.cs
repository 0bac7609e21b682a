namespace Dataphin.UpgradeKit.AspNetCore.Endpoints;

/// <summary>
/// Display defaults of the Upgrade Records endpoints (R-DISP-1, R-TIME-10), used when a request names no
/// <c>culture</c> or <c>timeZone</c> query parameter. Configure with
/// <c>services.Configure&lt;UpgradeRecordsEndpointOptions&gt;(o =&gt; ...)</c>.
/// </summary>
public sealed class UpgradeRecordsEndpointOptions
{
    /// <summary>The IANA (tzdb) id of the zone times are shown in.</summary>
    /// <value>The default value is <c>UTC</c>.</value>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>The culture of display names and sentences (<c>en</c> and <c>zh-CN</c> ship).</summary>
    /// <value>The default value is <c>en</c>.</value>
    public string DefaultCulture { get; set; } = "en";

    /// <summary>The page size of the list when the request names none.</summary>
    /// <value>The default value is 20.</value>
    public int DefaultPageSize { get; set; } = 20;
}
