using Horreum.Orm.Transport;

namespace Horreum.Migrations.Engine;

/// <summary>A migration's answer to a record write Redis refused: the record is a record error naming its key, and its change is taken out of the counts.</summary>
internal sealed class RefusedRecordWrites(MigrationContext context) : IWriteRefusals
{
    public void Refused(IRecordKeys page, int index, long fields, RedisReplyException error)
    {
        context.UncountChange(fields);
        context.RecordError(page.KeyAt(index), error);
    }
}
