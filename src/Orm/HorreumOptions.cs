using System.Text.Json;
using Horreum.Orm.Connections;
using Horreum.Orm.Features;
using Horreum.Orm.Instrumentation;
using Horreum.Orm.Schema;
using Horreum.Orm.Serialization;
using Microsoft.Extensions.Logging;

namespace Horreum.Orm;

/// <summary>Mapper settings. Defaults suit most applications.</summary>
public sealed class HorreumOptions
{
    /// <summary>Creates options with the defaults; <see cref="Features"/> shares <see cref="Schemas"/>.</summary>
    public HorreumOptions()
    {
        Features = new FeatureRegistry(Schemas);
    }

    /// <summary>Serializer settings and converters for values (default: the mapper's own). Copied, never mutated.</summary>
    public JsonSerializerOptions? Json { get; set; }

    /// <summary>
    /// The storage profile of models whose <see cref="Modeling.ModelAttribute"/> names none (default
    /// <see cref="Modeling.StorageProfile.Horreum"/>). <see cref="Modeling.StorageProfile.Familia"/> shares data with
    /// Ruby Familia 2.x byte for byte (docs/familia-interop.md).
    /// </summary>
    public Modeling.StorageProfile Profile { get; set; } = Modeling.StorageProfile.Horreum;

    /// <summary>The clock of saves: timestamps and instances scores (default: the system clock). Tests may fix it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Strict (default) rejects non-v2 values; lenient reads v1 data and reports it to observers.</summary>
    public ReadMode ReadMode { get; set; } = ReadMode.Strict;

    /// <summary>Commands per pipelined batch for load-many, save-many and scan pages (default 500).</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>Instrumentation hooks.</summary>
    public IList<IHorreumObserver> Observers { get; } = [];

    /// <summary>
    /// The features models may declare (built-ins registered). The default's <c>schema_validation</c> uses
    /// <see cref="Schemas"/>; a replacement should be built as <c>new FeatureRegistry(options.Schemas)</c> to keep that.
    /// </summary>
    public FeatureRegistry Features { get; set; }

    /// <summary>
    /// Where models with <c>[Feature("schema_validation")]</c> get their JSON Schema: explicit mappings, then
    /// <c>{Directory}/{model_snake}.json</c> (default directory: <c>schemas</c> beside the application), then embedded
    /// resources <c>*.{model_snake}.json</c> (no assemblies by default). See <see cref="ModelSchemaRegistry"/>.
    /// </summary>
    public ModelSchemaRegistry Schemas { get; } = new();

    /// <summary>
    /// A namespace before every model key (<c>{namespace}:{prefix}:{id}:object</c>), e.g. <c>demo</c> or a tenant;
    /// none by default.
    /// </summary>
    public string? KeyNamespace { get; set; }

    /// <summary>Master keys for <c>[Encrypted]</c> fields (none by default: a model with encrypted fields then fails to save).</summary>
    public Encryption.EncryptionOptions Encryption { get; } = new();

    /// <summary>The database number (default: the connection's default database).</summary>
    public int Database { get; set; } = -1;

    /// <summary>Which client carries bulk work (default <see cref="BulkTransportKind.Auto"/>: the RESP pipeline when it can).</summary>
    public BulkTransportKind BulkTransport { get; set; } = BulkTransportKind.Auto;

    /// <summary>
    /// Where the RESP pipeline connects (default null: derived from the StackExchange.Redis connection, with the same
    /// endpoint, user, password, database and <see cref="Tls"/> settings). Set it only to send bulk work elsewhere, for
    /// example <c>RedisEndpoint.Parse("redis://app:pw@10.0.0.5:6379/0")</c>; a <c>rediss://</c> endpoint uses
    /// <see cref="Tls"/> and every connection takes <see cref="ConnectTimeout"/>.
    /// </summary>
    public RedisEndpoint? BulkConnection { get; set; }

    /// <summary>
    /// The smallest <c>LoadManyAsync</c>/<c>SaveManyAsync</c> call (ids or records) that goes over the RESP pipeline
    /// when the client carries bulk work on it (<see cref="BulkTransport"/>; default 1,000). Smaller calls keep to StackExchange.Redis
    /// batches, whose shared connection costs nothing to reach, while the pipeline's gain only shows over thousands of
    /// records. At least 1; <see cref="BulkTransportKind.StackExchange"/> turns the pipeline off altogether.
    /// </summary>
    public int BulkThreshold { get; set; } = 1000;

    /// <summary>
    /// On the RESP pipeline, how many flushes (a migration page, a load/save-many window of <see cref="BatchSize"/>)
    /// may wait for their replies at once (default 8): enough that Redis works on the next one while the client works
    /// on this one; memory holds this many flushes however long the pass. 1..1024.
    /// </summary>
    public int PipelineDepth { get; set; } = 8;

    /// <summary>
    /// Certificates for TLS connections (<c>rediss://</c>): the CA file to trust, a client certificate and key for mutual
    /// TLS, or the loud development-only insecure switch. Defaults: the system trust store, no client certificate.
    /// Used by every connection the client opens, the RESP pipeline included.
    /// </summary>
    public RedisTlsOptions Tls { get; } = new();

    /// <summary>
    /// How long <see cref="HorreumClient.ConnectAsync(string, HorreumOptions?, CancellationToken)"/> and each RESP
    /// pipeline connection may take to connect, handshake and authenticate (default 5 s; 0.1 s..5 min).
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Where the client logs its warnings (an insecure TLS connection); default null: standard error.</summary>
    public ILogger? Logger { get; set; }

    /// <summary>Throws <see cref="ArgumentException"/> when a setting is out of range.</summary>
    public void Validate()
    {
        if (BatchSize is < 1 or > 100_000)
        {
            throw new ArgumentException($"HorreumOptions.BatchSize must be 1..100000, not {BatchSize}.");
        }
        if (PipelineDepth is < 1 or > 1024)
        {
            throw new ArgumentException($"HorreumOptions.PipelineDepth must be 1..1024, not {PipelineDepth}.");
        }
        if (BulkThreshold < 1)
        {
            throw new ArgumentException($"HorreumOptions.BulkThreshold must be 1 or more, not {BulkThreshold}.");
        }
        if (Database < -1)
        {
            throw new ArgumentException($"HorreumOptions.Database must be -1 (default) or a database number, not {Database}.");
        }
        ArgumentNullException.ThrowIfNull(Features);
        ArgumentNullException.ThrowIfNull(Clock);
        if (!Enum.IsDefined(Profile))
        {
            throw new ArgumentException($"HorreumOptions.Profile {(int)Profile} is not a StorageProfile.");
        }
        if (!Enum.IsDefined(BulkTransport))
        {
            throw new ArgumentException($"HorreumOptions.BulkTransport {(int)BulkTransport} is not a BulkTransportKind.");
        }
        if (ConnectTimeout < TimeSpan.FromMilliseconds(100) || ConnectTimeout > TimeSpan.FromMinutes(5))
        {
            throw new ArgumentException($"HorreumOptions.ConnectTimeout must be 0.1 s..5 min, not {ConnectTimeout}.");
        }
        Tls.Validate();
        Encryption.Validate();
        Schemas.Validate();
    }
}
