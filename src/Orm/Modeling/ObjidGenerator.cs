namespace Horreum.Orm.Modeling;

/// <summary>How <c>object_identifier</c> makes a new objid (Familia's generators).</summary>
public enum ObjidGenerator
{
    /// <summary>A time-ordered UUID v7, lowercase and hyphenated (Familia's default).</summary>
    UuidV7,

    /// <summary>A random UUID v4, lowercase and hyphenated.</summary>
    UuidV4,

    /// <summary>64 lowercase hex characters (256 random bits).</summary>
    Hex,
}
