using System.Globalization;
using System.Text.RegularExpressions;

namespace Horreum.Migrations.Planning;

/// <summary>The migration id format: <c>yyyyMMdd_HHmmss_snake_name</c>, e.g. <c>20250131_142500_rename_email</c>.</summary>
internal static partial class MigrationIds
{
    /// <summary>The format, as documentation and error text show it.</summary>
    public const string Format = "yyyyMMdd_HHmmss_snake_name";

    /// <summary>
    /// True when <paramref name="id"/> is a real date and time (UTC by convention) followed by a
    /// snake_case name: lower-case letters and digits in words joined by single underscores, starting with a letter.
    /// </summary>
    /// <param name="id">The id to check.</param>
    public static bool IsValid(string? id) => id is not null && TryGetTimestamp(id, out _);

    /// <summary>Reads the timestamp part of a well-formed id.</summary>
    /// <param name="id">The id.</param>
    /// <param name="timestamp">The timestamp, as UTC, when the id is well-formed.</param>
    /// <returns>False when the id is malformed (including impossible dates like 20250230).</returns>
    public static bool TryGetTimestamp(string id, out DateTime timestamp)
    {
        timestamp = default;
        if (id is null || !Shape().IsMatch(id))
        {
            return false;
        }
        return DateTime.TryParseExact(id.AsSpan(0, 15), "yyyyMMdd_HHmmss", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out timestamp);
    }

    // ECMAScript so \d means ASCII digits only; \z so a trailing newline is not accepted.
    [GeneratedRegex(@"^\d{8}_\d{6}_[a-z][a-z0-9]*(_[a-z0-9]+)*\z", RegexOptions.ECMAScript | RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
