/**
 * Replays a DevTools Recorder flow the way the Recorder panel does: @puppeteer/replay's runner driving Debian's
 * Chromium through puppeteer-core (no downloaded browser), in a browser of its own, so the page starts fresh.
 * Records which step was running when the replay failed, to make a failure readable.
 */
import { createRunner, parse, PuppeteerRunnerExtension, type Step, type UserFlow } from '@puppeteer/replay';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { CHROMIUM_PATH } from '../chromium-launch.mjs';

class TracingExtension extends PuppeteerRunnerExtension {
  readonly done: Step[] = [];
  current?: Step;
  override async beforeEachStep(step: Step, flow?: UserFlow): Promise<void> {
    this.current = step;
    await super.beforeEachStep?.(step, flow);
  }
  override async afterEachStep(step: Step, flow?: UserFlow): Promise<void> {
    this.done.push(step);
    this.current = undefined;
    await super.afterEachStep?.(step, flow);
  }
}

export interface RecorderReplay {
  readonly browser: Browser;
  /** The tab the flow started in ("main"). */
  readonly page: Page;
  /** Steps that finished, in order. */
  readonly done: readonly Step[];
  readonly total: number;
}

/**
 * Launches a headless Chromium, replays `flow` (validated by @puppeteer/replay's own `parse`) with a per-step
 * timeout, and hands back the browser for the caller to inspect and close. Throws with the failing step.
 */
export async function replayRecorderFlow(flow: unknown, opts: { stepTimeoutMs?: number } = {}): Promise<RecorderReplay> {
  const parsed = parse(flow);
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // The sandbox cannot start as root (CI, containers).
    args: process.getuid?.() === 0 ? ['--no-sandbox'] : [],
  });
  try {
    const page = await browser.newPage();
    const extension = new TracingExtension(browser, page, { timeout: opts.stepTimeoutMs ?? 15_000 });
    const runner = await createRunner(parsed, extension);
    try {
      const finished = await runner.run();
      if (!finished) throw new Error('the replay was aborted');
    } catch (error) {
      const where = extension.current ? `step ${extension.done.length + 1} of ${parsed.steps.length} ${JSON.stringify(extension.current)}` : 'setup';
      throw new Error(`Recorder replay failed at ${where}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return { browser, page, done: extension.done, total: parsed.steps.length };
  } catch (error) {
    await browser.close();
    throw error;
  }
}
