namespace Horreum.Orm.Serialization;

/// <summary>
/// Familia's clock: <c>Familia.now</c> is <c>Time.now.utc.to_f</c>, float seconds since the Unix epoch. Used for
/// timestamps (<c>created</c>/<c>updated</c>) and the <c>{prefix}:instances</c> scores.
/// </summary>
public static class FamiliaTime
{
    /// <summary>Float epoch seconds of <paramref name="instant"/> (100 ns ticks kept as far as a double holds them).</summary>
    public static double ToEpochSeconds(DateTimeOffset instant) =>
        (instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond;

    /// <summary>The instant of float epoch seconds, rounded to the nearest 100 ns tick.</summary>
    /// <exception cref="OverflowException">The number is not finite or outside DateTimeOffset's range.</exception>
    public static DateTimeOffset FromEpochSeconds(double seconds)
    {
        if (!double.IsFinite(seconds))
        {
            throw new OverflowException($"{seconds} is not a finite number of epoch seconds.");
        }
        var ticks = Math.Round(seconds * TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero);
        var max = (double)(DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var min = (double)(DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        if (ticks > max || ticks < min)
        {
            throw new OverflowException($"{seconds} epoch seconds is outside the range of DateTimeOffset.");
        }
        return DateTimeOffset.UnixEpoch.AddTicks((long)ticks);
    }

    /// <summary>The instant of epoch seconds given exactly (e.g. parsed from the stored text), rounded to the nearest 100 ns tick.</summary>
    /// <exception cref="OverflowException">The number is outside DateTimeOffset's range.</exception>
    public static DateTimeOffset FromEpochSeconds(decimal seconds)
    {
        var ticks = Math.Round(seconds * TimeSpan.TicksPerSecond, MidpointRounding.AwayFromZero);
        if (ticks > DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks || ticks < DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks)
        {
            throw new OverflowException($"{seconds} epoch seconds is outside the range of DateTimeOffset.");
        }
        return DateTimeOffset.UnixEpoch.AddTicks((long)ticks);
    }

    /// <summary>Now, as <c>Familia.now</c> gives it.</summary>
    public static double Now(TimeProvider? clock = null) => ToEpochSeconds((clock ?? TimeProvider.System).GetUtcNow());
}
