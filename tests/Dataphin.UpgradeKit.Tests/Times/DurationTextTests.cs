using System.Text.RegularExpressions;
using Dataphin.UpgradeKit.Times;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using NodaTime;
using Xunit;

namespace Dataphin.UpgradeKit.Tests.Times;

public class DurationTextTests
{
    [Fact]
    public void Format_FiveSeconds_PadsHoursToThreeDigits_R_TIME_1() =>
        Assert.Equal("000:00:05", DurationText.Format(Duration.FromSeconds(5)));

    [Fact]
    public void Format_Zero_IsAllZeros_R_TIME_1() =>
        Assert.Equal("000:00:00", DurationText.Format(Duration.Zero));

    [Fact]
    public void Format_OverThousandHours_KeepsAllDigits_R_TIME_1() =>
        Assert.Equal("1234:05:06", DurationText.Format(Duration.FromHours(1234) + Duration.FromMinutes(5) + Duration.FromSeconds(6)));

    [Fact]
    public void Format_HoursBeyondADay_CountsTotalHoursNotDays_R_TIME_1() =>
        Assert.Equal("049:00:01", DurationText.Format(Duration.FromDays(2) + Duration.FromHours(1) + Duration.FromSeconds(1)));

    [Theory]
    [InlineData(5_999, "000:00:05")]
    [InlineData(999, "000:00:00")]
    [InlineData(3_599_999, "000:59:59")]
    public void Format_SubSecondPart_IsTruncatedNotRounded_R_TIME_1(long milliseconds, string expected) =>
        Assert.Equal(expected, DurationText.Format(Duration.FromMilliseconds(milliseconds)));

    [Fact]
    public void Format_Absent_IsDash_R_TIME_1() =>
        Assert.Equal("-", DurationText.Format((Duration?)null));

    [Fact]
    public void Format_NullableWithValue_FormatsTheValue_R_TIME_1() =>
        Assert.Equal("001:02:03", DurationText.Format((Duration?)(Duration.FromHours(1) + Duration.FromMinutes(2) + Duration.FromSeconds(3))));

    [Theory]
    [InlineData(-5_000)]
    [InlineData(-1)]
    public void Format_NegativeDuration_NeverReachesThePattern_R_TIME_2(long milliseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationText.Format(Duration.FromMilliseconds(milliseconds)));
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationText.Format((Duration?)Duration.FromMilliseconds(milliseconds)));
    }

    [Fact]
    public void Format_OneNanosecondBelowZero_IsRejected_R_TIME_2() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => DurationText.Format(Duration.FromNanoseconds(-1)));

    /// <summary>Property (b): the text parses back, with the same NodaTime pattern, to the duration cut to whole seconds.</summary>
    [Property(MaxTest = 500)]
    public Property Format_ParsesBackToWholeSeconds_R_TIME_1()
    {
        var gen = from seconds in Gen.Choose(0, int.MaxValue).Select(s => (long)s)
                  from scale in Gen.Elements(1L, 3L, 400L)
                  from nanos in Gen.Choose(0, 999_999_999)
                  select (Seconds: seconds * scale, Nanos: nanos);
        return Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var duration = Duration.FromSeconds(x.Seconds) + Duration.FromNanoseconds(x.Nanos);
            var text = DurationText.Format(duration);
            var parsed = DurationText.Pattern.Parse(text);
            return parsed.Success
                && parsed.Value == Duration.FromSeconds(x.Seconds)
                && Regex.IsMatch(text, @"^\d{3,}:[0-5]\d:[0-5]\d$");
        });
    }
}
