using System.Collections.Concurrent;
using Horreum.Orm.Connections;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// The entry point of the mapper: a connection, the serializer and one repository per model type.
/// Thread-safe; create one per application and share it.
/// </summary>
public sealed partial class HorreumClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, object> _repositories = new();
    private readonly bool _ownsConnection;
    private readonly Lazy<bool> _isCluster;
    private readonly Transport.StackExchangeRecordTransport _stackExchange;
    private readonly Lazy<Transport.RecordTransport> _transport;
    private int _disposed;

    /// <summary>Wraps an existing connection (not disposed with the client).</summary>
    public HorreumClient(IConnectionMultiplexer connection, HorreumOptions? options = null)
        : this(connection, options, ownsConnection: false)
    {
    }

    private HorreumClient(IConnectionMultiplexer connection, HorreumOptions? options, bool ownsConnection, RedisEndpoint? endpoint = null, CertificateTrust? trust = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = options ?? new HorreumOptions();
        Options.Validate();
        Connection = connection;
        _endpoint = endpoint;
        _trust = trust;
        _ownsConnection = ownsConnection;
        Database = connection.GetDatabase(Options.Database);
        Serializer = new HorreumSerializer(Options.Json);
        FamiliaSerializer = new FamiliaSerializer(Options.Json);
        Notifier = new Notifier(Options.Observers.ToArray());
        _isCluster = new Lazy<bool>(() => Connection.GetEndPoints().Select(ep => Connection.GetServer(ep)).Any(s => s.IsConnected && s.ServerType == ServerType.Cluster));
        _stackExchange = new Transport.StackExchangeRecordTransport(this);
        _transport = new Lazy<Transport.RecordTransport>(() => ResolveBulkEndpoint() is { } bulk ? new Transport.RespRecordTransport(this, bulk) : _stackExchange);
    }

    /// <summary>The connection.</summary>
    public IConnectionMultiplexer Connection { get; }

    /// <summary>The database records live in.</summary>
    public IDatabase Database { get; }

    /// <summary>The v2 value serializer in use.</summary>
    public HorreumSerializer Serializer { get; }

    /// <summary>The <see cref="StorageProfile.Familia"/> value codec in use.</summary>
    public FamiliaSerializer FamiliaSerializer { get; }

    /// <summary>The value codec of <paramref name="model"/>'s storage profile.</summary>
    public IValueCodec CodecFor(ModelMetadata model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Profile == StorageProfile.Familia ? FamiliaSerializer : Serializer;
    }

    /// <summary>Metadata of <paramref name="modelType"/> under this client's <see cref="HorreumOptions.Profile"/> (the model's own choice wins).</summary>
    public ModelMetadata ModelFor(Type modelType) => ModelMetadata.For(modelType, Options.Profile);

    /// <summary>The settings (validated).</summary>
    public HorreumOptions Options { get; }

    internal Notifier Notifier { get; }

    internal ClusterScan ClusterScan => _clusterScan ??= new ClusterScan(this);

    private ClusterScan? _clusterScan;

    /// <summary>
    /// How bulk work reaches Redis (see <see cref="HorreumOptions.BulkTransport"/>), decided on first use and kept:
    /// the RESP pipeline, or StackExchange.Redis batches. The record pass, load-many, save-many and migration writes
    /// all go through it.
    /// </summary>
    /// <exception cref="NotSupportedException"><see cref="BulkTransportKind.Resp"/> was asked for where it cannot work (a cluster).</exception>
    internal Transport.RecordTransport RecordTransport => _transport.Value;

    /// <summary>
    /// The transport of a load-many or save-many call of <paramref name="count"/> ids or records: below
    /// <see cref="HorreumOptions.BulkThreshold"/> StackExchange.Redis (without deciding <see cref="RecordTransport"/>,
    /// so a small call works where the RESP pipeline cannot), else <see cref="RecordTransport"/>.
    /// </summary>
    internal Transport.RecordTransport TransportFor(int count) => count < Options.BulkThreshold ? _stackExchange : RecordTransport;

    /// <summary>StackExchange.Redis batches, whatever <see cref="RecordTransport"/> is (SCAN steps of the repository).</summary>
    internal Transport.StackExchangeRecordTransport StackExchangeTransport => _stackExchange;

    /// <summary>
    /// Every key matching <paramref name="pattern"/>, with SCAN (never KEYS), on every primary of a cluster. A key may
    /// come twice if the keyspace is rehashed during the scan, as SCAN guarantees no better.
    /// </summary>
    internal async IAsyncEnumerable<RedisKey> ScanKeysAsync(string pattern, int count, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var cursor = "0";
        do
        {
            var (keys, next) = await _stackExchange.ScanStepAsync(cursor, pattern, count, cancellationToken).ConfigureAwait(false);
            foreach (var key in keys)
            {
                yield return key;
            }
            cursor = next;
        }
        while (cursor != "0");
    }

    /// <summary>Whether <see cref="DisposeAsync"/> has begun.</summary>
    internal bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    private Transport.RespConnectionOptions? ResolveBulkEndpoint()
    {
        var kind = Options.BulkTransport;
        if (kind == BulkTransportKind.StackExchange)
        {
            return null;
        }
        if (IsCluster)
        {
            // The RESP pipeline talks to one endpoint; a cluster's keys live on several.
            return kind == BulkTransportKind.Resp
                ? throw new NotSupportedException("BulkTransport = Resp cannot serve a Redis Cluster (the RESP pipeline talks to one node); use Auto or StackExchange.")
                : null;
        }
        if (Options.BulkConnection is { } configured)
        {
            var trust = configured.Tls ? new CertificateTrust(Options.Tls, configured.Host) : null;
            return configured.ToRespOptions(configured.Host, configured.Port, configured.Database, trust, Options.ConnectTimeout);
        }
        var primary = Primaries().FirstOrDefault();
        if (primary.Host is null)
        {
            return kind == BulkTransportKind.Resp
                ? throw new NotSupportedException("BulkTransport = Resp needs HorreumOptions.BulkConnection here (no connected primary to derive it from).")
                : null;
        }
        return RespOptionsFor(primary.Host, primary.Port);
    }

    /// <summary>The RESP connections of large load-many/save-many calls; null until the first such call.</summary>
    internal Transport.RespConnectionPool? BulkPool => _transport.IsValueCreated ? (_transport.Value as Transport.RespRecordTransport)?.MadePool : null;

    /// <summary>Whether the connection is to a Redis Cluster (writes are then grouped by hash slot, scans visit every primary).</summary>
    public bool IsCluster => _isCluster.Value;

    /// <summary>The repository of <typeparamref name="T"/>; the model is checked (features included) on first use.</summary>
    /// <exception cref="ModelDefinitionException">The model is declared in a way the mapper cannot use.</exception>
    public ModelRepository<T> Repository<T>()
        where T : class =>
        (ModelRepository<T>)_repositories.GetOrAdd(typeof(T), static (_, client) => new ModelRepository<T>(client), this);

    /// <summary>Closes the pooled RESP connections and, when the client opened it, the StackExchange.Redis connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        if (_transport.IsValueCreated)
        {
            await _transport.Value.DisposeAsync().ConfigureAwait(false);
        }
        if (_ownsConnection)
        {
            await Connection.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
            Connection.Dispose();
        }
    }
}
