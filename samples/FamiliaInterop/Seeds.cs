using System.Numerics;
using FamiliaInterop.Models;
using Horreum.Orm.Modeling;

namespace FamiliaInterop;

/// <summary>A varied, reproducible set of objects: tricky strings, big and negative numbers, floats, nested values, ids with ':' and spaces.</summary>
internal sealed class Seeds(int seed)
{
    private static readonly string[] s_strings =
    [
        "hello", "007", "true", "null", "", "{\"a\":1}", "[1,2]", "42", "3.14", "🙂", "é", "a\u2028b", "say \"hi\" \\ back\\slash",
        "a/b</script>", "tab\tnl\ncr\rnul\0bell\a", "del\u007Fc1\u0085", "<&>'", "  padded  ", "a:b:c", "𝄞漢字",
    ];

    private static readonly string[] s_ids = ["a:b c", "with space", "plain", "ünï 🙂", "007", "x:y:z", "tab\tid"];

    private readonly Random _random = new(seed);

    public IEnumerable<ValueSample> ValueSamples()
    {
        for (var i = 0; i < 40; i++)
        {
            yield return new ValueSample { CaseId = $"seed {seed}:{i}", V = Value(depth: 0) };
        }
    }

    public IEnumerable<Widget> Widgets()
    {
        for (var i = 0; i < 5; i++)
        {
            yield return new Widget
            {
                Wid = $"w{seed}:{i} {Pick(s_ids)}",
                Name = Pick(s_strings),
                Count = _random.Next(2) == 0 ? _random.NextInt64(long.MinValue, long.MaxValue) : _random.Next(-5, 5),
                Ratio = Float(),
                Active = _random.Next(3) switch { 0 => true, 1 => false, _ => null },
                TagsArr = [.. Enumerable.Range(0, _random.Next(4)).Select(_ => Pick(s_strings))],
                Meta = new Dictionary<string, object?> { ["k"] = Pick(s_strings), ["n"] = (long)_random.Next(), ["nested"] = new Dictionary<string, object?> { ["x"] = new List<object?> { 1L, Float() } } },
            };
        }
    }

    public IEnumerable<Item2Count> Items() => s_ids.Select((id, i) => new Item2Count { Id = $"{id} {seed}", Qty = i * 10 - 20 });

    public IEnumerable<HTTPServer2Config> Servers()
    {
        yield return new HTTPServer2Config { Id = $"srv {seed}", Port = _random.Next(1, 65536) };
    }

    public IEnumerable<CustomKeyed> CustomKeyed()
    {
        yield return new CustomKeyed { Id = $"k{seed}", Label = Pick(s_strings) };
    }

    public IEnumerable<Session2> Sessions()
    {
        yield return new Session2 { Sid = $"sess {seed}", User = Pick(s_strings) };
    }

    public IEnumerable<Team> Teams()
    {
        yield return new Team { TeamId = $"red {seed}", Name = "Red " + Pick(s_strings) };
        yield return new Team { TeamId = $"blue:{seed}", Name = Pick(s_strings) };
    }

    /// <summary>Customers (objid and extid made on save), each with a few history entries and flags.</summary>
    public IEnumerable<(Customer Customer, string[] History, string[] Flags)> Customers()
    {
        string[] roles = ["admin", "user", "user", "guest"];
        for (var i = 0; i < 6; i++)
        {
            var customer = new Customer
            {
                Email = $"c{i}.seed{seed}@example.com",
                Role = roles[_random.Next(roles.Length)],
                Plan = _random.Next(3) switch { 0 => "pro", 1 => "free", _ => null },
            };
            yield return (customer, [.. Enumerable.Range(0, _random.Next(3)).Select(_ => Pick(s_strings))], [.. Enumerable.Range(0, _random.Next(3)).Select(_ => Pick(s_strings))]);
        }
    }

    public IEnumerable<HexThing> HexThings()
    {
        yield return new HexThing { Name = Pick(s_strings) };
    }

    public IEnumerable<V4Thing> V4Things()
    {
        yield return new V4Thing { Name = Pick(s_strings) };
    }

    /// <summary>Vaults whose secret and pin are tricky strings; the transient password is set and never stored.</summary>
    public IEnumerable<Vault> Vaults()
    {
        for (var i = 0; i < 3; i++)
        {
            yield return new Vault
            {
                Vid = $"v{seed}:{i}",
                Label = Pick(s_strings),
                Secret = ConcealedString.From(Pick(s_strings)),
                Pin = _random.Next(4) == 0 ? null : ConcealedString.From(_random.Next(10000).ToString("D4", System.Globalization.CultureInfo.InvariantCulture)),
                Password = new RedactedString("hunter2-" + seed),
            };
        }
    }

    private string Pick(string[] values) => values[_random.Next(values.Length)];

    /// <summary>Floats with up to 15 significant digits (what Familia keeps), whole ones, tiny and huge ones.</summary>
    private double Float() => _random.Next(6) switch
    {
        0 => Math.Round(_random.NextDouble() * 1000, _random.Next(1, 8)),
        1 => -Math.Round(_random.NextDouble() * 1e6, 3),
        2 => _random.Next(-1000, 1000),
        3 => double.Parse($"1.{_random.Next(1000)}e{_random.Next(-300, 300)}", System.Globalization.CultureInfo.InvariantCulture),
        4 => 1e15 * _random.Next(1, 9),
        _ => 0.1,
    };

    private object? Value(int depth) => _random.Next(depth < 2 ? 9 : 6) switch
    {
        0 => Pick(s_strings),
        1 => _random.NextInt64(long.MinValue, long.MaxValue),
        2 => BigInteger.Pow(2, 64 + _random.Next(64)) * (_random.Next(2) == 0 ? 1 : -1),
        3 => Float(),
        4 => _random.Next(2) == 0,
        5 => (long)_random.Next(-10, 10),
        6 => new List<object?>(Enumerable.Range(0, _random.Next(4)).Select(_ => Value(depth + 1))),
        7 => Enumerable.Range(0, _random.Next(4)).ToDictionary(i => Pick(s_strings) + i, _ => Value(depth + 1)),
        _ => null,
    };
}
