using Horreum.Orm.Modeling;

namespace Horreum.Orm.Features;

/// <summary>
/// Where the record features keep their keys and how they write their members, in Familia's layout (README of the
/// golden data): class-level indexes at <c>{prefix}:{name}</c>, multi-index sets at <c>{prefix}:{name}:{value}</c>,
/// unique-index values as raw identifiers, lookup values and participation members as JSON text.
/// </summary>
internal static class FeatureKeys
{
    /// <summary>The participations set's name under the record.</summary>
    public const string ParticipationsName = "participations";

    public static string ClassIndex(ModelKeys keys, string name) => keys.ClassKey(name);

    public static string MultiIndex(ModelKeys keys, string name, string value) => keys.ClassKey(name) + ":" + value;

    /// <summary>The objid/extid lookup's value: the record's identifier as JSON text (<c>"…"</c> for a string).</summary>
    public static string LookupMember(FeatureWrite write) =>
        write.Codec.Encode(write.Model.Identifier.GetValue(write.Record), write.Model.Identifier.Type)!;

    public static string Participations(ModelKeys keys, string rawId) => keys.RelatedKey(rawId, ParticipationsName);

    /// <summary>A participations member: the collection's key as a JSON string (raw UTF-8, as Familia writes it).</summary>
    public static string ParticipationMember(Serialization.IValueCodec serializer, string collectionKey) => serializer.Encode(collectionKey, typeof(string))!;

    /// <summary>The collection key named by a participations member (tolerates a raw key).</summary>
    public static string CollectionFromMember(string member) =>
        member.StartsWith('"') ? System.Text.Json.JsonSerializer.Deserialize<string>(member)! : member;
}
