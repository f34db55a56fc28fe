namespace Horreum.Orm.Transport;

/// <summary>Save-many's answer to a refused write on the RESP window: the record is marked refused on its page (never reported saved).</summary>
internal sealed class SaveManyRefusals : IWriteRefusals
{
    public static SaveManyRefusals Instance { get; } = new();

    public void Refused(IRecordKeys page, int index, long fields, RedisReplyException error) => ((SaveManyPage)page).Refuse(index, error);
}
