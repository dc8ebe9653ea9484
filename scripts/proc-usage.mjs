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
