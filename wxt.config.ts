import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/**
 * ffmpeg.wasm's worker, the two modules it imports and the single-thread core, shipped as extension files
 * (lib/media/ffmpeg.ts loads them by URL): Vite does not emit @ffmpeg/ffmpeg's worker, and MV3 forbids
 * loading the core from a CDN. Copied from node_modules at build time rather than committed (32 MB).
 */
const FFMPEG_FILES: ReadonlyArray<readonly [string, string]> = [
  ['@ffmpeg/ffmpeg/dist/esm/worker.js', 'ffmpeg/worker.js'],
  ['@ffmpeg/ffmpeg/dist/esm/const.js', 'ffmpeg/const.js'],
  ['@ffmpeg/ffmpeg/dist/esm/errors.js', 'ffmpeg/errors.js'],
  ['@ffmpeg/core/dist/esm/ffmpeg-core.js', 'ffmpeg/ffmpeg-core.js'],
  ['@ffmpeg/core/dist/esm/ffmpeg-core.wasm', 'ffmpeg/ffmpeg-core.wasm'],
];

/**
 * Public half of the extension's signing key. It fixes the extension id to
 * ankdnemniagmhaocaoenobogeakcheac so automation can pass
 * --allowlisted-extension-id (tab capture without a human click). The private key is never committed.
 */
export const EXTENSION_PUBLIC_KEY =
  'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEArExag7OOd9K1eF3lP7i4vt4j4QLdIz9OoepOk2gmYS6zON+fDFoVsL1KKJJVyLNfHhK4twJgRfh5BR1QJMpm4M/f/p1FI5mQvjCn3NpY+QCNsy15Uc+ZsWRcDtPUUnzNdSW8HJw4CTD5fPGjCzL6u7R3JZqY1N+Tkyrm8SkwK4Mo2sDJMOr9AFa2D7Pxfn7exy3DcrHii2QZLrpNGyRsisy9sQASZilwfQ7sVCSHk24WVMW6SWRVan3ye5A3xyqJv9rCbU/P6duE/v2BYs/htdicIRn0z3r2n/e5RZ2VVvIAQbCLjLibJCCJ+Le85siVbFM1i/kOWfsmfJdrg1AYuwIDAQAB';

export default defineConfig({
  imports: false,
  // A second checkout (or a parallel build) can build elsewhere: SOP_OUT_DIR=/tmp/x → /tmp/x/chrome-mv3.
  ...(process.env.SOP_OUT_DIR ? { outDir: process.env.SOP_OUT_DIR } : {}),
  // SOP_NO_MINIFY=1 keeps function names, for CPU profiles of the content script (scripts/bench-page-feel.mjs --profile).
  vite: () => ({ plugins: [preact()], worker: { format: 'es' }, ...(process.env.SOP_NO_MINIFY ? { build: { minify: false } } : {}) }),
  hooks: {
    'build:publicAssets': (wxt, files) => {
      for (const [from, to] of FFMPEG_FILES) files.push({ absoluteSrc: `${wxt.config.root}/node_modules/${from}`, relativeDest: to });
    },
  },

  manifest: {
    name: 'SOP Recorder',
    description: 'Record a browser workflow and turn it into a draft Standard Operating Procedure. Everything stays on your machine.',
    key: EXTENSION_PUBLIC_KEY,
    permissions: ['tabCapture', 'offscreen', 'storage', 'unlimitedStorage', 'tabs', 'webNavigation', 'downloads', 'scripting', 'activeTab', 'alarms'],
    host_permissions: ['<all_urls>'],
    // The team library's Git server: asked for that one origin when the person connects (Options → Team
    // library). <all_urls> above already covers it today (recording needs it); this keeps the request explicit
    // and is what remains if host_permissions is ever narrowed.
    optional_host_permissions: ['https://*/*', 'http://127.0.0.1/*', 'http://localhost/*'],
    action: { default_title: 'SOP Recorder' },
    commands: {
      'toggle-recording': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: 'Start or stop recording the current tab',
      },
    },
    content_security_policy: {
      extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'",
    },
  },
});
