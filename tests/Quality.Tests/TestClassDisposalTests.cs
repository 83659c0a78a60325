using HallPlatform.Testing;

namespace HallPlatform.Quality.Tests;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
