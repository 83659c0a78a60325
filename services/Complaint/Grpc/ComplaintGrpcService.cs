using Google.Protobuf.WellKnownTypes;
using HallPlatform.Complaint.Application;
using HallPlatform.Complaint.Domain;
using HallPlatform.Contracts.Complaint.V1;
using HallPlatform.ServiceDefaults.Api;
using global::Grpc.Core;

namespace HallPlatform.Complaint.Grpc;

/// <summary>Partner channels register complaints here; the same application code as REST.</summary>
public sealed class ComplaintGrpcService(ComplaintHandling handling) : ComplaintService.ComplaintServiceBase
{
    public override async Task<ComplaintReply> RegisterComplaint(RegisterComplaintRequest request, ServerCallContext context)
    {
        // proto3 has no "absent" for strings: empty means not given.
        var command = new RegisterComplaintCommand(
            NullIfEmpty(request.Channel),
            NullIfEmpty(request.ExternalId),
            NullIfEmpty(request.Subject),
            NullIfEmpty(request.Description),
            NullIfEmpty(request.RemedySought),
            NullIfEmpty(request.Category),
            NullIfEmpty(request.HallId),
            NullIfEmpty(request.CustomerPhone));
        var outcome = await handling.RegisterAsync(command, context.CancellationToken);
        return ToReply(GrpcOutcomes.ValueOrThrow(outcome));
    }

    public override async Task<ComplaintReply> GetComplaint(GetComplaintRequest request, ServerCallContext context)
    {
        var outcome = await handling.GetAsync(request.ComplaintId, context.CancellationToken);
        return ToReply(GrpcOutcomes.ValueOrThrow(outcome));
    }

    private static ComplaintReply ToReply(CustomerComplaint complaint) => new()
    {
        ComplaintId = complaint.ComplaintId,
        Channel = complaint.Channel.ToWire(),
        Subject = complaint.Subject,
        Category = complaint.Category.ToWire(),
        Status = complaint.Status.ToWire(),
        ReceivedAt = Timestamp.FromDateTimeOffset(complaint.ReceivedAt),
        ResponseDueAt = Timestamp.FromDateTimeOffset(complaint.ResponseDueAt),
    };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

/// <summary>Translates use-case outcomes to gRPC status codes.</summary>
internal static class GrpcOutcomes
{
    public static T ValueOrThrow<T>(Outcome<T> outcome) => outcome.Kind switch
    {
        OutcomeKind.Created or OutcomeKind.Replayed or OutcomeKind.Ok => outcome.Value!,
        OutcomeKind.Invalid => throw new RpcException(new Status(StatusCode.InvalidArgument, FieldMessages(outcome.Errors!))),
        OutcomeKind.NotFound => throw new RpcException(new Status(StatusCode.NotFound, outcome.Detail ?? "Not found.")),
        // A reused idempotency key names an existing resource; a forbidden transition is a failed precondition.
        OutcomeKind.Conflict when outcome.Title == "Idempotency key reused." =>
            throw new RpcException(new Status(StatusCode.AlreadyExists, outcome.Detail ?? "Already exists.")),
        OutcomeKind.Conflict => throw new RpcException(new Status(StatusCode.FailedPrecondition, outcome.Detail ?? "Conflict.")),
        _ => throw new RpcException(new Status(StatusCode.Internal, "Unexpected outcome.")),
    };

    /// <summary>"field_name: message; ..." with the proto's snake_case field names.</summary>
    private static string FieldMessages(IReadOnlyDictionary<string, string[]> errors) =>
        string.Join("; ", errors.SelectMany(entry => entry.Value.Select(message => $"{SnakeCase(entry.Key)}: {message}")));

    private static string SnakeCase(string camelCase) =>
        string.Concat(camelCase.Select(c => char.IsUpper(c) ? "_" + char.ToLowerInvariant(c) : c.ToString()));
}
