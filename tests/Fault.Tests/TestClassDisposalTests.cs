using HallPlatform.Testing;
using Xunit;

namespace HallPlatform.Fault.Tests;

public sealed class TestClassDisposalTests
{
    [Fact]
    public void Every_test_class_that_owns_something_is_disposed_by_xunit() =>
        Assert.Empty(TestClassDisposal.NeverDisposed(typeof(TestClassDisposalTests).Assembly));
}
