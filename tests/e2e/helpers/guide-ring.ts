/** For specs that build an SOP from the live page and follow Guide me's highlight (guide, drift). */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import type { Frame, Locator, Page } from '@playwright/test';
import { expect } from '../fixtures';

/** lib/capture/describe-target.ts as a page script: the targets are described exactly as a recording does. */
export async function describerSource(): Promise<string> {
  const out = await build({
    stdin: {
      contents: "import { describeTarget } from './lib/capture/describe-target'; export const describe = (el) => describeTarget(el);",
      resolveDir: resolve(import.meta.dirname, '../../..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'iife',
    globalName: 'SopDescribe',
    target: 'chrome120',
    write: false,
    logLevel: 'warning',
  });
  return out.outputFiles[0]!.text;
}

/** The ring drawn by the guide in this document (page or frame). */
export function ring(where: Page | Frame): Locator {
  return where.locator('sop-guide-highlight [data-guide-highlight]');
}

/** The ring surrounds `target` (4 px padding each side, give or take a pixel). */
export async function expectRingAround(where: Page | Frame, target: Locator): Promise<void> {
  await expect(ring(where)).toBeVisible();
  await expect
    .poll(async () => {
      const [r, t] = await Promise.all([ring(where).boundingBox(), target.boundingBox()]);
      if (!r || !t) return false;
      return Math.abs(r.x + 4 - t.x) <= 2 && Math.abs(r.y + 4 - t.y) <= 2 && Math.abs(r.width - 8 - t.width) <= 2 && Math.abs(r.height - 8 - t.height) <= 2;
    })
    .toBe(true);
}
