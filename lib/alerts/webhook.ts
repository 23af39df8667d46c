/**
 * Alert webhooks: a JSON POST, retried with exponential backoff on network
 * errors, timeouts, 429 and 5xx (1 s, 2 s, 4 s, 8 s by default); any other
 * answer ends it. Resolves with what happened; never throws.
 */
export interface WebhookResult {
  delivered: boolean;
  attempts: number;
  lastStatus: number | null;
}

export async function deliverWebhook(url: string, payload: object, options: { attempts?: number; baseDelayMs?: number; timeoutMs?: number } = {}): Promise<WebhookResult> {
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  let lastStatus: number | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'Callpace-Alerts/1' },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      });
      lastStatus = response.status;
      await response.body?.cancel().catch(() => {});
      if (response.ok) return { delivered: true, attempts: attempt, lastStatus };
      if (response.status !== 429 && response.status < 500) return { delivered: false, attempts: attempt, lastStatus };
    } catch {
      lastStatus = null;
    }
    if (attempt < attempts) await new Promise((resolve) => setTimeout(resolve, baseDelayMs * 2 ** (attempt - 1)));
  }
  return { delivered: false, attempts, lastStatus };
}
