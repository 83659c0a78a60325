using HallPlatform.Testing;
using Xunit;

namespace HallPlatform.Quality.Tests;

/// <summary>One real PostgreSQL (and Redis) for the whole test assembly; each test gets its own database.</summary>
[CollectionDefinition(Name)]
public sealed class ServersCollection : ICollectionFixture<RealServersFixture>
{
    public const string Name = "Real servers";
}
