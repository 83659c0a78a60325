using System.Text.Json;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application.Board;

/// <summary>
/// Puts calls on the hall's display boards through the Announce script (publish + last-10 list). Runs after the
/// call is recorded, so a board never shows a call that was undone. Only hall, ticket number, service type and counter.
/// </summary>
public sealed class BoardAnnouncer(QueueStore queue, ILogger<BoardAnnouncer> logger)
{
    public const string Called = "called";
    public const string Recalled = "recalled";

    public Task AnnounceAsync(Visit visit, string counterId, string boardEvent, DateTimeOffset at) =>
        AnnounceAsync(visit.HallId, visit.Id, visit.TicketNumber, visit.ServiceType, counterId, boardEvent, at);

    public async Task AnnounceAsync(string hallId, string visitId, string ticketNumber, string serviceType, string counterId, string boardEvent,
        DateTimeOffset at)
    {
        var payload = Payload(hallId, ticketNumber, serviceType, counterId, boardEvent, at);
        try
        {
            await queue.AnnounceAsync(hallId, payload);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The call stands; only the board missed it.
            Log.BoardAnnounceFailed(logger, ex, visitId);
        }
    }

    /// <summary>The event JSON without its id (the Announce script adds it); written directly, it is on every call.</summary>
    private static string Payload(string hallId, string ticketNumber, string serviceType, string counterId, string boardEvent, DateTimeOffset at)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(192);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("hallId", hallId);
            json.WriteString("ticketNumber", ticketNumber);
            json.WriteString("serviceType", serviceType);
            json.WriteString("counterId", counterId);
            json.WriteString("event", boardEvent);
            json.WriteString("at", WireTime.ToWireText(at));
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads an event of <paramref name="hallId"/>'s board (events stored before they carried the hall get it from there).</summary>
    public static BoardEvent? Parse(string json, string hallId)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new BoardEvent(
                root.GetProperty("id").GetInt64(),
                root.TryGetProperty("hallId", out var hall) ? hall.GetString() ?? hallId : hallId,
                root.GetProperty("ticketNumber").GetString() ?? "",
                root.GetProperty("serviceType").GetString() ?? "",
                root.GetProperty("counterId").GetString() ?? "",
                root.GetProperty("event").GetString() ?? "",
                DateTimeOffset.Parse(root.GetProperty("at").GetString() ?? "", System.Globalization.CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
