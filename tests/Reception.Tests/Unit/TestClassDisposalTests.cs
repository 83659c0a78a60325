using HallPlatform.Testing;

namespace HallPlatform.Reception.Tests.Unit;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
