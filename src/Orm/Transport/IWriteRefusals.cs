namespace Horreum.Orm.Transport;

/// <summary>Who hears that Redis refused a record's write on a <see cref="WriteWindow"/> (the pass's counts, save-many's failures).</summary>
internal interface IWriteRefusals
{
    /// <summary>
    /// Record <paramref name="index"/> of <paramref name="page"/> was refused (once per record and flush, however
    /// many of its commands failed); <paramref name="fields"/> is what the record was tagged with.
    /// </summary>
    void Refused(IRecordKeys page, int index, long fields, RedisReplyException error);
}
