using System.Runtime.ExceptionServices;
using Horreum.Migrations.Builtin;
using Horreum.Orm.Serialization;

namespace Horreum.Migrations.Tests.Builtin;

/// <summary>
/// Classifying v1 values and reading them leniently is the per-field work of the v1→v2 upgrade and of a dry run's
/// lenient preview: it must not throw and catch an exception per value (that made the dry run slower than the run).
/// </summary>
public sealed class V1ExceptionFreeTests
{
    private static readonly (string Raw, Type Type)[] s_v1 =
    [
        ("Customer 42", typeof(string)), ("00042", typeof(string)), ("1", typeof(bool)), ("0", typeof(bool)),
        ("2023-01-01T00:42:00Z", typeof(DateTime)), ("2023-01-01T00:42:00Z", typeof(DateTimeOffset?)), ("Blue", typeof(Color)),
        ("1700000000", typeof(DateTime)), ("6f9619ff-8b86-d011-b42d-00cf4fc964ff", typeof(Guid)),
    ];

    private static int FirstChanceExceptionsOnThisThread(Action work)
    {
        var thread = Environment.CurrentManagedThreadId;
        var count = 0;
        void Count(object? sender, FirstChanceExceptionEventArgs e)
        {
            if (Environment.CurrentManagedThreadId == thread)
            {
                Interlocked.Increment(ref count);
            }
        }
        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            work();
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }
        return count;
    }

    [Fact]
    public void Classifying_and_lenient_reads_of_v1_values_throw_nothing()
    {
        var serializer = HorreumSerializer.Default;
        var thrown = FirstChanceExceptionsOnThisThread(() =>
        {
            foreach (var (raw, type) in s_v1)
            {
                Assert.Equal(V1ConversionKind.Convert, V1Values.Classify(raw, type, serializer).Kind);
                Assert.NotNull(serializer.Decode(raw, type, "k", "f", ReadMode.Lenient));
                Assert.False(serializer.IsV2(raw, type));
            }
        });
        Assert.Equal(0, thrown);
    }
}
