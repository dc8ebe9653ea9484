/**
 * The background's recording logic, with every browser and storage call injected (lib/recording/ports.ts) so
 * it runs under Vitest. Composed of parts that share one context (context.ts: the ports, the serial queue, the
 * common writes): session control (session.ts), capture intake (intake.ts), following tabs (tab-follow.ts),
 * screenshots (shots.ts), frame geometry (frames.ts) and drafting (drafting.ts). Holds no state of its own:
 * the service worker may be stopped between any two calls, so everything lives behind `ports.state`
 * (storage.session) and the database. Handlers are idempotent.
 */
import { createContext } from './context';
import { createIntake } from './intake';
import type { RecorderPorts } from './ports';
import { createSession } from './session';
import { createShots } from './shots';
import { createTabFollow } from './tab-follow';

export function createRecorder(ports: RecorderPorts) {
  const ctx = createContext(ports);
  const shots = createShots(ports);
  const session = createSession(ctx, shots);
  const { stopIfDiskFull } = session;
  const follow = createTabFollow(ctx, { stopIfDiskFull });
  const intake = createIntake(ctx, { shots, follow, stopIfDiskFull });

  return {
    getState: session.getState,
    start: session.start,
    pause: session.pause,
    resume: session.resume,
    stop: session.stop,
    recover: session.recover,
    discard: session.discard,
    mediaStatus: session.mediaStatus,

    hello: intake.hello,
    sensitiveFocus: intake.sensitiveFocus,
    observed: intake.observed,
    frameLink: intake.frameLink,
    shot: intake.shot,
    action: intake.action,

    navigated: follow.navigated,
    titled: follow.titled,
    tabOpened: follow.tabOpened,
    zoomChanged: follow.zoomChanged,
    tabActivated: follow.tabActivated,
    tabClosed: follow.tabClosed,
  };
}

export type Recorder = ReturnType<typeof createRecorder>;
