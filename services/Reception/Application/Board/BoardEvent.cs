namespace HallPlatform.Reception.Application.Board;

/// <summary>One event on a hall's display boards: hall, ticket, service type, counter; never a name or phone.</summary>
public sealed record BoardEvent(long Id, string HallId, string TicketNumber, string ServiceType, string CounterId, string Event, DateTimeOffset At);
