/**
 * Checks the shape of the code base on its import graph (tests/unit/architecture/import-graph.ts): the layers
 * of tests/unit/architecture/layers.mjs (no folder cycles, nothing imports upward), the extension API only in
 * lib/platform, a content script that never loads storage or zod, and a handler for every protocol verb.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_SPECS } from '../../lib/messaging/background-specs';
import { CONTENT_SPECS } from '../../lib/messaging/content-specs';
import { OFFSCREEN_SPECS } from '../../lib/messaging/offscreen-specs';
import { buildGraph, checkArchitecture, loadedFiles, loadedPackages, protocolVerbs, routerHandlers, unitOf } from './architecture/import-graph';
import { CONTENT_SCRIPT, CONTENT_SCRIPT_FORBIDDEN, EXCEPTIONS, LAYERS, PLATFORM_UNIT, PURE_UP_TO } from './architecture/layers.mjs';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? sources(path) : [path.split(sep).join('/')];
  });
}

const files = new Map(['lib', 'components', 'entrypoints'].flatMap(sources).map((p) => [p, readFileSync(join(root, p), 'utf8')]));
const graph = buildGraph(files);
const report = checkArchitecture(graph, {
  layers: LAYERS,
  exceptions: EXCEPTIONS,
  platformUnit: PLATFORM_UNIT,
  contentScript: CONTENT_SCRIPT,
  contentScriptForbidden: CONTENT_SCRIPT_FORBIDDEN,
});

describe('architecture (import graph)', () => {
  it('reads the whole tree', () => {
    expect(graph.size).toBeGreaterThan(150);
    expect(graph.get('entrypoints/background.ts')?.imports.some((e) => e.to === 'lib/recording/recorder.ts')).toBe(true);
    // The adapters do use the API: the check below would see it anywhere else.
    expect(graph.get('lib/platform/downloads.ts')?.extensionApi.length).toBeGreaterThan(0);
  });

  it('places every folder of lib/ in exactly one layer, and names no folder that is gone', () => {
    const placed = LAYERS.flatMap((l) => l.units);
    const present = [...new Set([...graph.keys()].map(unitOf).filter((u): u is string => u !== null))].sort();
    expect(new Set(placed).size).toBe(placed.length);
    expect([...placed].sort()).toEqual(present);
  });

  it('has no folder cycles in lib/ beyond the listed exceptions', () => {
    expect(report.cycles).toEqual([]);
  });

  it('imports only downward through the layers (lib/ never reaches components/ or entrypoints/)', () => {
    expect(report.forbidden).toEqual([]);
  });

  it('lists only exceptions that are still needed', () => {
    expect(report.staleExceptions).toEqual([]);
  });

  it('keeps the chrome / browser API inside lib/platform (any reference: calls, destructuring, wxt/browser)', () => {
    expect(report.extensionApiOutsidePlatform).toEqual([]);
  });

  it('keeps the pure layers free of browser runtime folders', () => {
    const impure = LAYERS.slice(PURE_UP_TO + 1).flatMap((l) => l.units);
    expect(impure).toEqual(expect.arrayContaining(['lib/platform', 'lib/media', 'lib/exporting']));
  });

  it('keeps storage and zod out of the content script (it is parsed in every frame of every page)', () => {
    expect(report.contentScriptLoads).toEqual([]);
    const loaded = loadedFiles(graph, CONTENT_SCRIPT);
    expect(loaded.size).toBeGreaterThan(3);
    expect([...loadedPackages(graph, loaded)].filter((p) => p === 'zod' || p.startsWith('zod/') || p === 'dexie')).toEqual([]);
  });

  describe('every protocol verb has a registered handler', () => {
    const verbs = protocolVerbs(files.get('lib/messaging/protocol.ts')!);
    const specs = { BACKGROUND_SPECS, OFFSCREEN_SPECS, CONTENT_SPECS } as const;
    const routers = [...files].flatMap(([path, text]) => routerHandlers(path, text).map((r) => ({ ...r, path })));

    it('reads three receivers from the protocol types', () => {
      expect([...verbs.keys()].sort()).toEqual(['background', 'content', 'offscreen']);
    });

    it.each(Object.entries(specs))('%s validates exactly the verbs of its protocol type', (_name, spec) => {
      expect(Object.keys(spec.verbs).sort()).toEqual([...(verbs.get(spec.receiver) ?? [])].sort());
    });

    it.each(Object.entries(specs))('%s has one router whose handler map covers every verb', (name, spec) => {
      const mine = routers.filter((r) => r.specs === name);
      expect(mine.map((r) => r.path)).toHaveLength(1);
      expect([...mine[0]!.verbs].sort()).toEqual([...(verbs.get(spec.receiver) ?? [])].sort());
    });
  });
});

