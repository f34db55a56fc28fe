using System.Text.Json;
using Horreum.Orm.Modeling;
using Horreum.JsonSchema;
using Horreum.Orm.Schema;
using Horreum.TestKit;

namespace Horreum.Orm.Tests.Schema;

/// <summary>Where a model's schema comes from, and that every problem with it surfaces when the model is first used.</summary>
public sealed class ModelSchemaRegistryTests(RedisFixture redis)
{
    [Fact]
    public void Directory_defaults_to_schemas_beside_the_application()
    {
        Assert.Equal(SchemasDir, new ModelSchemaRegistry().Directory);
    }

    [Fact]
    public void Repository_finds_the_convention_file_in_the_directory()
    {
        var client = SchemaClients.Create(redis, out _);
        var repo = client.Repository<SchemaCustomer>();

        Assert.Equal(Path.Combine(SchemasDir, "schema_customer.json"), client.Options.Schemas.SourceOf(typeof(SchemaCustomer)));
        Assert.False(repo.Validate(new SchemaCustomer { Id = "c", Name = "n" }).IsValid); // email is required
        Assert.True(repo.Validate(new SchemaCustomer { Id = "c", Name = "n", Email = "n@example.com" }).IsValid);
    }

    [Fact]
    public void Repository_finds_an_embedded_resource_by_suffix()
    {
        var client = SchemaClients.Create(redis, out _, s => s.ResourceAssemblies.Add(typeof(SchemaCustomer).Assembly));
        var repo = client.Repository<EmbeddedGadget>();

        Assert.Equal("Horreum.Orm.Tests.Schema.embedded.embedded_gadget.json", client.Options.Schemas.SourceOf(typeof(EmbeddedGadget)));
        Assert.False(repo.Validate(new EmbeddedGadget { Id = "g", Size = 0 }).IsValid);
        Assert.True(repo.Validate(new EmbeddedGadget { Id = "g", Size = 2 }).IsValid);
    }

    [Theory]
    [InlineData("validator")]
    [InlineData("json")]
    [InlineData("file")]
    public void Explicit_mapping_wins_over_the_convention_file(string how)
    {
        const string loose = """{ "type": "object", "properties": { "label": { "type": "string", "maxLength": 100 } } }""";
        var tmp = Path.Combine(Path.GetTempPath(), $"horreum-loose-{Guid.NewGuid():N}.json");
        File.WriteAllText(tmp, loose);
        try
        {
            var client = SchemaClients.Create(redis, out _, s =>
            {
                _ = how switch
                {
                    "validator" => s.Map<MappedThing>(JsonSchemaValidator.Parse(loose)),
                    "json" => s.MapJson<MappedThing>(loose),
                    _ => s.MapFile<MappedThing>(tmp),
                };
            });
            var repo = client.Repository<MappedThing>();

            // The convention file allows at most 3 characters; the explicit schema allows 100.
            Assert.True(repo.Validate(new MappedThing { Id = "m", Label = "longer label" }).IsValid);
            Assert.False(JsonSchemaValidator.Parse(File.ReadAllText(Path.Combine(SchemasDir, "mapped_thing.json")))
                .Validate(JsonDocument.Parse("""{"label":"longer label"}""").RootElement).IsValid);
        }
        finally
        {
            File.Delete(tmp);
        }
    }

    [Fact]
    public void Repository_of_a_model_without_a_schema_fails_naming_where_it_looked()
    {
        var client = SchemaClients.Create(redis, out _, s => s.ResourceAssemblies.Add(typeof(SchemaCustomer).Assembly));

        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<UnschemedModel>());
        Assert.Contains(Path.Combine(SchemasDir, "unschemed_model.json"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("*.unschemed_model.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Horreum.Orm.Tests", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_fails_when_no_directory_and_no_resources_are_configured()
    {
        var client = SchemaClients.Create(redis, out _, s => s.Directory = null);

        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<SchemaCustomer>());
        Assert.Contains("schema_customer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_of_a_model_whose_schema_is_not_json_names_the_file_and_the_problem()
    {
        var dir = Path.Combine(SchemasDir, "broken");
        var client = SchemaClients.Create(redis, out _, s => s.Directory = dir);

        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<BrokenModel>());
        Assert.Contains(Path.Combine(dir, "broken_model.json"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JsonSchemaLoadException>(ex.InnerException);
    }

    [Fact]
    public void Repository_of_a_model_whose_schema_has_a_malformed_keyword_names_the_file_and_the_keyword()
    {
        var dir = Path.Combine(SchemasDir, "broken");
        var client = SchemaClients.Create(redis, out _, s => s.Directory = dir);

        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<BadKeywordModel>());
        Assert.Contains(Path.Combine(dir, "bad_keyword_model.json"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("minLength", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Repository_of_a_model_whose_schema_has_unknown_keywords_fails_naming_each_keyword_and_its_location()
    {
        var dir = Path.Combine(SchemasDir, "broken");
        var client = SchemaClients.Create(redis, out _, s => s.Directory = dir);

        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<TypoModel>());
        Assert.Contains(Path.Combine(dir, "typo_model.json"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("'requird' at '#'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'maxLenght' at '/properties/email'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'required'", ex.Message, StringComparison.Ordinal);
        Assert.IsType<JsonSchemaLoadException>(ex.InnerException);
    }

    [Fact]
    public void Unknown_keywords_load_when_the_registry_is_told_to_allow_them()
    {
        var dir = Path.Combine(SchemasDir, "broken");
        var client = SchemaClients.Create(redis, out _, s =>
        {
            s.Directory = dir;
            s.RejectUnknownKeywords = false;
        });

        // Without strict mode the typos are annotations: nothing is required and the length is not limited.
        Assert.True(client.Repository<TypoModel>().Validate(new TypoModel { Id = "t", Email = "longer@example.com" }).IsValid);
    }

    [Fact]
    public void Strict_mode_of_the_registry_wins_over_the_compile_options_it_is_given()
    {
        var dir = Path.Combine(SchemasDir, "broken");
        var client = SchemaClients.Create(redis, out _, s =>
        {
            s.Directory = dir;
            s.SchemaOptions = new JsonSchemaOptions { FormatAssertion = false };   // says nothing about keywords
        });

        Assert.Throws<ModelDefinitionException>(() => client.Repository<TypoModel>());
    }

    [Fact]
    public void Repository_of_a_model_with_an_unregistered_http_ref_fails_at_load_without_fetching()
    {
        var dir = Path.Combine(SchemasDir, "broken");
        var client = SchemaClients.Create(redis, out _, s => s.Directory = dir);

        var ex = Assert.Throws<ModelDefinitionException>(() => client.Repository<RemoteRefModel>());
        Assert.Contains(Path.Combine(dir, "remote_ref_model.json"), ex.Message, StringComparison.Ordinal);
        Assert.Contains("http://schemas.example.com/address.json", ex.Message, StringComparison.Ordinal);
        Assert.Contains("never fetched", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Http_ref_resolves_when_the_document_is_registered_in_the_schema_options()
    {
        var dir = Path.Combine(SchemasDir, "broken");
        var documents = new JsonSchemaRegistry();
        documents.Register("http://schemas.example.com/address.json", """{ "type": "object", "required": ["city"] }""");
        var client = SchemaClients.Create(redis, out _, s =>
        {
            s.Directory = dir;
            s.SchemaOptions = new JsonSchemaOptions { Registry = documents };
        });

        var repo = client.Repository<RemoteRefModel>();
        Assert.True(repo.Validate(new RemoteRefModel { Id = "r" }).IsValid);
    }

    [Fact]
    public void Validator_factory_compiles_convention_files()
    {
        var seen = new List<string>();
        var client = SchemaClients.Create(redis, out _, s => s.ValidatorFactory = json =>
        {
            seen.Add(json);
            return JsonSchemaValidator.Parse(json);
        });

        client.Repository<SchemaCustomer>();
        Assert.Single(seen);
        Assert.Contains("\"email\"", seen[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_rejects_a_blank_directory()
    {
        var options = new HorreumOptions();
        options.Schemas.Directory = "  ";
        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void Feature_is_registered_by_default()
    {
        Assert.Contains(SchemaValidationFeature.FeatureName, new HorreumOptions().Features.Names);
        Assert.Equal("schema_validation", SchemaValidationFeature.FeatureName);
    }

    private static string SchemasDir => SchemaClients.SchemasDir;
}
