using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Visitation.Api.Infrastructure.Persistence;

namespace Visitation.Api.Infrastructure.Messaging;

/// <summary>
/// Publishes committed outbox messages to the bus, oldest first. The outbox row's id is the message id,
/// so a consumer can recognise a message published twice (after a crash between publish and mark).
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, OutboxSignal signal, TimeProvider clock, ILogger<OutboxDispatcher> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) > 0) { }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Outbox dispatch failed; retrying");
            }
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public const int MaxAttempts = 10;

    public async Task<int> DispatchBatchAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<VisitationDbContext>();
        var bus = scope.ServiceProvider.GetRequiredService<IPublishEndpoint>();
        // A message that failed MaxAttempts times is left for an operator (see the log) instead of
        // blocking every message behind it.
        var batch = await db.OutboxMessages.Where(m => m.PublishedAt == null && m.Attempts < MaxAttempts)
            .OrderBy(m => m.CreatedAt).Take(50).ToListAsync(ct);
        foreach (var message in batch)
        {
            // Messages are records of this assembly, named by their full type name when written.
            if (typeof(OutboxDispatcher).Assembly.GetType(message.Type) is not { } type)
            {
                log.LogError("Outbox message {Id} has unknown type {Type}", message.Id, message.Type);
                message.CountAttempt();
                continue;
            }
            try
            {
                var payload = JsonSerializer.Deserialize(message.Payload, type)!;
                await bus.Publish(payload, type, ctx => ctx.MessageId = message.Id, ct);
                message.MarkPublished(clock.GetUtcNow());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogError(e, "Outbox message {Id} ({Type}) could not be published (attempt {Attempt})", message.Id, message.Type, message.Attempts + 1);
                message.CountAttempt();
            }
        }
        // An empty batch saves nothing: a save would wake this dispatcher again through the interceptor.
        if (batch.Count > 0) await db.SaveChangesAsync(ct);
        return batch.Count(m => m.PublishedAt is not null);
    }
}
