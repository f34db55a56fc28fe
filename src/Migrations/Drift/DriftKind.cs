namespace Horreum.Migrations.Drift;

/// <summary>The three kinds of drift.</summary>
public enum DriftKind
{
    /// <summary>The models' fields, types and features differ from the fingerprint stored after the last run.</summary>
    Model,

    /// <summary>Applied migrations whose code changed or is gone.</summary>
    History,

    /// <summary>Stored records that fail their schema or are not in the v2 format.</summary>
    Data,
}
