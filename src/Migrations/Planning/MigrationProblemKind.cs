namespace Horreum.Migrations.Planning;

/// <summary>What is wrong with a set of migrations.</summary>
public enum MigrationProblemKind
{
    /// <summary>The id does not follow <c>yyyyMMdd_HHmmss_snake_name</c>.</summary>
    MalformedId,

    /// <summary>Two or more migrations share an id.</summary>
    DuplicateId,

    /// <summary>A migration depends on an id that is not registered.</summary>
    MissingDependency,

    /// <summary>Migrations depend on each other in a cycle (a migration depending on itself included).</summary>
    Cycle,

    /// <summary>An applied migration's code or description changed since it was applied (<c>repair</c> re-stamps).</summary>
    ChecksumChanged,

    /// <summary>The registry says a migration was applied, but no migration with that id is loaded.</summary>
    CodeMissing,
}
