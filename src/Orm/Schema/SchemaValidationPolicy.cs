namespace Horreum.Orm.Schema;

/// <summary>
/// What a bulk operation (a Model or Pipeline migration, a data drift check) does with records that fail their
/// model's JSON Schema. Saves through the mapper are not governed by this: the <c>schema_validation</c> feature
/// always refuses an invalid record.
/// </summary>
public enum SchemaValidationPolicy
{
    /// <summary>Records are not validated (the default, so validation costs nothing unless asked for).</summary>
    Off = 0,

    /// <summary>Records are validated and invalid ones counted and listed with their keys; the run goes on.</summary>
    Count = 1,

    /// <summary>An invalid record is a per-record error: it is not written, and counts against the error policy.</summary>
    Fail = 2,
}
