/**
 * Starves a test browser's audio for a while, the way a busy machine does: Chromium's audio service process
 * (the microphone and every AudioContext's rendering clock) is stopped with SIGSTOP, then let go. Frames it
 * would have rendered meanwhile are never rendered, exactly what a starved audio thread does under CPU load —
 * only deterministic. Only the browser of `profile` is touched (other browsers on the machine keep their audio).
 */
import { execFileSync } from 'node:child_process';

interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly args: string;
}

function processes(): Proc[] {
  return execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** The audio service process of the browser using `profile`; throws if there is none (no audio started yet). */
export function audioServicePid(profile: string): number {
  const all = processes();
  const browser = all.find((p) => p.args.includes(`--user-data-dir=${profile}`) && !p.args.includes('--type='));
  if (!browser) throw new Error(`No browser runs with the profile ${profile}`);
  const audio = all.find((p) => p.ppid === browser.pid && p.args.includes('utility-sub-type=audio.mojom.AudioService'));
  if (!audio) throw new Error('The browser has no audio service process (in-process audio?)');
  return audio.pid;
}

/** Stops the audio service for `ms`, then resumes it — also if the wait is interrupted. */
export async function stallAudio(profile: string, ms: number): Promise<void> {
  const pid = audioServicePid(profile);
  process.kill(pid, 'SIGSTOP');
  try {
    // The stall's length is the stimulus itself, not a wait for a condition.
    await new Promise((resolve) => setTimeout(resolve, ms));
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
