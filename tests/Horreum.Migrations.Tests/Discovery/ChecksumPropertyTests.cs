using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Horreum.Migrations.Tests.Discovery;

/// <summary>
/// Checksums follow a migration's own code: generated files of several migrations are compiled before and after an
/// edit, and exactly the edited migration's checksum changes; unrelated edits, rebuilds and other assembly names
/// change none.
/// </summary>
public sealed class ChecksumPropertyTests
{
    private static readonly string[] s_props = ["Alpha", "Beta", "Gamma", "Delta"];

    // Each example compiles twice or three times (about a second under load), so fewer examples than usual.
    private static readonly Config Config = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(20);

    /// <summary>One generated migration: a string literal property, a stat name literal, a constant, a nameof and a property read in a lambda.</summary>
    public sealed record Spec(string Name, string Stat, int Limit, int NameofProp, int ReadProp);

    public enum Edit { NameText, StatText, Constant, NameofTarget, ReadTarget }

    public enum Noise { None, UnrelatedTypesFirst, ReversedOrder, OtherAssemblyName }

    public sealed record Case(Spec[] Specs, int Target, Edit Edit, Noise Noise)
    {
        public override string ToString() => $"edit {Edit} of m{Target}, noise {Noise}; " + string.Join("; ", Specs.Select(s => s.ToString()));
    }

    private static Gen<string> Text() =>
        from length in Gen.Choose(1, 6)
        from chars in Gen.ArrayOf(Gen.Elements('a', 'b', 'x', 'y', 'z'), length)
        select new string(chars);

    private static Gen<Spec> Specs() =>
        from name in Text()
        from stat in Text()
        from limit in Gen.Choose(0, 1000)
        from nameof in Gen.Choose(0, s_props.Length - 1)
        from read in Gen.Choose(0, s_props.Length - 1)
        select new Spec(name, stat, limit, nameof, read);

    private static Gen<Case> Cases() =>
        from n in Gen.Choose(2, 5)
        from specs in Gen.ArrayOf(Specs(), n)
        from target in Gen.Choose(0, n - 1)
        from edit in Gen.Elements(Enum.GetValues<Edit>())
        from noise in Gen.Elements(Enum.GetValues<Noise>())
        select new Case(specs, target, edit, noise);

    private static string Id(int i) => string.Create(CultureInfo.InvariantCulture, $"20250101_0000{i:00}_m{i}");

    // Same length, other text: the edit that token positions cannot see.
    private static string Other(string text) => (text[0] == 'a' ? 'b' : 'a') + text[1..];

    private static Spec Apply(Spec s, Edit edit) => edit switch
    {
        Edit.NameText => s with { Name = Other(s.Name) },
        Edit.StatText => s with { Stat = s.Stat + "q" },
        Edit.Constant => s with { Limit = s.Limit + 1 },
        Edit.NameofTarget => s with { NameofProp = (s.NameofProp + 1) % s_props.Length },
        _ => s with { ReadProp = (s.ReadProp + 1) % s_props.Length },
    };

    private static string Source(Spec[] specs, Noise noise)
    {
        var types = new List<string>
        {
            "public sealed class Model { " + string.Concat(s_props.Select(p => $"public string {p} {{ get; set; }} = \"\"; ")) + "}",
        };
        for (var i = 0; i < specs.Length; i++)
        {
            var s = specs[i];
            types.Add($$"""
                public sealed class M{{i}} : BaseMigration
                {
                    private const int Limit = {{s.Limit}};
                    public override string Id => "{{Id(i)}}";
                    public string Name => "{{s.Name}}";
                    protected override async Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken)
                    {
                        await Task.Yield();
                        context.TrackStat(Name + nameof(Model.{{s_props[s.NameofProp]}}), Limit);
                        Func<Model, bool> test = m => m.{{s_props[s.ReadProp]}}.Length > Limit;
                        context.TrackStat("{{s.Stat}}", test(new Model()) ? 1 : 0);
                    }
                }
                """);
        }
        if (noise == Noise.UnrelatedTypesFirst)
        {
            types.Insert(0, """
                public static class Unrelated { public static string Greeting => "hello, a longer literal first in the heap"; public static int Answer() => "x".Length + 41; }
                public sealed class MExtra : BaseMigration
                {
                    public override string Id => "20240101_000000_extra";
                    protected override Task MigrateAsync(MigrationContext context, CancellationToken cancellationToken) { context.TrackStat("extra literal"); return Task.CompletedTask; }
                }
                """);
        }
        if (noise == Noise.ReversedOrder)
        {
            types.Reverse();
        }
        var file = new StringBuilder("using System;\nusing System.Threading;\nusing System.Threading.Tasks;\nusing Horreum.Migrations;\nusing Horreum.Migrations.Engine;\nnamespace Generated;\n");
        types.ForEach(t => file.Append(t).Append('\n'));
        return file.ToString();
    }

    private static Dictionary<string, string> Compile(string source, Noise noise) =>
        MigrationCompiler.Checksums(source, noise == Noise.OtherAssemblyName ? "Renamed.Elsewhere" : "Generated");

    [Fact]
    public void Editing_one_migration_changes_its_checksum_and_no_other()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Cases()), c =>
        {
            var before = Compile(Source(c.Specs, Noise.None), Noise.None);
            var edited = c.Specs.Select((s, i) => i == c.Target ? Apply(s, c.Edit) : s).ToArray();
            var after = Compile(Source(edited, c.Noise), c.Noise);
            for (var i = 0; i < c.Specs.Length; i++)
            {
                Assert.StartsWith("il2-", before[Id(i)], StringComparison.Ordinal);
                if (i == c.Target)
                {
                    Assert.True(before[Id(i)] != after[Id(i)], $"the edited {Id(i)} kept its checksum");
                }
                else
                {
                    Assert.True(before[Id(i)] == after[Id(i)], $"{Id(i)} was not edited but its checksum changed");
                }
            }
        }));
    }

    [Fact]
    public void Unrelated_edits_and_rebuilds_keep_every_checksum()
    {
        Check.One(Config, Prop.ForAll(Arb.From(Cases()), c =>
        {
            var source = Source(c.Specs, Noise.None);
            var first = Compile(source, Noise.None);
            Assert.Equal(first, Compile(source, Noise.None));
            var noisy = Compile(Source(c.Specs, c.Noise), c.Noise);
            foreach (var (id, checksum) in first)
            {
                Assert.Equal(checksum, noisy[id]);
            }
        }));
    }
}
