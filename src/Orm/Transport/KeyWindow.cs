namespace Horreum.Orm.Transport;

/// <summary>
/// The keys one page of a reader of given keys read: <paramref name="Start"/> (their index among the reader's keys),
/// <paramref name="Count"/> of them, their commands sent at <paramref name="Sent"/> (a Stopwatch timestamp).
/// </summary>
internal readonly record struct KeyWindow(int Start, int Count, long Sent);
