using Horreum.TestKit;

[assembly: AssemblyFixture(typeof(RedisFixture))]
