using Horreum.Migrations.Engine;
using Horreum.Migrations.Planning;

namespace Horreum.Migrations;

/// <summary>
/// The lifecycle every migration shares: prepare → needed? → (dry run: plan) / (run: apply) → verify → record.
/// Derive from <see cref="BaseMigration"/>, <see cref="ModelMigration{T}"/> or <see cref="PipelineMigration{T}"/>.
/// </summary>
public abstract class Migration
{
    /// <summary>The id, <c>yyyyMMdd_HHmmss_snake_name</c>; unique; the order's tie-breaker.</summary>
    public abstract string Id { get; }

    /// <summary>What the migration does, for people (part of the checksum).</summary>
    public virtual string Description => "";

    /// <summary>Ids of migrations that must be applied first.</summary>
    public virtual IReadOnlyList<string> DependsOn => [];

    /// <summary>Whether a rollback can undo it (<see cref="DownAsync"/> and/or field backups).</summary>
    public virtual bool IsReversible => false;

    /// <summary>Record errors tolerated before the migration ends failed (default 0).</summary>
    public virtual int MaxErrors => 0;

    /// <summary>When true, any number of record errors is tolerated (they are still counted and listed).</summary>
    public virtual bool ContinueOnError => false;

    /// <summary>
    /// Model/Pipeline migrations: check each record against the model's JSON Schema before the transform (default
    /// off; count; or fail the record). The model must have a schema (a clear error otherwise).
    /// </summary>
    public virtual Horreum.Orm.Schema.SchemaValidationPolicy ValidateBefore => Horreum.Orm.Schema.SchemaValidationPolicy.Off;

    /// <summary>As <see cref="ValidateBefore"/>, after the transform: a failing record is not written under <c>Fail</c>.</summary>
    public virtual Horreum.Orm.Schema.SchemaValidationPolicy ValidateAfter => Horreum.Orm.Schema.SchemaValidationPolicy.Off;

    /// <summary>
    /// Whether the model's features see this migration's record writes as they see a save (default true): a model
    /// with <c>[Feature("schema_validation")]</c> has each changed record validated after the change (as
    /// <see cref="ValidateAfter"/> = <c>Fail</c> would, unless <see cref="ValidateAfter"/> says otherwise), so an
    /// invalid record is a record error and is not written; <c>expiration</c> keeps each record's time to live
    /// (field writes never touch it). Override to false to write without them (for a migration that repairs data
    /// the schema does not accept yet). The byte-level kind (<c>UseStoredBytes</c>) cannot validate and is
    /// refused on a model with schema validation unless this is false.
    /// </summary>
    public virtual bool UseModelFeatures => true;

    /// <summary>Records per SCAN page and pipelined batch (default 500).</summary>
    public virtual int BatchSize => 500;

    /// <summary>Runs first, in dry runs too; load reference data or check preconditions here (throw to fail).</summary>
    public virtual Task PrepareAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Whether there is work to do; when not, the migration is recorded <c>not_applicable</c> with the reason.</summary>
    public virtual Task<Necessity> IsNeededAsync(MigrationContext context, CancellationToken cancellationToken) => Task.FromResult(Necessity.Needed);

    /// <summary>Checks the result after a real run (and a dry run); return a message to fail the migration.</summary>
    public virtual Task<string?> VerifyAsync(MigrationContext context, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// Undoes what field backups cannot during a rollback (writes through <see cref="MigrationContext.WriteAsync"/>, so a
    /// dry-run rollback only previews). The runner restores the migration's field backups after this. The default does
    /// nothing: a migration that changes fields through <c>WriteFieldsAsync</c> (backups on) is undone by its backups
    /// alone once <see cref="IsReversible"/> says so; override it for work backups do not cover (keys created, renames).
    /// </summary>
    public virtual Task DownAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Does the kind-specific work.</summary>
    internal abstract Task ExecuteAsync(MigrationContext context, CancellationToken cancellationToken);

    /// <summary>The descriptor the planner orders.</summary>
    internal MigrationDescriptor Describe() => new(Id, Description, DependsOn);

    /// <summary>
    /// A checksum of what the migration does: its id, description and code (the IL of its own type, of the lambdas and
    /// state machines the compiler nests in it, and of base classes outside Horreum, with string literals and member
    /// references resolved to their text). It changes exactly when that code or its constants change, never with an
    /// unrelated edit elsewhere in the assembly, a rebuild or another machine; validate reports an applied migration
    /// whose checksum changed.
    /// </summary>
    public string ComputeChecksum() => Discovery.CodeChecksum.Of(this);
}
