namespace Horreum.Orm.Instrumentation;

/// <summary>What happened to a record.</summary>
public enum LifecycleKind
{
    /// <summary>Created (did not exist before).</summary>
    Created,

    /// <summary>Saved (whole record).</summary>
    Saved,

    /// <summary>Some fields saved.</summary>
    FieldsSaved,

    /// <summary>Loaded.</summary>
    Loaded,

    /// <summary>Reloaded into an existing instance.</summary>
    Refreshed,

    /// <summary>Destroyed.</summary>
    Destroyed,
}
