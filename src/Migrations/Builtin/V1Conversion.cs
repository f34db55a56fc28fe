namespace Horreum.Migrations.Builtin;

/// <summary>What to do with one stored value when upgrading v1 → v2.</summary>
public enum V1ConversionKind
{
    /// <summary>Already a valid v2 value for the type: leave it (this is what makes the upgrade idempotent).</summary>
    AlreadyV2,

    /// <summary>A v1 value: write <see cref="V1Conversion.Value"/> in the v2 format.</summary>
    Convert,

    /// <summary>v1's nil (an empty string): remove the field.</summary>
    Remove,

    /// <summary>Neither v2 nor a v1 value of the type: report it and leave it untouched.</summary>
    Invalid,

    /// <summary>Read differently by v1 and v2 (the text <c>null</c> in a string field, see <see cref="V1NullText"/>): left as stored.</summary>
    Ambiguous,
}

/// <summary>The decision for one stored value.</summary>
/// <param name="Kind">What to do.</param>
/// <param name="Value">The typed value to write when converting.</param>
/// <param name="Reason">Why it is invalid.</param>
public sealed record V1Conversion(V1ConversionKind Kind, object? Value = null, string? Reason = null);
