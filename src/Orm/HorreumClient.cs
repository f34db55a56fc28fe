using System.Collections.Concurrent;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Modeling;
using Horreum.Orm.Serialization;
using StackExchange.Redis;

namespace Horreum.Orm;

/// <summary>
/// The entry point of the mapper: a connection, the serializer and one repository per model type.
/// Thread-safe; create one per application and share it.
/// </summary>
public sealed class HorreumClient : IAsyncDisposable
{
    private readonly ConcurrentDictionary<Type, object> _repositories = new();
    private readonly bool _ownsConnection;
    private readonly Lazy<bool> _isCluster;

    /// <summary>Wraps an existing connection (not disposed with the client).</summary>
    public HorreumClient(IConnectionMultiplexer connection, HorreumOptions? options = null)
        : this(connection, options, ownsConnection: false)
    {
    }

    private HorreumClient(IConnectionMultiplexer connection, HorreumOptions? options, bool ownsConnection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Options = options ?? new HorreumOptions();
        Options.Validate();
        Connection = connection;
        _ownsConnection = ownsConnection;
        Database = connection.GetDatabase(Options.Database);
        Serializer = new HorreumSerializer(Options.Json);
        Notifier = new Notifier(Options.Observers.ToArray());
        _isCluster = new Lazy<bool>(() => Connection.GetEndPoints().Select(ep => Connection.GetServer(ep)).Any(s => s.IsConnected && s.ServerType == ServerType.Cluster));
    }

    /// <summary>Connects (StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379,password=…</c>) and owns the connection.</summary>
    public static async Task<HorreumClient> ConnectAsync(string configuration, HorreumOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        cancellationToken.ThrowIfCancellationRequested();
        var mux = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        return new HorreumClient(mux, options, ownsConnection: true);
    }

    /// <summary>The connection.</summary>
    public IConnectionMultiplexer Connection { get; }

    /// <summary>The database records live in.</summary>
    public IDatabase Database { get; }

    /// <summary>The v2 value serializer in use.</summary>
    public HorreumSerializer Serializer { get; }

    /// <summary>The settings (validated).</summary>
    public HorreumOptions Options { get; }

    internal Notifier Notifier { get; }

    internal ClusterScan ClusterScan => _clusterScan ??= new ClusterScan(this);

    private ClusterScan? _clusterScan;

    /// <summary>Whether the connection is to a Redis Cluster (writes are then grouped by hash slot, scans visit every primary).</summary>
    public bool IsCluster => _isCluster.Value;

    /// <summary>The repository of <typeparamref name="T"/>; the model is checked (features included) on first use.</summary>
    /// <exception cref="ModelDefinitionException">The model is declared in a way the mapper cannot use.</exception>
    public ModelRepository<T> Repository<T>()
        where T : class =>
        (ModelRepository<T>)_repositories.GetOrAdd(typeof(T), static (_, client) => new ModelRepository<T>(client), this);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await Connection.CloseAsync(allowCommandsToComplete: true).ConfigureAwait(false);
            Connection.Dispose();
        }
    }
}
