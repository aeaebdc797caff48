// The scheduled backups on /metrics: a counter by outcome and the time of the last success, for an alert rule
// such as "no backup for two days".
import { describe, expect, it } from 'vitest';
import { PrometheusMetrics } from '../../src/bots/http/prometheus-metrics.ts';

describe('backup metrics', () => {
  it('counts backups by outcome and shows when the last one was written', async () => {
    const metrics = new PrometheusMetrics();
    metrics.backupWritten({ bytes: 138_000, seconds: 0.4, at: Date.parse('2020-04-17T20:31:00Z') });
    metrics.backupFailed();
    const { body } = await metrics.scrape();
    expect(body).toContain('mltrainer_backups_total{outcome="ok"} 1');
    expect(body).toContain('mltrainer_backups_total{outcome="failed"} 1');
    expect(body).toContain(`mltrainer_backup_last_success_timestamp_seconds ${Date.parse('2020-04-17T20:31:00Z') / 1000}`);
    expect(body).toContain('mltrainer_backup_size_bytes 138000');
  });
});
