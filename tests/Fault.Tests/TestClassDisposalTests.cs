using HallPlatform.Testing;

namespace HallPlatform.Fault.Tests;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
