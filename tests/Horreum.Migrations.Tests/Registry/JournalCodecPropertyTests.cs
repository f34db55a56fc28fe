using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Horreum.Migrations.Registry;

namespace Horreum.Migrations.Tests.Registry;

public sealed class JournalCodecPropertyTests
{
    // Keys that break naive framings: the separator, digits that look like lengths, newlines, multi-byte text.
    private static readonly string[] Pieces = ["a", "0", "9", ":", "12:", "{", "}", "\n", "\r\n", "é", "日", "😀", " ", "j:", "J:"];

    private static Gen<string> Key => Gen.NonEmptyListOf(Gen.Elements(Pieces)).Select(p => string.Concat(p));

    [Fact]
    public void A_page_of_entries_round_trips_in_order()
    {
        var gen = Gen.ListOf(from key in Key from fields in Gen.Choose(0, 1_000_000) select new KeyValuePair<string, long>(key, fields));
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(500), Prop.ForAll(Arb.From(gen), page =>
            JournalCodec.Decode(JournalCodec.Encode(page)).SequenceEqual(page)));
    }

    [Fact]
    public void Every_truncation_of_a_page_is_refused_or_reads_a_prefix_of_it()
    {
        var gen = Gen.NonEmptyListOf(from key in Key from fields in Gen.Choose(0, 99) select new KeyValuePair<string, long>(key, fields));
        Check.One(FsCheck.Config.QuickThrowOnFailure.WithMaxTest(200), Prop.ForAll(Arb.From(gen), page =>
        {
            var bytes = JournalCodec.Encode(page);
            for (var cut = 0; cut < bytes.Length; cut++)
            {
                try
                {
                    var read = JournalCodec.Decode(bytes[..cut]).ToList();
                    if (!read.SequenceEqual(page.Take(read.Count)))
                    {
                        return false;
                    }
                }
                catch (FormatException)
                {
                }
            }
            return true;
        }));
    }

    [Fact]
    public void Garbage_is_refused_with_its_position()
    {
        var error = Assert.Throws<FormatException>(() => JournalCodec.Decode(Encoding.ASCII.GetBytes("1:5:abc")));
        Assert.Contains("byte", error.Message, StringComparison.Ordinal);
    }
}
