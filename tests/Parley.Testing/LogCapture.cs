using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Parley.Testing;

/// <summary>
/// Everything a running server logs from the moment it is attached, as the operator's log would show it (each
/// entry's level, category, text and exception), within the levels the server's settings let through.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public static LogCapture AttachTo(ParleyServer server)
    {
        var capture = new LogCapture();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(capture);
        return capture;
    }

    /// <summary>Forgets what was logged so far (set-up), so that assertions see only what follows.</summary>
    public void Clear() => _entries.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(logLevel, category, eventId.Name, formatter(state, exception), exception));
    }
}

public sealed record LogEntry(LogLevel Level, string Category, string? EventName, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventName}]: {Message}{(Exception is null ? "" : $"\n{Exception}")}";
}
