package chat.presence.local.emulator;

/** Where a FIFO queue and its dead-letter queue live, as URLs for clients and ARNs for policies. */
public record QueueUrls(String url, String arn, String deadLetterUrl, String deadLetterArn) {}
