/** The architecture checker on planted fixtures: it must fail on a cycle, an upward import, a hidden chrome use. */
import { describe, expect, it } from 'vitest';
import { buildGraph, checkArchitecture, forbiddenEdges, parseModule, protocolVerbs, routerHandlers, unitCycles, unitEdges, type ArchitectureRules } from './import-graph';

const rules: ArchitectureRules = {
  layers: [{ units: ['lib/model'] }, { units: ['lib/sop', 'lib/steps'] }, { units: ['lib/db'] }, { units: ['lib/platform'] }, { units: ['entrypoints'] }],
  exceptions: [],
  platformUnit: 'lib/platform',
  contentScript: 'entrypoints/content.ts',
  contentScriptForbidden: ['lib/db'],
};

/** A small tree that obeys every rule; each test plants one breach in it. */
const clean: Record<string, string> = {
  'lib/model.ts': 'export type Id = string;',
  'lib/sop/doc.ts': "import type { Id } from '../model';\nexport const doc = (id: Id) => id;",
  'lib/steps/synth.ts': "import { doc } from '../sop/doc';\nexport const synth = () => doc('x');".replace('../sop/doc', '../model'),
  'lib/db/store.ts': "import { doc } from '../sop/doc';\nexport const save = () => doc('x');",
  'lib/platform/tabs.ts': "export const active = () => chrome.tabs.query({ active: true });",
  'entrypoints/content.ts': "import { doc } from '../lib/sop/doc';\ndoc('a');",
};

const check = (planted: Record<string, string>) => checkArchitecture(buildGraph(new Map(Object.entries({ ...clean, ...planted }))), rules);

describe('checkArchitecture on fixtures', () => {
  it('passes the clean tree', () => {
    expect(check({})).toEqual({ cycles: [], forbidden: [], staleExceptions: [], extensionApiOutsidePlatform: [], contentScriptLoads: [] });
  });

  it('fails on a planted folder cycle (sop → db while db → sop)', () => {
    const report = check({ 'lib/sop/restore.ts': "import { save } from '../db/store';\nexport const r = save;" });
    expect(report.cycles).toEqual([['lib/db', 'lib/sop']]);
    expect(report.forbidden).toEqual(['lib/sop -> lib/db: upward (lib/sop/restore.ts -> lib/db/store.ts)']);
  });

  it('fails on a cycle made only of type imports', () => {
    const report = check({ 'lib/sop/types.ts': "import type { save } from '../db/store';\nexport type S = typeof save;" });
    expect(report.cycles).toHaveLength(1);
  });

  it('fails on a planted forbidden import (a pure folder reaching lib/platform, lib/ reaching entrypoints/)', () => {
    const report = check({
      'lib/steps/tab.ts': "export { active } from '../platform/tabs';",
      'lib/db/boot.ts': "export const load = () => import('../../entrypoints/content');",
    });
    expect(report.forbidden).toEqual([
      'lib/db -> entrypoints: upward (lib/db/boot.ts -> entrypoints/content.ts)',
      'lib/steps -> lib/platform: upward (lib/steps/tab.ts -> lib/platform/tabs.ts)',
    ]);
    expect(report.cycles).toEqual([]);
  });

  it('fails on an import within one layer and on a folder the table does not place', () => {
    expect(check({ 'lib/steps/x.ts': "import { doc } from '../sop/doc';" }).forbidden).toEqual([
      'lib/steps -> lib/sop: same layer (lib/steps/x.ts -> lib/sop/doc.ts)',
    ]);
    expect(check({ 'lib/newfolder/x.ts': "import type { Id } from '../model';" }).forbidden[0]).toMatch(/lib\/newfolder has no layer/);
  });

  it('allows a listed exception, and reports it once nothing needs it', () => {
    const withException = { ...rules, exceptions: [{ from: 'lib/sop', to: 'lib/db' }] };
    const planted = buildGraph(new Map(Object.entries({ ...clean, 'lib/sop/restore.ts': "import { save } from '../db/store';" })));
    expect(checkArchitecture(planted, withException)).toMatchObject({ cycles: [], forbidden: [], staleExceptions: [] });
    expect(checkArchitecture(buildGraph(new Map(Object.entries(clean))), withException).staleExceptions).toEqual(['lib/sop -> lib/db']);
  });

  it('fails when the content script loads storage through another module', () => {
    const report = check({ 'entrypoints/content.ts': "import { save } from '../lib/db/store';\nsave();" });
    expect(report.contentScriptLoads).toEqual(['lib/db/store.ts']);
    // A type import is erased: it loads nothing.
    expect(check({ 'entrypoints/content.ts': "import type { save } from '../lib/db/store';" }).contentScriptLoads).toEqual([]);
  });

  it.each([
    ['a call', 'chrome.tabs.query({});'],
    ['destructuring', 'const { tabs } = chrome;\ntabs.query({});'],
    ['an alias', 'const api = chrome;'],
    ['browser', 'browser.runtime.getURL("");'],
    ['wxt/browser', "import { browser } from 'wxt/browser';\nbrowser.runtime.id;"],
    ['a type', 'let d: chrome.downloads.DownloadDelta | undefined;'],
  ])('finds the extension API used outside lib/platform: %s', (_name, text) => {
    expect(check({ 'lib/sop/leak.ts': text }).extensionApiOutsidePlatform.length).toBeGreaterThan(0);
  });

  it.each([
    ['a property named chrome', 'const ua = { chrome: 1 };\nexport const v = ua.chrome;'],
    ['a local parameter', 'export const f = (browser: string) => browser.length;'],
    ['a string or comment', "// chrome.tabs\nexport const s = 'chrome.tabs';"],
  ])('does not count %s', (_name, text) => {
    expect(check({ 'lib/sop/ok.ts': text }).extensionApiOutsidePlatform).toEqual([]);
  });

  it('resolves ?url queries, index files and re-exports', () => {
    const files = new Map(Object.entries({ 'a/w.ts': '', 'a/b/index.ts': '', 'a/x.ts': "import u from './w.ts?worker&url';\nexport * from './b';" }));
    const mod = parseModule('a/x.ts', files.get('a/x.ts')!, (p) => files.has(p));
    expect(mod.imports.map((e) => e.to)).toEqual(['a/w.ts', 'a/b/index.ts']);
  });

  it('finds cycles of three folders', () => {
    const edges = unitEdges(buildGraph(new Map(Object.entries({ 'lib/a/x.ts': "import '../b/y';", 'lib/b/y.ts': "import '../c/z';", 'lib/c/z.ts': "import '../a/x';" }))));
    expect(unitCycles(edges)).toEqual([['lib/a', 'lib/b', 'lib/c']]);
    expect(forbiddenEdges(edges, { layers: [{ units: ['lib/a'] }, { units: ['lib/b'] }, { units: ['lib/c'] }], exceptions: [] })).toHaveLength(2);
  });
});

describe('protocol verbs and handler maps', () => {
  const protocol = `
    interface Verb<P, R> { payload: P; result: R }
    export interface BgProtocol { 'a.one': Verb<void, void>; 'a.two': Verb<void, void> }
    export interface Protocols { background: BgProtocol }`;

  it('reads the verbs from the protocol types', () => {
    expect(protocolVerbs(protocol)).toEqual(new Map([['background', ['a.one', 'a.two']]]));
  });

  it('reads the handler map of each router, so a missing handler shows', () => {
    const wiring = "listen(createRouter(BG_SPECS, { 'a.one': () => 1 }), 'background');";
    const [router] = routerHandlers('entrypoints/bg.ts', wiring);
    expect(router).toEqual({ specs: 'BG_SPECS', verbs: ['a.one'] });
    expect(protocolVerbs(protocol).get('background')!.filter((v) => !router!.verbs.includes(v))).toEqual(['a.two']);
  });
});
