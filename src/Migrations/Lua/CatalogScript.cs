using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Horreum.Migrations.Lua;

/// <summary>A Lua script registered in a <see cref="LuaCatalog"/>: its name, source and the SHA-1 Redis knows it by.</summary>
public sealed class CatalogScript
{
    internal CatalogScript(string name, string source)
    {
        Name = name;
        Source = source;
        Hash = Sha1Of(source);
        Sha1 = Convert.ToHexStringLower(Hash);
    }

    /// <summary>The catalog name (snake_case).</summary>
    public string Name { get; }

    /// <summary>The Lua source, as sent with EVAL.</summary>
    public string Source { get; }

    /// <summary>The lower-case hex SHA-1 of the source, as EVALSHA and SCRIPT EXISTS take it.</summary>
    public string Sha1 { get; }

    internal byte[] Hash { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Sha1})";

    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "Redis names scripts by SHA-1; this is an identifier, not a security control.")]
    private static byte[] Sha1Of(string source) => SHA1.HashData(Encoding.UTF8.GetBytes(source));
}
