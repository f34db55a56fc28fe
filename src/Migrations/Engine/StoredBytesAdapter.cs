using System.Text;
using Horreum.Migrations.Registry;
using Horreum.Orm.Transport;
using StackExchange.Redis;

namespace Horreum.Migrations.Engine;

/// <summary>
/// Runs a byte-level transform (<c>UseStoredBytes</c>) over a record read as strings, for the paths that are not
/// the RESP pipeline: the hash is laid out as the pipeline would see it, and the changes come back as a
/// <see cref="PreparedWrite"/> with the same rules (unchanged values and absent deletions dropped, old values backed up).
/// </summary>
internal static class StoredBytesAdapter
{
    public static PreparedWrite Prepare(string key, KeyValuePair<string, string?>[] pairs, BulkTransform transform)
    {
        var data = new List<byte>();
        var fields = new BulkField[pairs.Length];
        for (var i = 0; i < pairs.Length; i++)
        {
            var name = Encoding.UTF8.GetBytes(pairs[i].Key);
            var value = Encoding.UTF8.GetBytes(pairs[i].Value ?? "");
            fields[i] = new BulkField(data.Count, name.Length, data.Count + name.Length, value.Length);
            data.AddRange(name);
            data.AddRange(value);
        }
        var keyBytes = Encoding.UTF8.GetBytes(key);
        var bytes = data.ToArray();
        var record = new BulkRecord(keyBytes, bytes, fields);
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
