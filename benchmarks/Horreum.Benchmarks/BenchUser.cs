using Horreum.Orm.Modeling;

namespace Horreum.Benchmarks;

/// <summary>
/// The benchmark record: five fields of about 20 bytes, keyed <c>bench:{id}:object</c> with a 12-digit id so that
/// redis-benchmark's <c>__rand_int__</c> (<c>-r</c>) hits the same hashes.
/// </summary>
[Model(Prefix = "bench")]
public sealed class BenchUser
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

    /// <summary>The field the migration changes (19 digits, so 20 bytes as stored with the others).</summary>
    public long Score { get; set; }
}
