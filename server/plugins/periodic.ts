// A housekeeping task a plugin runs once the app is ready and then every interval, until the app
// closes. The timer does not keep the process alive; the task catches and logs its own errors.
import type { FastifyInstance } from 'fastify';

export function runPeriodically(app: FastifyInstance, task: () => void, intervalMs: number): void {
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    task();
    timer = setInterval(task, intervalMs);
    timer.unref();
  });
  app.addHook('preClose', async () => clearInterval(timer));
}
