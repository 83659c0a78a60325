using HallPlatform.Testing;

namespace HallPlatform.Platform.Tests;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
