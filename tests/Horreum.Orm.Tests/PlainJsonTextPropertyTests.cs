using System.Text.Json;
using System.Text.Json.Serialization;
using FsCheck;
using FsCheck.Fluent;
using Horreum.Orm.Serialization;

namespace Horreum.Orm.Tests;

/// <summary>
/// The serializer writes and reads plain strings, whole numbers and booleans without System.Text.Json: whatever it
/// writes or reads must be exactly what System.Text.Json does with the same options, and a user converter for the
/// type must still be used.
/// </summary>
public sealed class PlainJsonTextPropertyTests
{
    private static readonly HorreumSerializer s_serializer = new();

    // Pieces that sit on the shortcut's edges: quotes, escapes, controls, DEL, non-ASCII, astral pairs, lone surrogates.
    private static readonly string[] s_pieces = ["a", "Z", "0", " ", "\"", "\\", "/", "\u0000", "\u001f", "\u007f", "<", "&", "'", "+", "`", "é", "日", "😀", "\ud800", "\udc00", "\n"];

    private static Gen<string> Strings() =>
        Gen.OneOf(Gen.ListOf(Gen.Elements(s_pieces)).Select(p => string.Concat(p)), ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    // Texts near the number grammar: leading zeros, signs, exponents, overflow, blanks.
    private static readonly string[] s_numberPieces = ["0", "1", "9", "-", "+", ".", "e", " ", "00", "9223372036854775807", "2147483648", "x"];

    private static Gen<string> NumberTexts() =>
        Gen.OneOf(
            Gen.ListOf(Gen.Elements(s_numberPieces)).Select(p => string.Concat(p)).Where(s => s.Length > 0),
            ArbMap.Default.GeneratorFor<long>().Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string? Reference(object value, Type type, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Serialize(value, type, options);
        }
        catch (JsonException)
        {
            return null; // refused (a lone surrogate)
        }
    }

    private static string? Encoded(HorreumSerializer serializer, object value, Type type)
    {
        try
        {
            return serializer.Encode(value, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool SameRead(HorreumSerializer serializer, string text, Type type)
    {
        object? expected;
        try
        {
            expected = JsonSerializer.Deserialize(text, type, serializer.Options);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException or OverflowException or NotSupportedException)
        {
            return Assert.Throws<FieldDecodeException>(() => serializer.Decode(text, type, "k", "f")) is not null;
        }
        var actual = serializer.Decode(text, type, "k", "f");
        return Equals(expected, actual) && expected?.GetType() == actual?.GetType();
    }

    [Fact]
    public void Strings_are_written_as_System_Text_Json_writes_them() =>
        Prop.ForAll(Strings().ToArbitrary(), s => Encoded(s_serializer, s, typeof(string)) == Reference(s, typeof(string), s_serializer.Options))
            .QuickCheckThrowOnFailure();

    [Fact]
    public void Quoted_texts_are_read_as_System_Text_Json_reads_them()
    {
        var texts = Strings().Select(s => "\"" + s + "\"");
        Prop.ForAll(texts.ToArbitrary(), t => SameRead(s_serializer, t, typeof(string))).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Whole_numbers_and_booleans_are_written_as_System_Text_Json_writes_them()
    {
        Prop.ForAll(ArbMap.Default.GeneratorFor<long>().ToArbitrary(), l =>
            s_serializer.Encode(l, typeof(long)) == JsonSerializer.Serialize(l, s_serializer.Options)
            && s_serializer.Encode(l, typeof(long?)) == JsonSerializer.Serialize<long?>(l, s_serializer.Options)).QuickCheckThrowOnFailure();
        Prop.ForAll(ArbMap.Default.GeneratorFor<int>().ToArbitrary(), i =>
            s_serializer.Encode(i, typeof(int)) == JsonSerializer.Serialize(i, s_serializer.Options)).QuickCheckThrowOnFailure();
        Assert.Equal("true", s_serializer.Encode(true, typeof(bool)));
        Assert.Equal("false", s_serializer.Encode(false, typeof(bool?)));
    }

    [Fact]
    public void Number_texts_are_read_as_System_Text_Json_reads_them()
    {
        Prop.ForAll(NumberTexts().ToArbitrary(), t =>
            SameRead(s_serializer, t, typeof(long)) && SameRead(s_serializer, t, typeof(int)) && SameRead(s_serializer, t, typeof(long?)))
            .QuickCheckThrowOnFailure();
        foreach (var text in new[] { "true", "false", "True", "1", "\"true\"", " true" })
        {
            Assert.True(SameRead(s_serializer, text, typeof(bool)), text);
        }
    }

    // What the record pass decodes from a page's bytes must be what the text of the same bytes decodes to.
    private static bool SameReadFromBytes(HorreumSerializer serializer, string text, Type type)
    {
        var utf8 = System.Text.Encoding.UTF8.GetBytes(text);
        if (!serializer.TryDecodePlain(utf8, type, out var fromBytes))
        {
            return true; // not a shortcut: the caller takes the text path
        }
        var fromText = serializer.Decode(System.Text.Encoding.UTF8.GetString(utf8), type, "k", "f");
        return Equals(fromText, fromBytes) && fromText?.GetType() == fromBytes?.GetType();
    }

    [Fact]
    public void Stored_bytes_are_read_as_their_text_is()
    {
        Prop.ForAll(Strings().Select(s => "\"" + s + "\"").ToArbitrary(), t => SameReadFromBytes(s_serializer, t, typeof(string))).QuickCheckThrowOnFailure();
        Prop.ForAll(NumberTexts().ToArbitrary(), t =>
            SameReadFromBytes(s_serializer, t, typeof(long)) && SameReadFromBytes(s_serializer, t, typeof(int)) && SameReadFromBytes(s_serializer, t, typeof(int?)))
            .QuickCheckThrowOnFailure();
        foreach (var text in new[] { "true", "false", "True", "1", "\"true\"", " true", "null", "" })
        {
            Assert.True(SameReadFromBytes(s_serializer, text, typeof(bool)), text);
            Assert.True(SameReadFromBytes(s_serializer, text, typeof(string)), text);
        }
        // The shortcut is taken where it applies (not a test that passes by always declining).
        Assert.True(s_serializer.TryDecodePlain("\"plain é\""u8, typeof(string), out var plain));
        Assert.Equal("plain é", plain);
        Assert.True(s_serializer.TryDecodePlain("-42"u8, typeof(long?), out var number));
        Assert.Equal(-42L, number);
        Assert.False(s_serializer.TryDecodePlain("\"a\\nb\""u8, typeof(string), out _));
        Assert.False(s_serializer.TryDecodePlain("007"u8, typeof(int), out _));
    }

    [Fact]
    public void A_user_converter_for_the_type_is_still_used()
    {
        var options = new JsonSerializerOptions();
        options.Converters.Add(new ShoutingStrings());
        options.Converters.Add(new QuotedLongs());
        var serializer = new HorreumSerializer(options);
        Assert.Equal("\"ABC\"", serializer.Encode("abc", typeof(string)));
        Assert.Equal("abc", serializer.Decode("\"ABC\"", typeof(string), "k", "f"));
        Assert.Equal("\"42\"", serializer.Encode(42L, typeof(long)));
        Assert.Equal(42L, serializer.Decode("\"42\"", typeof(long), "k", "f"));
        // The byte shortcut of the record pass steps aside too.
        Assert.False(serializer.TryDecodePlain("\"ABC\""u8, typeof(string), out _));
        Assert.False(serializer.TryDecodePlain("42"u8, typeof(long), out _));
    }

    private sealed class ShoutingStrings : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetString()?.ToLowerInvariant();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToUpperInvariant());
    }

    private sealed class QuotedLongs : JsonConverter<long>
    {
        public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            long.Parse(reader.GetString()!, System.Globalization.CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
