/**
 * The recorder's warnings (why a frame was not usable, why a shot was withheld), collected in the service
 * worker for failure messages: a missing screenshot on a loaded CI machine is otherwise unexplained.
 */
import type { Worker } from '@playwright/test';

export async function collectRecorderWarnings(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    const log: string[] = ((self as unknown as { sopE2eLog?: string[] }).sopE2eLog ??= []);
    const warn = console.warn.bind(console);
    console.warn = (...args: unknown[]) => {
      log.push(`${new Date().toISOString().slice(11, 23)} ${args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : JSON.stringify(a))).join(' ')}`);
      warn(...args);
    };
  });
}

export async function recorderLog(worker: Worker): Promise<string> {
  return worker.evaluate(() => ((self as unknown as { sopE2eLog?: string[] }).sopE2eLog ?? []).join('\n')).catch(() => '(service worker restarted)');
}
