using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Tests.Registry;

public sealed class BackupPagePropertyTests
{
    // Separators, digits that look like lengths, the markers, braces, multi-byte and astral characters.
    private static readonly string[] Pieces = ["a", "0", "9", ":", "1:", "{", "}", "é", "日", "😀", " ", "v", "n", "\n"];

    private static Gen<string> Text(int min) =>
        Gen.ListOf(Gen.Elements(Pieces)).Select(p => string.Concat(p)).Where(s => s.Length >= min);

    private static readonly Gen<List<(string Key, List<(string Field, string? Old)> Fields)>> Records =
        from records in Gen.ListOf(
            from key in Text(1)
            from fields in Gen.ListOf(Gen.Two(Text(0)).SelectMany(p => Gen.Elements(true, false), (p, absent) => (p.Item1, absent ? null : (string?)p.Item2)))
            select (key, fields.ToList()))
        select records.ToList();

    private static List<FieldBackup> Flatten(List<(string Key, List<(string Field, string? Old)> Fields)> records) =>
        [.. records.SelectMany(r => r.Fields.Select(f => new FieldBackup(r.Key, f.Field, f.Old)))];

    [Fact]
    public void Decode_returns_what_was_written_from_text_in_order()
    {
        var page = new BackupPage();
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(Records), records =>
        {
            page.Reset();
            foreach (var (key, fields) in records)
            {
                page.BeginRecord(key, fields.Count);
                foreach (var (field, old) in fields)
                {
                    page.Field(field, old);
                }
            }
            return page.Fields == records.Sum(r => r.Fields.Count)
                && BackupPage.Decode(page.Written, "log").SequenceEqual(Flatten(records));
        }));
    }

    [Fact]
    public void Bytes_and_text_encode_the_same()
    {
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(Arb.From(Records), records =>
        {
            var text = new BackupPage();
            var bytes = new BackupPage();
            foreach (var (key, fields) in records)
            {
                text.BeginRecord(key, fields.Count);
                bytes.BeginRecord(Encoding.UTF8.GetBytes(key), fields.Count);
                foreach (var (field, old) in fields)
                {
                    text.Field(field, old);
                    bytes.Field(Encoding.UTF8.GetBytes(field), Encoding.UTF8.GetBytes(old ?? ""), old is not null);
                }
            }
            return text.Written.SequenceEqual(bytes.Written);
        }));
    }

    [Fact]
    public void Empty_value_and_absent_field_stay_distinct()
    {
        var page = new BackupPage();
        page.BeginRecord("k", 2);
        page.Field("empty", "");
        page.Field("absent", null);
        Assert.Equal([new FieldBackup("k", "empty", ""), new FieldBackup("k", "absent", null)], BackupPage.Decode(page.Written, "log"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("11:k")]
    [InlineData("11:k1:")]
    [InlineData("11:k1:1:fx")]
    [InlineData("11:k1:1:fv9:short")]
    [InlineData("1x:k1:1:fn")]
    public void Decode_malformed_page_throws_format_naming_the_log(string page)
    {
        var ex = Assert.Throws<FormatException>(() => BackupPage.Decode(Encoding.UTF8.GetBytes(page), "the-log"));
        Assert.Contains("the-log", ex.Message, StringComparison.Ordinal);
    }
}
