using HallPlatform.Testing;

namespace HallPlatform.EndToEnd.Tests;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
