using Horreum.Migrations;
using Horreum.Migrations.Engine;

namespace Horreum.Cli.Tests.Fixtures;

/// <summary>Written like the docs' DeriveEmail example: reversible through its field backups, no DownAsync.</summary>
public sealed class MemberDeriveEmail : ModelMigration<Member>
{
    public const string MigrationId = "20250301_000000_member_derive_email";

    public override string Id => MigrationId;

    public override bool IsReversible => true;

    protected override async Task ProcessRecordAsync(Member record, string key, MigrationContext context, CancellationToken cancellationToken)
    {
        if (record.Email is not null)
        {
            return;
        }
        await WriteFieldsAsync(context, key, new FieldChanges().Set(nameof(Member.Email), $"{record.Id}@example.test"), cancellationToken);
    }
}
