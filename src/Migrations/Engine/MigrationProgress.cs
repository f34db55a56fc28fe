namespace Horreum.Migrations.Engine;

/// <summary>A progress report of a Model or Pipeline migration, sent after each page.</summary>
public sealed record MigrationProgress
{
    /// <summary>The migration.</summary>
    public required string MigrationId { get; init; }

    /// <summary>Records read so far (a resumed run includes what was read before the interruption).</summary>
    public long Processed { get; init; }

    /// <summary>Records changed so far (dry run: that would change).</summary>
    public long Modified { get; init; }

    /// <summary>An estimate of the records to read (the model's <c>instances</c> count); null when unknown.</summary>
    public long? EstimatedTotal { get; init; }

    /// <summary>Records read per second by this run.</summary>
    public double RecordsPerSecond { get; init; }

    /// <summary>Estimated time left at the current rate; null when the total or the rate is unknown.</summary>
    public TimeSpan? EstimatedRemaining { get; init; }

    /// <summary>Time since this run started the migration's scan.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>0..1 when the total is known (capped at 1: the estimate can be low).</summary>
    public double? Fraction => EstimatedTotal is > 0 ? Math.Min(1.0, (double)Processed / EstimatedTotal.Value) : null;
}
