namespace MLCycle.Monitoring.Alerts;

/// <summary>What became of one alert sent to one webhook: delivered or not, after how many attempts, the last HTTP status and the last error.</summary>
public sealed record AlertDelivery(Uri Webhook, AlertKind Kind, bool Delivered, int Attempts, int? Status, string? Error);
