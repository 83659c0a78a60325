using HallPlatform.Reception.Application.Catalogue;
using HallPlatform.Reception.Application.Infrastructure;
using HallPlatform.Reception.Data;
using HallPlatform.Reception.Domain;
using Microsoft.Extensions.Options;

namespace HallPlatform.Reception.Application.Queue;

/// <summary>
/// Position and estimated wait from the live queue and the recent measured service times of the service type
/// (the last N durations, pushed on complete), falling back to the catalogue average while there are few.
/// </summary>
public sealed class WaitEstimator(QueueStore queue, ServiceTimeCache serviceTimes, IOptions<ReceptionOptions> options)
{
    public async Task<double> ServiceSecondsAsync(string hallId, ServiceType type)
    {
        var samples = await serviceTimes.RecentAsync(hallId, type.Code);
        return WaitEstimate.ServiceSeconds([.. samples], type.AverageServiceSeconds, options.Value.Estimates.MinimumSamples);
    }

    /// <summary>Place and estimate of a ticket just issued, from the rank and priority count its check-in script returned.</summary>
    public async Task<(int Position, int EstimatedWaitSeconds)> ForIssuedAsync(HallSetup hall, ServiceType type, PriorityClass priorityClass,
        long ownRank, long priorityWaiting)
    {
        var position = WaitEstimate.Position(priorityClass.IsPriority(), ownRank, priorityWaiting, options.Value.FairnessSettings.PriorityStreak);
        return (position, hall.EstimateWait(type, position, await ServiceSecondsAsync(hall.HallId, type)));
    }

    /// <summary>Place and estimate of a waiting visit, or nulls when it is not in its queue.</summary>
    public async Task<(int? Position, int? EstimatedWaitSeconds)> ForWaitingAsync(HallSetup hall, ServiceType type, Visit visit)
    {
        var (rank, priorityWaiting) = await queue.RankAsync(visit.HallId, type.Code, visit.PriorityClass, visit.Id);
        if (rank is not { } ownRank)
        {
            return (null, null);
        }
        var position = WaitEstimate.Position(visit.PriorityClass.IsPriority(), ownRank, priorityWaiting, options.Value.FairnessSettings.PriorityStreak);
        return (position, hall.EstimateWait(type, position, await ServiceSecondsAsync(visit.HallId, type)));
    }

    /// <summary>What a normal walk-in arriving now would wait: behind everyone already waiting for the type.</summary>
    public async Task<WaitTimeView> ForNewArrivalAsync(HallSetup hall, ServiceType type)
    {
        var (normal, priority) = await queue.QueueLengthsAsync(hall.HallId, type.Code);
        var position = WaitEstimate.Position(isPriority: false, normal, priority, options.Value.FairnessSettings.PriorityStreak);
        var estimate = hall.EstimateWait(type, position, await ServiceSecondsAsync(hall.HallId, type));
        return new WaitTimeView(type.Code, type.Name, normal + priority, estimate, hall.CountersServing(type.Code, openOnly: true).Count);
    }
}
