using Dataphin.UpgradeKit.Export.Age;
using Xunit;

namespace Dataphin.UpgradeKit.Export.Tests;

/// <summary>One error root (issue 15 item 2): a host that catches <see cref="UpgradeKitException"/> sees every error the Export package and the CLI raise on purpose.</summary>
public sealed class ErrorRootTests
{
    public static TheoryData<string> ExceptionTypes()
    {
        var data = new TheoryData<string>();
        foreach (var assembly in new[] { typeof(ConfigurationDecryptor).Assembly, System.Reflection.Assembly.Load("Dataphin.UpgradeKit.Cli") })
        {
            foreach (var type in assembly.GetTypes().Where(t => typeof(Exception).IsAssignableFrom(t)))
            {
                data.Add(type.AssemblyQualifiedName!);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExceptionTypes))]
    public void EveryExceptionType_OfExportAndCli_DerivesFromUpgradeKitException(string typeName)
    {
        var type = Type.GetType(typeName, throwOnError: true)!;

        Assert.True(typeof(UpgradeKitException).IsAssignableFrom(type), $"{type.FullName} derives from {type.BaseType} instead of UpgradeKitException");
    }

    [Fact]
    public void AgeErrors_KeepTheirTypesAndMessages_UnderTheRoot_R_CFG_4()
    {
        UpgradeKitException error = new AgeWrongPasswordException();

        Assert.IsType<AgeWrongPasswordException>(error);
        Assert.IsAssignableFrom<AgeException>(error);
        Assert.Equal("The password is wrong: no recipient stanza of the file could be unwrapped with it.", error.Message);
        Assert.Contains(typeof(AgeArmorException), ((IEnumerable<object[]>)ExceptionTypes()).Select(row => Type.GetType((string)row[0])));
    }
}
