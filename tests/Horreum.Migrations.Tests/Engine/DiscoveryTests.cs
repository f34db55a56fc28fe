using Horreum.Migrations.Discovery;
using Horreum.Migrations.Engine;

namespace Horreum.Migrations.Tests.Engine;

public sealed class DiscoveryTests
{
    [Fact]
    public void FromTypes_registers_concrete_migrations_only()
    {
        var found = MigrationDiscovery.FromTypes([typeof(AbstractOne), typeof(GenericOne<>), typeof(ConcreteOne), typeof(string), typeof(PipelineMigration<Person>)]);
        Assert.Equal(["20250201_000000_concrete"], found.Select(m => m.Id));
    }

    [Fact]
    public void FromTypes_fails_fast_on_duplicate_ids()
    {
        var ex = Assert.Throws<HorreumMigrationException>(() => MigrationDiscovery.FromTypes([typeof(ConcreteOne), typeof(SameIdAsConcrete)]));
        Assert.Contains("20250201_000000_concrete", ex.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(SameIdAsConcrete), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checksum_changes_with_code_and_is_stable_otherwise()
    {
        Assert.Equal(new ConcreteOne().ComputeChecksum(), new ConcreteOne().ComputeChecksum());
        Assert.NotEqual(new ConcreteOne().ComputeChecksum(), new SameIdAsConcrete().ComputeChecksum());
    }

    public abstract class AbstractOne : BaseMigration
    {
        public override string Id => "20250201_000000_abstract";
    }

    public sealed class GenericOne<T> : BaseMigration
    {
        public override string Id => "20250201_000000_generic";
        protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class ConcreteOne : BaseMigration
    {
        public override string Id => "20250201_000000_concrete";
        protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class SameIdAsConcrete : BaseMigration
    {
        public override string Id => "20250201_000000_concrete";
        protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
        {
            context.TrackStat("different code");
            return Task.CompletedTask;
        }
    }
}
