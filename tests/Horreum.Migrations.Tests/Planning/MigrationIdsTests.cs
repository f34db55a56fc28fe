using Horreum.Migrations.Planning;

namespace Horreum.Migrations.Tests.Planning;

public sealed class MigrationIdsTests
{
    [Theory]
    [InlineData("20250131_142500_rename_email")]
    [InlineData("20240229_000000_leap_day")]
    [InlineData("20250101_235959_a")]
    [InlineData("20250101_000000_v1_to_v2")]
    public void IsValid_well_formed_id_true(string id) => Assert.True(MigrationIds.IsValid(id));

    [Theory]
    [InlineData("")]
    [InlineData("20250131_142500")]
    [InlineData("20250131_142500_")]
    [InlineData("20250131_142500_Rename")]
    [InlineData("20250131_142500_rename__email")]
    [InlineData("20250131_142500_rename_email_")]
    [InlineData("20250131_142500_1st")]
    [InlineData("20250131-142500_rename")]
    [InlineData("2025013_142500_rename")]
    [InlineData("20250230_142500_no_such_day")]
    [InlineData("20250131_246000_no_such_time")]
    [InlineData("20250131_142500_rename\n")]
    [InlineData("٢٠٢٥٠١٣١_142500_arabic_digits")]
    [InlineData("20250131_142500_caf\u00e9")]
    public void IsValid_malformed_id_false(string id) => Assert.False(MigrationIds.IsValid(id));

    [Fact]
    public void TryGetTimestamp_valid_id_returns_utc_time()
    {
        Assert.True(MigrationIds.TryGetTimestamp("20250131_142501_x", out var at));
        Assert.Equal(new DateTime(2025, 1, 31, 14, 25, 1, DateTimeKind.Utc), at);
        Assert.Equal(DateTimeKind.Utc, at.Kind);
    }
}
