using System.Diagnostics;
using Horreum.Orm.Features;
using Horreum.Orm.Modeling;

namespace Horreum.Orm;

/// <summary>Joining and leaving other models' collections (<see cref="ParticipatesInAttribute"/>), both sides in one MULTI.</summary>
public sealed partial class ModelRepository<T>
{
    /// <summary>
    /// Adds <paramref name="record"/> to the collection <paramref name="collection"/> of the <typeparamref name="TTarget"/>
    /// record <paramref name="targetId"/> (a sorted set scored by the declared score field, or the time now), and
    /// names that collection in the record's <c>participations</c> set, in one transaction.
    /// </summary>
    public Task AddToAsync<TTarget>(T record, object targetId, string collection, CancellationToken cancellationToken = default)
        where TTarget : class =>
        ChangeParticipationAsync<TTarget>(record, targetId, collection, join: true, cancellationToken);

    /// <summary>Removes <paramref name="record"/> from the collection and from its <c>participations</c>, in one transaction.</summary>
    public Task RemoveFromAsync<TTarget>(T record, object targetId, string collection, CancellationToken cancellationToken = default)
        where TTarget : class =>
        ChangeParticipationAsync<TTarget>(record, targetId, collection, join: false, cancellationToken);

    /// <summary>The keys of every collection the record has joined.</summary>
    public async Task<IReadOnlyList<string>> ParticipationsAsync(T record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        cancellationToken.ThrowIfCancellationRequested();
        var key = FeatureKeys.Participations(Keys, Model.IdOf(record));
        var members = await ReadAsync("SMEMBERS", key, db => db.SetMembersAsync(key)).ConfigureAwait(false);
        return members.Select(m => FeatureKeys.CollectionFromMember(m!)).Order(StringComparer.Ordinal).ToArray();
    }

    private async Task ChangeParticipationAsync<TTarget>(T record, object targetId, string collection, bool join, CancellationToken cancellationToken)
        where TTarget : class
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(targetId);
        ArgumentNullException.ThrowIfNull(collection);
        cancellationToken.ThrowIfCancellationRequested();
        var participation = Model.Participations.FirstOrDefault(p => p.Target == typeof(TTarget) && p.Collection == collection)
            ?? throw new ArgumentException($"{typeof(T).Name} declares no [ParticipatesIn(typeof({typeof(TTarget).Name}), \"{collection}\")].", nameof(collection));
        var rawId = Model.IdOf(record);
        var target = _client.Repository<TTarget>();
        var collectionKey = target.Keys.RelatedKey(target.Model.RawId(targetId), collection);
        var participations = FeatureKeys.Participations(Keys, rawId);
        var member = FeatureKeys.ParticipationMember(Codec, collectionKey);
        var commands = new List<KeyedCommand>();
        if (join)
        {
            commands.Add(KeyedCommand.SortedSetAdd(collectionKey, Score(record, participation), rawId));
            commands.Add(KeyedCommand.SetAdd(participations, member));
            if (target.Model.Expiration is { } targetTtl)
            {
                commands.Add(KeyedCommand.Expire(collectionKey, targetTtl));
            }
            if (Model.Expiration is { } ttl)
            {
                commands.Add(KeyedCommand.Expire(participations, ttl));
            }
        }
        else
        {
            commands.Add(KeyedCommand.SortedSetRemove(collectionKey, rawId));
            commands.Add(KeyedCommand.SetRemove(participations, member));
        }
        foreach (var command in commands)
        {
            Notifier.Command(command.Name, command.Key);
        }
        var sw = Stopwatch.StartNew();
        var operation = join ? "participate" : "leave";
        await ExecuteAsync(commands, participations, [], operation).ConfigureAwait(false);
        Notifier.Pipeline(operation, commands.Count, sw.Elapsed);
    }

    private static double Score(T record, ParticipationMetadata participation)
    {
        var value = participation.Score?.GetValue(record);
        return value is null
            ? DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0
            : Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
