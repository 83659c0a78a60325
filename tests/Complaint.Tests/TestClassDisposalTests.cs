using HallPlatform.Testing;

namespace HallPlatform.Complaint.Tests;

public sealed class TestClassDisposalTests : TestClassDisposalChecks;
