namespace Horreum.Migrations.Drift;

/// <summary>How much a difference matters; a report is as severe as its worst item.</summary>
public enum DriftSeverity
{
    /// <summary>No difference.</summary>
    None,

    /// <summary>Something new (a field, a model): old data still reads.</summary>
    Additive,

    /// <summary>Something changed or went away: data may be left behind or a migration was edited.</summary>
    Changed,

    /// <summary>Stored data no longer reads as the model says (type or storage name changed, invalid values).</summary>
    Incompatible,
}
