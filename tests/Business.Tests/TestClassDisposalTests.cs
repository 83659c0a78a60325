using HallPlatform.Testing;

namespace HallPlatform.Business.Tests;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
