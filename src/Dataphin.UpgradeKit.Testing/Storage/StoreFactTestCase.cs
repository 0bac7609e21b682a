using Xunit.Abstractions;
using Xunit.Sdk;

namespace Dataphin.UpgradeKit.Testing.Storage;

/// <summary>A fact whose skip reason also comes from the <see cref="StoreSkipConditionAttribute"/>s of its (derived) test class.</summary>
public sealed class StoreFactTestCase : XunitTestCase
{
    /// <summary>For the xunit de-serializer only.</summary>
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public StoreFactTestCase()
    {
    }

    /// <summary>Creates the test case.</summary>
    public StoreFactTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
    }

    /// <inheritdoc />
    protected override string GetSkipReason(IAttributeInfo factAttribute)
    {
        foreach (var attribute in TestMethod.TestClass.Class.GetCustomAttributes(typeof(StoreSkipConditionAttribute)))
        {
            if (attribute is IReflectionAttributeInfo { Attribute: StoreSkipConditionAttribute { SkipReason: { } reason } })
            {
                return reason;
            }
        }

        return base.GetSkipReason(factAttribute);
    }
}
