/** What the Chromium processes of one bench run use, read from /proc (Linux): memory and CPU time. */
import { readdir, readFile } from 'node:fs/promises';

/** The pids and command lines of the processes whose command line names `marker` (the run's profile dir). */
async function processesOf(marker) {
  const found = [];
  for (const pid of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(pid)) continue;
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmd.includes(marker)) found.push({ pid, cmd });
  }
  return found;
}

/**
 * Proportional resident bytes (PSS: a page shared by n processes counts 1/n in each) of the processes whose
 * command line names `marker`; RSS where smaps_rollup is missing.
 */
export async function residentBytes(marker) {
  let total = 0;
  for (const { pid } of await processesOf(marker)) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const status = rollup ? '' : await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
    total += Number((rollup.match(/^Pss:\s+(\d+)/m) ?? status.match(/VmRSS:\s+(\d+)/))?.[1] ?? 0) * 1024;
  }
  return total;
}

/** CPU seconds (user + system) used so far by those processes: work, not wall time. `byType` gets them per process type. */
export async function cpuSeconds(marker, byType = {}) {
  let ticks = 0;
  for (const { pid, cmd } of await processesOf(marker)) {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const t = Number(f[11] ?? 0) + Number(f[12] ?? 0);
    ticks += t;
    const type = cmd.match(/--type=([\w-]+)/)?.[1] ?? 'browser';
    byType[type] = (byType[type] ?? 0) + t / 100;
  }
  return ticks / 100;
}

/**
 * Each process of the run: pid, Chromium process type, whether it is an extension renderer, its PSS (bytes)
 * and how many dedicated-worker threads it runs (Chromium names them "DedicatedWorker thread"; /proc keeps
 * the first 15 characters). The renderer of the offscreen document is the extension renderer that runs the
 * transcription worker, so this is how a bench tells it apart without a debugging hook in the product.
 */
export async function processUsage(marker) {
  const out = [];
  for (const { pid, cmd } of await processesOf(marker)) {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8').catch(() => '');
    const pss = Number(rollup.match(/^Pss:\s+(\d+)/m)?.[1] ?? 0) * 1024;
    const tasks = await readdir(`/proc/${pid}/task`).catch(() => []);
    let dedicatedWorkers = 0;
    for (const t of tasks) if ((await readFile(`/proc/${pid}/task/${t}/comm`, 'utf8').catch(() => '')).startsWith('DedicatedWorker')) dedicatedWorkers++;
    out.push({ pid: Number(pid), type: cmd.match(/--type=([\w-]+)/)?.[1] ?? 'browser', extension: cmd.includes('--extension-process'), pssBytes: pss, dedicatedWorkers, threads: tasks.length });
  }
  return out;
}

/**
 * CPU seconds of every thread of those processes so far, by thread: `${process type}/${thread name}/${tid}`
 * (Chromium names them: CrRendererMain, DedicatedWorker thread, Compositor, ThreadPoolForeg…). A worker's
 * thread is gone once it ends, so a caller that wants its share samples while it runs and keeps the last value.
 */
export async function threadCpuSeconds(marker) {
  const out = {};
  for (const { pid, cmd } of await processesOf(marker)) {
    const type = cmd.match(/--type=([\w-]+)/)?.[1] ?? 'browser';
    for (const tid of await readdir(`/proc/${pid}/task`).catch(() => [])) {
      const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8').catch(() => '');
      if (!stat) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out[`${type}${cmd.includes('--extension-process') ? '(ext)' : ''}/${name}/${tid}`] = (Number(f[11] ?? 0) + Number(f[12] ?? 0)) / 100;
    }
  }
  return out;
}

/** Sums `threadCpuSeconds` samples by process type and thread name, from `before` to the last sample seen. */
export function cpuByThread(before, lastSeen) {
  const sums = {};
  for (const [key, s] of Object.entries(lastSeen)) {
    const d = s - (before[key] ?? 0);
    if (d <= 0) continue;
    const name = key.slice(0, key.lastIndexOf('/'));
    sums[name] = +((sums[name] ?? 0) + d).toFixed(2);
  }
  return Object.fromEntries(Object.entries(sums).filter(([, v]) => v >= 0.05).sort((a, b) => b[1] - a[1]));
}
