using System.Text.Json;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Logging;

namespace HallPlatform.Reception.Application;

/// <summary>
/// Puts calls on the hall's display boards through the Announce script (publish + last-10 list). Runs after the
/// call is recorded, so a board never shows a call that was undone. Only ticket number, service type and counter.
/// </summary>
public sealed class BoardAnnouncer(QueueStore queue, ILogger<BoardAnnouncer> logger)
{
    public const string Called = "called";
    public const string Recalled = "recalled";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task AnnounceAsync(Visit visit, string counterId, string boardEvent, DateTimeOffset at)
    {
        var payload = JsonSerializer.Serialize(new
        {
            ticketNumber = visit.TicketNumber,
            serviceType = visit.ServiceType,
            counterId,
            @event = boardEvent,
            at = at.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }, Json);
        try
        {
            await queue.AnnounceAsync(visit.HallId, payload);
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The call stands; only the board missed it.
            Log.BoardAnnounceFailed(logger, ex, visit.Id);
        }
    }

    public static BoardEvent? Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            return new BoardEvent(
                root.GetProperty("id").GetInt64(),
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
