using System.Text.Json;
using Horreum.Orm.Modeling;

namespace Horreum.Orm.Serialization;

/// <summary>A profile's naming rule for property names of objects nested inside values (dictionary keys stay as given).</summary>
internal sealed class ProfileNamingPolicy(StorageProfile profile) : JsonNamingPolicy
{
    public override string ConvertName(string name) => Naming.For(profile, name);
}
