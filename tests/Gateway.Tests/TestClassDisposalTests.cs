using HallPlatform.Testing;

namespace HallPlatform.Gateway.Tests;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
