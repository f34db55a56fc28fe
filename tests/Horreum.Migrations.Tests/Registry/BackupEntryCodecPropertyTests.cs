using FsCheck;
using FsCheck.Fluent;
using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Tests.Registry;

public sealed class BackupEntryCodecPropertyTests
{
    // Pieces that break naive encodings (separators, braces, multi-byte and astral characters), but always
    // well-formed UTF-16, because Redis keys written by .NET strings are UTF-8 of valid text.
    private static readonly string[] Pieces = ["a", "Z", "0", "9", ":", "{", "}", "::", "é", "日", "😀", " ", "\"", "v", "n", "1:"];

    private static Gen<string> Text(int min) =>
        Gen.ListOf(Gen.Elements(Pieces)).Select(p => string.Concat(p)).Where(s => s.Length >= min);

    [Fact]
    public void Decode_encoded_entry_round_trips()
    {
        var gen = from key in Text(1)
                  from field in Text(0)
                  from value in Gen.OneOf(Text(0).Select(v => (string?)v), Gen.Constant<string?>(null))
                  select new FieldBackup(key, field, value);
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(gen), b =>
            BackupEntryCodec.Decode(BackupEntryCodec.EncodeName(b.Key, b.Field), BackupEntryCodec.EncodeValue(b.OldValue)) == b));
    }

    [Fact]
    public void EncodeName_different_key_field_pairs_never_collide()
    {
        var gen = Gen.Two(Gen.Two(Text(1)));
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(gen), pair =>
        {
            var ((k1, f1), (k2, f2)) = pair;
            var same = BackupEntryCodec.EncodeName(k1, f1) == BackupEntryCodec.EncodeName(k2, f2);
            return same == (k1 == k2 && f1 == f2);
        }));
    }

    [Fact]
    public void EncodeValue_empty_and_absent_differ()
    {
        Assert.NotEqual(BackupEntryCodec.EncodeValue(""), BackupEntryCodec.EncodeValue(null));
        Assert.Null(BackupEntryCodec.Decode(BackupEntryCodec.EncodeName("k", "f"), BackupEntryCodec.EncodeValue(null)).OldValue);
        Assert.Equal("", BackupEntryCodec.Decode(BackupEntryCodec.EncodeName("k", "f"), BackupEntryCodec.EncodeValue("")).OldValue);
    }

    [Theory]
    [InlineData("nocolon", "vx")]
    [InlineData("99:short", "vx")]
    [InlineData("-1:k", "vx")]
    [InlineData("1:kf", "x")]
    [InlineData("1:kf", "")]
    public void Decode_malformed_entry_throws_format(string name, string value) =>
        Assert.Throws<FormatException>(() => BackupEntryCodec.Decode(name, value));
}
