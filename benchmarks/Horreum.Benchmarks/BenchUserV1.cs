using Horreum.Orm.Modeling;

namespace Horreum.Benchmarks;

/// <summary>
/// <see cref="BenchUser"/>'s fields stored the v1 way (plain strings), under <c>benchv1:{id}:object</c> in database 1,
/// for the built-in v1→v2 upgrade's approach (<c>engine-v1v2</c>).
/// </summary>
[Model(Prefix = "benchv1")]
public sealed class BenchUserV1
{
    /// <summary>12-digit, zero-padded.</summary>
    [Identifier] public string Id { get; set; } = "";

    /// <summary>A name.</summary>
    public string Name { get; set; } = "";

    /// <summary>An e-mail.</summary>
    public string Email { get; set; } = "";

    /// <summary>A city.</summary>
    public string City { get; set; } = "";

    /// <summary>A note.</summary>
    public string Note { get; set; } = "";

    /// <summary>A number (its v1 text is already valid v2).</summary>
    public long Score { get; set; }
}
