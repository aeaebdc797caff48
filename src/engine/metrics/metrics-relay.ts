// The AppMetrics the app is built with: measurements go nowhere until `mltrainer start` points it at Prometheus, so
// one-shot commands pay nothing for metrics and the parts built before the HTTP server need no rewiring.
import { NO_METRICS, type AppMetrics } from './app-metrics.ts';

export class MetricsRelay implements AppMetrics {
  private target: AppMetrics = NO_METRICS;

  setTarget(target: AppMetrics): void {
    this.target = target;
  }

  messageHandled(m: Parameters<AppMetrics['messageHandled']>[0]): void {
    this.target.messageHandled(m);
  }

  llmCall(m: Parameters<AppMetrics['llmCall']>[0]): void {
    this.target.llmCall(m);
  }

  orderFinished(m: Parameters<AppMetrics['orderFinished']>[0]): void {
    this.target.orderFinished(m);
  }

  evaluationRun(m: Parameters<AppMetrics['evaluationRun']>[0]): void {
    this.target.evaluationRun(m);
  }

  providerError(provider: string): void {
    this.target.providerError(provider);
  }

  backupWritten(m: Parameters<AppMetrics['backupWritten']>[0]): void {
    this.target.backupWritten(m);
  }

  backupFailed(): void {
    this.target.backupFailed();
  }
}
