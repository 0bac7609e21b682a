using Dataphin.UpgradeKit.Notifications;

namespace Dataphin.UpgradeKit.Samples.Web;

/// <summary>
/// Where a real host resumes job scheduling, exits maintenance mode or reruns force-stopped instances (R-HOST-1); the
/// sample only writes down what it would do.
/// </summary>
internal sealed partial class LoggingNotificationHandler(ILogger<LoggingNotificationHandler> logger) : IUpgradeNotificationHandler
{
    public Task HandleAsync(UpgradeNotification notification, CancellationToken cancellationToken)
    {
        Received(logger, notification.GetType().Name, notification.RecordId);
        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Host would act on {Notification} for upgrade record {RecordId}")]
    private static partial void Received(ILogger logger, string notification, UpgradeRecordId recordId);
}
