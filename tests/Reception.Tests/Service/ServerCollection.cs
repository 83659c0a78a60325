using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Service;

/// <summary>
/// All service tests share one Redis and one PostgreSQL and run one after another: each app flushes Redis when
/// it starts, so no test can see another's queue.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ServerCollection : ICollectionFixture<RealServersFixture>
{
    public const string Name = "Real servers";
}
