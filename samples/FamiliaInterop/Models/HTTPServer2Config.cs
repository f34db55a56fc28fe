using Horreum.Orm.Modeling;

namespace FamiliaInterop.Models;

/// <summary>Ruby <c>Acme::HTTPServer2Config</c> (prefix <c>http_server2config</c>).</summary>
[Model(Profile = StorageProfile.Familia, ClassName = "Acme::HTTPServer2Config")]
#pragma warning disable CA1707 // the name mirrors the Ruby class
public sealed class HTTPServer2Config
#pragma warning restore CA1707
{
    /// <summary><c>field :id</c>.</summary>
    [Identifier] public string Id { get; set; } = "";

    /// <summary><c>field :port</c>.</summary>
    public long? Port { get; set; }
}
