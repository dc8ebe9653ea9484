/**
 * Every network request the browser makes, from every target: pages, out-of-process iframes, the
 * extension's service worker, its offscreen document, extension pages and their workers. Playwright's own
 * request events miss some of these (offscreen documents, workers started by them), so this speaks CDP
 * itself: a second DevTools client (Chromium launched with --remote-debugging-port=0) auto-attaches to every
 * target as it starts, paused, turns on Network, then lets it run — nothing goes out unseen.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import puppeteer, { type CDPSession } from 'puppeteer-core';

export interface SeenRequest {
  readonly url: string;
  /** Target type and URL that made it ('page', 'service_worker', 'worker', 'iframe', 'other'…). */
  readonly targetType: string;
  readonly targetUrl: string;
}

export interface NetworkMonitor {
  readonly requests: readonly SeenRequest[];
  /** Target types attached so far (to check the monitor sees extension contexts too). */
  readonly targets: readonly { type: string; url: string }[];
  close(): Promise<void>;
}

/** The DevTools port Chromium chose for --remote-debugging-port=0 (written into the profile). */
export async function devToolsPort(profileDir: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(join(profileDir, 'DevToolsActivePort'), 'utf8').catch(() => '');
    const port = Number(text.split('\n')[0]);
    if (port > 0) return port;
    if (Date.now() > deadline) throw new Error('Chromium wrote no DevToolsActivePort');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function monitorNetwork(port: number): Promise<NetworkMonitor> {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${port}`, defaultViewport: null });
  const requests: SeenRequest[] = [];
  const targets: { type: string; url: string; targetId: string }[] = [];
  const infoBySession = new Map<string, { type: string; url: string; targetId: string }>();
  const remember = (sessionId: string, t: { type: string; url: string; targetId: string }) => infoBySession.set(sessionId, { type: t.type, url: t.url, targetId: t.targetId });

  async function watch(session: CDPSession, info: { type: string; url: string; targetId: string }): Promise<void> {
    const target = { ...info };
    targets.push(target);
    session.on('Target.attachedToTarget', (e) => remember(e.sessionId, e.targetInfo));
    session.on('Network.requestWillBeSent', (e) => requests.push({ url: e.request.url, targetType: target.type, targetUrl: target.url }));
    session.on('sessionattached', (child) => void attachChild(child));
    // Sent back to back without waiting: a session runs its commands in order, so Network is on before the
    // target resumes, and a command a target type does not know cannot keep it paused.
    const sent = [
      session.send('Network.enable'),
      // Children (iframes in their own process, workers) are attached paused too.
      session.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true }),
      session.send('Runtime.runIfWaitingForDebugger'),
    ];
    await Promise.allSettled(sent);
  }

  async function attachChild(child: CDPSession): Promise<void> {
    // puppeteer hands the child over before it delivers the attachedToTarget event that names it.
    await Promise.resolve();
    await watch(child, infoBySession.get(child.id()) ?? { type: 'unknown', url: '', targetId: '' });
  }

  const root = await browser.target().createCDPSession();
  // The attachedToTarget event names the target; remember it before the child session is handed over.
  root.on('Target.attachedToTarget', (e) => remember(e.sessionId, e.targetInfo));
  root.on('sessionattached', (child) => void attachChild(child));
  // A target attaches before it has loaded anything (url ''): follow its URL as it changes.
  root.on('Target.targetInfoChanged', (e) => {
    for (const t of targets) if (t.targetId === e.targetInfo.targetId) t.url = e.targetInfo.url;
  });
  await root.send('Target.setDiscoverTargets', { discover: true });
  await root.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: true, flatten: true });

  return {
    requests,
    targets,
    async close() {
      await root.detach().catch(() => undefined);
      await browser.disconnect().catch(() => undefined);
    },
  };
}
