using MassTransit;

namespace Visitation.Api.Infrastructure.Messaging;

public static class MessagingExtensions
{
    /// <summary>MassTransit over the in-memory transport by default, RabbitMQ when <c>Messaging:Transport</c> says so.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services, IConfiguration config)
    {
        var transport = config.GetValue("Messaging:Transport", "InMemory");
        // Queue names can carry a prefix, so several installations (or test runs) can share one broker.
        var prefix = config["Messaging:EndpointPrefix"];
        var endpointNames = new DefaultEndpointNameFormatter(string.IsNullOrEmpty(prefix) ? null : prefix, false);
        services.AddMassTransit(x =>
        {
            x.AddConsumers(typeof(MessagingExtensions).Assembly);
            // Transient faults (a concurrent duplicate, a locked SQLite file) are retried; consumers are idempotent.
            x.AddConfigureEndpointsCallback((_, _, endpoint) =>
                endpoint.UseMessageRetry(r => r.Intervals(200, 1000, 5000, 15000)));
            if (string.Equals(transport, "RabbitMQ", StringComparison.OrdinalIgnoreCase))
            {
                x.UsingRabbitMq((context, cfg) =>
                {
                    cfg.Host(config["Messaging:RabbitMq:Host"] ?? "localhost", config["Messaging:RabbitMq:VirtualHost"] ?? "/", h =>
                    {
                        h.Username(config["Messaging:RabbitMq:Username"] ?? "guest");
                        h.Password(config["Messaging:RabbitMq:Password"] ?? "guest");
                    });
                    cfg.ConfigureEndpoints(context, endpointNames);
                });
            }
            else
            {
                x.UsingInMemory((context, cfg) => cfg.ConfigureEndpoints(context, endpointNames));
            }
        });
        services.AddSingleton<OutboxSignal>();
        services.AddHostedService<OutboxDispatcher>();
        return services;
    }
}
