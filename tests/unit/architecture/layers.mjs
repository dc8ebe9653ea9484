// @ts-check
/**
 * The architecture, as a table both checkers read: tests/unit/architecture.test.ts (on the import graph, by the
 * TypeScript compiler API) and eslint.config.js (import-x/no-restricted-paths, in the editor as you type).
 *
 * Layers, bottom first. A module may import from any layer BELOW its own, never from its own layer's other
 * folders or from above. So folders cannot form a cycle, and lib/ never reaches components/ or entrypoints/.
 * A "unit" is a folder of lib/ (lib/model.ts counts as one), or components/ or entrypoints/ as a whole.
 */
export const LAYERS = [
  { units: ['lib/model', 'lib/text'], why: 'domain types and the step-text markup: import nothing of ours' },
  { units: ['lib/screenshot', 'lib/dom'], why: 'one CSS px → image px mapping, frame picking; reading page text and labels, bounded' },
  { units: ['lib/privacy'], why: 'secret masking, blur geometry, screen states' },
  { units: ['lib/capture'], why: 'what the content script sees: target description, selectors, page observations' },
  { units: ['lib/narration', 'lib/steps'], why: 'transcripts and their alignment; step synthesis from events' },
  { units: ['lib/sop'], why: 'the SOP document drafted around the steps' },
  { units: ['lib/guide'], why: 'Guide me: finding a step\'s element again (locators, scoring, drift), what completes a step, the run and its log' },
  { units: ['lib/drift'], why: 'the drift check: a step seen again as ok / changed / missing, crops compared pixel by pixel, the report, Accept changes, where replay may run' },
  { units: ['lib/editor', 'lib/messaging'], why: 'pure editor operations; the typed protocol, its specs, the router' },
  { units: ['lib/export'], why: 'pure exporters: SOP in, bytes out (no storage, no browser)' },
  { units: ['lib/db'], why: 'the one Dexie schema, stores and restore-on-read' },
  { units: ['lib/import', 'lib/recording'], why: 'import into storage; the recorder state machine on its ports' },
  { units: ['lib/team-library'], why: 'the team library: repository layout, mkdocs nav, checks of what a repository holds, sync status, Git client on injected fs/http' },
  { units: ['lib/media', 'lib/model-files'], why: 'browser runtime: offscreen media (audio, Whisper tap, ffmpeg), model files' },
  { units: ['lib/platform'], why: 'the only chrome.* adapters, and the composition root (background-ports.ts)' },
  { units: ['lib/exporting'], why: 'page-side export services: load, render, build, download' },
  { units: ['lib/team-sync'], why: 'page-side team library services: publish, pull, the offline queue' },
  { units: ['components'], why: 'Preact UI' },
  { units: ['entrypoints'], why: 'wiring: each context registers handlers and mounts its UI' },
];

/** Layers at and below this index are pure: no chrome.*, nothing from lib/media, lib/platform, lib/exporting. */
export const PURE_UP_TO = LAYERS.findIndex((l) => l.units.includes('lib/team-library'));

/**
 * Known exceptions, each with its reason and a way out. The checker fails on an exception that is no longer
 * needed, so this list only shrinks.
 */
export const EXCEPTIONS = [];

/** The only folder whose modules may reference the chrome / browser globals. */
export const PLATFORM_UNIT = 'lib/platform';

/** The content script runs in every frame of every page: what it imports must not open IndexedDB. */
export const CONTENT_SCRIPT = 'entrypoints/content.ts';
export const CONTENT_SCRIPT_FORBIDDEN = ['lib/db'];
