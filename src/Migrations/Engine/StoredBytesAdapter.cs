using System.Text;
using Horreum.Migrations.Registry;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// Runs a byte-level transform (<c>UseStoredBytes</c>) over a record of the pass's page, for the paths that are not
/// the RESP pipeline's own loop: the changes come back as a
/// <see cref="PreparedWrite"/> with the same rules (unchanged values and absent deletions dropped, old values backed up).
/// </summary>
internal static class StoredBytesAdapter
{
    public static PreparedWrite Prepare(string key, BulkRecord record, BulkTransform transform)
    {
        var changes = new BulkChanges();
        transform(record, changes);
        var page = new StoredPage();
        var sets = new List<FieldWrite>();
        var removes = new List<FieldWrite>();
        if (page.AddRecord(record, changes) > 0)
        {
            var first = page.FirstOp(0);
            for (var op = first; op < first + page.Sets(0) + page.Deletes(0); op++)
            {
                var field = Encoding.UTF8.GetString(page.Name(op));
                var oldBytes = page.Old(op, out var present);
                var old = present ? Encoding.UTF8.GetString(oldBytes) : null;
                if (op < first + page.Sets(0))
                {
                    sets.Add(new FieldWrite(field, Encoding.UTF8.GetString(page.Value(op)), old));
                }
                else
                {
                    removes.Add(new FieldWrite(field, null, old));
                }
            }
        }
        return new PreparedWrite(key, sets.ToArray(), removes.ToArray());
    }
}
