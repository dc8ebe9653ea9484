import { describe, expect, it, vi } from 'vitest';
import { listenChannel, MIC_LEVEL, NARRATION, VIDEO_EXPORT, type ChannelPort, type ChannelSpec } from '../../../lib/messaging/channels';

/** A channel whose messages the test delivers by hand. */
function fakeChannel() {
  const port: ChannelPort & { deliver(data: unknown): void; closed: boolean } = {
    onmessage: null,
    closed: false,
    close() {
      this.closed = true;
    },
    deliver(data) {
      this.onmessage?.({ data } as MessageEvent);
    },
  };
  return port;
}

function receive<T>(spec: ChannelSpec<T>, data: unknown) {
  const port = fakeChannel();
  const got = vi.fn();
  const rejected = vi.fn();
  const stop = listenChannel(spec, got, rejected, () => port);
  port.deliver(data);
  stop();
  expect(port.closed).toBe(true);
  return { got, rejected };
}

const job = { jobId: 'j1', sopId: 'sop-1', kind: 'mp4', state: 'running', note: 'encoding', fraction: 0.5 };

describe('BroadcastChannel receivers validate like runtime messages', () => {
  it.each([
    ['mic level', MIC_LEVEL, { level: 0.3, mic: true }, { level: 0.3 }],
    ['narration loading', NARRATION, { phase: 'loading', fraction: null }, { phase: 'loading', fraction: null }],
    ['narration error', NARRATION, { phase: 'error', message: 'no model' }, { phase: 'error', message: 'no model' }],
    ['video job', VIDEO_EXPORT, job, job],
  ] as const)('passes a valid %s message on', (_name, spec, data, expected) => {
    const { got, rejected } = receive(spec as ChannelSpec<unknown>, data);
    expect(got).toHaveBeenCalledWith(expected);
    expect(rejected).not.toHaveBeenCalled();
  });

  it.each([
    ['mic level as a string', MIC_LEVEL, { level: '0.3' }],
    ['mic level NaN', MIC_LEVEL, { level: Number.NaN }],
    ['an unknown narration phase', NARRATION, { phase: 'done' }],
    ['a narration error without its message', NARRATION, { phase: 'error' }],
    ['a video job of an unknown kind', VIDEO_EXPORT, { ...job, kind: 'avi' }],
    ['a video job whose file is not a blob URL', VIDEO_EXPORT, { ...job, state: 'done', url: 'https://evil.example/x.mp4' }],
    ['null', VIDEO_EXPORT, null],
  ] as const)('drops %s and says why', (_name, spec, data) => {
    const { got, rejected } = receive(spec as ChannelSpec<unknown>, data);
    expect(got).not.toHaveBeenCalled();
    expect(rejected).toHaveBeenCalledTimes(1);
  });
});
