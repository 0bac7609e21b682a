using Xunit;

namespace Dataphin.UpgradeKit.Testing.HostTools;

/// <summary>A <see cref="FactAttribute"/> that skips, with install instructions, when a host tool is absent (never under CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresHostToolFactAttribute : FactAttribute
{
    /// <summary>Creates the attribute for <paramref name="program"/>, e.g. <c>"age"</c>, with how to install it.</summary>
    public RequiresHostToolFactAttribute(string program, string howToInstall)
    {
        Skip = HostTool.SkipReasonIfMissing(program, howToInstall);
    }
}

/// <summary>A <see cref="TheoryAttribute"/> that skips, with install instructions, when a host tool is absent (never under CI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresHostToolTheoryAttribute : TheoryAttribute
{
    /// <summary>Creates the attribute for <paramref name="program"/> with how to install it.</summary>
    public RequiresHostToolTheoryAttribute(string program, string howToInstall)
    {
        Skip = HostTool.SkipReasonIfMissing(program, howToInstall);
    }
}
