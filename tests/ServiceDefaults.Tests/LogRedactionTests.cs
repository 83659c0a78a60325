using System.Collections.Concurrent;
using HallPlatform.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HallPlatform.ServiceDefaults.Tests;

public sealed partial class LogRedactionTests
{
    private const string Phone = "13812345678";

    [Fact]
    public void A_parameter_marked_personal_data_never_reaches_a_log_provider_in_clear()
    {
        var captured = new CapturingLoggerProvider();
        using var services = BuildServices(captured, redact: true);
        var logger = services.GetRequiredService<ILogger<LogRedactionTests>>();

        Log.CustomerCalled(logger, "cmp_1", Phone);

        var line = Assert.Single(captured.Lines);
        Assert.DoesNotContain(Phone, line.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(line.State, pair => pair.Value?.Contains(Phone, StringComparison.Ordinal) == true);
        // The value arrives erased, not dropped: the redactor ran on it.
        Assert.Contains(line.State, pair => pair.Key == "CustomerPhone" && string.IsNullOrEmpty(pair.Value));
        // What is not personal data still arrives.
        Assert.Contains("cmp_1", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_value_in_a_parameter_not_marked_reaches_the_log()
    {
        // Proves the test above can fail: the capture does see values that are not classified.
        var captured = new CapturingLoggerProvider();
        using var services = BuildServices(captured, redact: true);
        var logger = services.GetRequiredService<ILogger<LogRedactionTests>>();

        Log.UnmarkedValue(logger, "cmp_1", Phone);

        var line = Assert.Single(captured.Lines);
        Assert.Contains(Phone, line.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider BuildServices(CapturingLoggerProvider captured, bool redact)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(captured);
        if (redact)
        {
            builder.AddPersonalDataRedaction();
        }
        return builder.Services.BuildServiceProvider();
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: customer {CustomerPhone} called")]
        public static partial void CustomerCalled(ILogger logger, string complaintId, [PersonalData] string customerPhone);

        [LoggerMessage(Level = LogLevel.Warning, Message = "Complaint {ComplaintId}: value {Value}")]
        public static partial void UnmarkedValue(ILogger logger, string complaintId, string value);
    }

    // Values are turned into text while the log call runs: redacted values are pooled and reused afterwards.
    private sealed record CapturedLine(string Message, IReadOnlyList<KeyValuePair<string, string?>> State);

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<CapturedLine> _lines = new();

        public IReadOnlyList<CapturedLine> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => new CapturingLogger(_lines);

        public void Dispose()
        {
        }

        private sealed class CapturingLogger(ConcurrentQueue<CapturedLine> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                List<KeyValuePair<string, string?>> pairs = state is IEnumerable<KeyValuePair<string, object?>> values
                    ? [.. values.Select(pair => new KeyValuePair<string, string?>(pair.Key, pair.Value?.ToString()))]
                    : [];
                lines.Enqueue(new CapturedLine(formatter(state, exception), pairs));
            }
        }
    }
}
