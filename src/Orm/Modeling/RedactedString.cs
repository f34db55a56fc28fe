using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Horreum.Orm.Modeling;

/// <summary>
/// A secret held in memory only (a <c>[Transient]</c> property, e.g. a password on its way to a hash). It never
/// prints its value: <see cref="ToString"/>, the debugger and JSON all show <c>[REDACTED]</c>; only
/// <see cref="Reveal"/> returns it.
/// </summary>
[DebuggerDisplay("[REDACTED]")]
[JsonConverter(typeof(RedactedJsonConverter))]
public sealed class RedactedString
{
    /// <summary>What every printed form shows.</summary>
    public const string Placeholder = "[REDACTED]";

    private readonly string _value;

    /// <summary>Wraps <paramref name="value"/>.</summary>
    public RedactedString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
    }

    /// <summary>The secret itself; call it only where the value is used.</summary>
    public string Reveal() => _value;

    /// <summary>Always <c>[REDACTED]</c>.</summary>
    public override string ToString() => Placeholder;
}
