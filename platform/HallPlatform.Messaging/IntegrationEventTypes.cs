namespace HallPlatform.Messaging;

/// <summary>
/// The catalogue of integration event types, one place for producers and consumers alike (payloads and consumers:
/// docs/events.md). A name is <c>{producer}.{subject}.{what happened}</c> and never changes meaning.
/// </summary>
public static class IntegrationEventTypes
{
    public const string VisitCalled = "reception.visit.called";
    public const string VisitCompleted = "reception.visit.completed";
    public const string VisitEnded = "reception.visit.ended";
    public const string OrderOpened = "business.order.opened";
    public const string OrderStateChanged = "business.order.stateChanged";
    public const string OrderPaid = "business.order.paid";
    public const string OrderRefunded = "business.order.refunded";
    public const string TroubleTicketCreated = "fault.troubleTicket.created";
    public const string TroubleTicketStatusChanged = "fault.troubleTicket.statusChanged";
    public const string TroubleTicketAppointmentChanged = "fault.troubleTicket.appointmentChanged";
    public const string ComplaintStatusChanged = "complaint.statusChanged";
    public const string SurveyAnswered = "quality.survey.answered";
    public const string StaffQualificationsChanged = "quality.staff.qualificationsChanged";
}
