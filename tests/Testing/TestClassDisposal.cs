using System.Reflection;
using Xunit;

namespace HallPlatform.Testing;

/// <summary>
/// xunit v2 disposes a test class through <see cref="IDisposable"/> or <see cref="IAsyncLifetime"/> only: it never
/// calls <see cref="IAsyncDisposable.DisposeAsync"/>. A test class that relies on that leaks its app (database pool,
/// background jobs, file watchers) for the rest of the run, which once exhausted the shared PostgreSQL's connections.
/// </summary>
public static class TestClassDisposal
{
    /// <summary>Test classes of <paramref name="assembly"/> that implement IAsyncDisposable and nothing xunit calls.</summary>
    public static IReadOnlyList<string> NeverDisposed(Assembly assembly) =>
    [
        .. assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false } && IsTestClass(type))
            .Where(type => typeof(IAsyncDisposable).IsAssignableFrom(type)
                && !typeof(IAsyncLifetime).IsAssignableFrom(type)
                && !typeof(IDisposable).IsAssignableFrom(type))
            .Select(type => type.FullName!)
            .Order(StringComparer.Ordinal),
    ];

    private static bool IsTestClass(Type type) =>
        type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static)
            .Any(method => method.GetCustomAttributes<FactAttribute>(inherit: true).Any());
}

/// <summary>Derive once in each test project: the inherited test checks that project's test classes.</summary>
public abstract class TestClassDisposalChecks
{
    [Fact]
    public void Every_test_class_that_owns_something_is_disposed_by_xunit() =>
        Assert.Empty(TestClassDisposal.NeverDisposed(GetType().Assembly));
}
