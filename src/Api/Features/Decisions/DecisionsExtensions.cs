using Microsoft.Extensions.DependencyInjection.Extensions;
using Visitation.Api.Infrastructure.Jobs;
using Visitation.Api.Infrastructure.Persistence;
using Visitation.Documents.Rendering;

namespace Visitation.Api.Features.Decisions;

public static class DecisionsExtensions
{
    /// <summary>
    /// Letters and their delivery. <c>Delivery:Channels</c> lists the channels in order; the embedded
    /// default is the parent portal's mailbox (which gives the receipt) plus a file-drop copy.
    /// </summary>
    public static IServiceCollection AddDecisions(this IServiceCollection services, IConfiguration config)
    {
        var settings = config.GetSection("Municipality").Get<MunicipalitySettings>() ?? new MunicipalitySettings();
        services.AddSingleton(settings);
        services.AddSingleton(LetterRenderer.Default);
        services.AddScoped<ICaseChangeRecorder, DecisionChangeRecorder>();
        services.AddScoped<IDeadlineReaction, DecisionDeadlineReactions>();
        services.TryAddSingleton<IDigitalPostClient, NotConnectedDigitalPost>();
        var channels = config.GetSection("Delivery:Channels").Get<string[]>() ?? ["ParentMailbox", "FileDrop"];
        // The complaint clock starts from a receipt, so at least one channel must give one.
        if (!channels.Contains("ParentMailbox") && !channels.Contains("DigitalPost"))
            throw new InvalidOperationException("Delivery:Channels must include ParentMailbox or DigitalPost: only they give delivery receipts.");
        foreach (var channel in channels)
        {
            switch (channel)
            {
                case "ParentMailbox": services.AddScoped<IDeliveryChannel, ParentMailboxChannel>(); break;
                case "FileDrop": services.AddScoped<IDeliveryChannel, FileDropChannel>(); break;
                case "DigitalPost": services.AddScoped<IDeliveryChannel, DigitalPostChannel>(); break;
                default: throw new InvalidOperationException($"Unknown delivery channel '{channel}' in Delivery:Channels.");
            }
        }
        return services;
    }
}
