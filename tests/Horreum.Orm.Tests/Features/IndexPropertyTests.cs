using FsCheck;
using FsCheck.Xunit;
using Horreum.Orm.Features;
using Horreum.Orm.Tests.Features.Golden;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Features;

/// <summary>After any sequence of saves, partial saves and destroys, every index equals what a rebuild from the records gives.</summary>
public sealed class IndexPropertyTests(RedisFixture redis)
{
    private static readonly string[] s_ids = ["01a2372a-0000-7000-8000-000000000001", "01a2372a-0000-7000-8000-000000000002", "01a2372a-0000-7000-8000-000000000003", "id:with:colons"];
    private static readonly string?[] s_emails = [null, "a@example.com", "b@example.com", "c@example.com"];
    private static readonly string?[] s_roles = [null, "admin", "user", "x y"];

    [Property(MaxTest = 30)]
    public async Task<bool> Indexes_equal_a_rebuild_after_any_sequence_of_writes(int[] ops)
    {
        var client = TestClients.Create(redis, out var ns);
        var repo = client.Repository<Customer>();
        foreach (var op in ops.Take(25))
        {
            var code = Math.Abs(op % 1000);
            var id = s_ids[code % s_ids.Length];
            var email = s_emails[code / 4 % s_emails.Length];
            var role = s_roles[code / 16 % s_roles.Length];
            switch (code / 64 % 3)
            {
                case 0:
                    var c = await repo.LoadAsync(id) ?? new Customer { Objid = id };
                    c.Email = email;
                    c.Role = role;
                    await SaveExpectingConflicts(repo, c, email, () => repo.SaveAsync(c));
                    break;
                case 1:
                    var p = await repo.LoadAsync(id);
                    if (p is not null)
                    {
                        p.Role = role;
                        await repo.SaveFieldsAsync(p, ["Role"]);
                    }
                    break;
                default:
                    await repo.DestroyByIdAsync(id);
                    break;
            }
        }
        return await IndexesMatchRecords(repo, ns);
    }

    private static async Task SaveExpectingConflicts(ModelRepository<Customer> repo, Customer c, string? email, Func<Task> save)
    {
        try
        {
            await save();
        }
        catch (RecordExistsException ex)
        {
            // Only a conflict with another live record holding the same email is a legitimate refusal.
            var holder = await repo.FindByAsync("email_lookup", email!);
            Assert.True(holder is not null && holder.Objid != c.Objid && ex.ExistingId == holder.Objid, $"refused {c.Objid} {email} without a live holder");
        }
    }

    private async Task<bool> IndexesMatchRecords(ModelRepository<Customer> repo, string ns)
    {
        var records = (await repo.LoadManyAsync(s_ids)).Where(r => r is not null).Select(r => r!).ToList();
        var db = redis.Db;
        var email = (await db.HashGetAllAsync($"{ns}:customer:email_lookup")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        var expectedEmail = records.Where(r => r.Email is not null).ToDictionary(r => r.Email!, r => r.Objid);
        var objid = (await db.HashGetAllAsync($"{ns}:customer:objid_lookup")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        var expectedObjid = records.ToDictionary(r => r.Objid, r => $"\"{r.Objid}\"");
        var extid = (await db.HashGetAllAsync($"{ns}:customer:extid_lookup")).ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        var expectedExtid = records.ToDictionary(r => ExternalIdentifierFeature.Derive(r.Objid), r => $"\"{r.Objid}\"");
        var roleKeys = (await redis.KeysAsync($"{ns}:customer:role_index:")).ToList();
        var roles = new Dictionary<string, string>();
        foreach (var key in roleKeys)
        {
            var members = (await db.SetMembersAsync(key)).Select(m => (string)m!).Order(StringComparer.Ordinal);
            roles[key[$"{ns}:customer:role_index:".Length..]] = string.Join(",", members);
        }
        var expectedRoles = records.Where(r => r.Role is not null).GroupBy(r => r.Role!)
            .ToDictionary(g => g.Key, g => string.Join(",", g.Select(r => r.Objid).Order(StringComparer.Ordinal)));
        Assert.Equal(expectedEmail.OrderBy(e => e.Key), email.OrderBy(e => e.Key));
        Assert.Equal(expectedObjid.OrderBy(e => e.Key), objid.OrderBy(e => e.Key));
        Assert.Equal(expectedExtid.OrderBy(e => e.Key), extid.OrderBy(e => e.Key));
        Assert.Equal(expectedRoles.OrderBy(e => e.Key), roles.OrderBy(e => e.Key));
        return true;
    }
}
