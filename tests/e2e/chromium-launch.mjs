// How the extension is launched in Chromium for automation: shared by the E2E fixture and scripts/demo.mjs.
// Plain ESM (types in chromium-launch.d.mts) so a Node script can import it without a build step.
import { resolve } from 'node:path';

/** Fixed by the manifest `key` (see wxt.config.ts). */
export const EXTENSION_ID = 'ankdnemniagmhaocaoenobogeakcheac';
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium flags that load the unpacked extension and let it record without a human click or prompt.
 * @param {string} extensionDir absolute path of .output/chrome-mv3
 * @param {string} [fakeAudioFile] a WAV fed as the microphone
 * @returns {string[]}
 */
export function chromiumArgs(extensionDir, fakeAudioFile) {
  const args = [
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--window-size=1280,800',
    `--disable-extensions-except=${extensionDir}`,
    `--load-extension=${extensionDir}`,
    // Lets the extension start tab capture without a human toolbar click.
    `--allowlisted-extension-id=${EXTENSION_ID}`,
    '--use-fake-device-for-media-stream',
    '--auto-accept-camera-and-microphone-capture',
    // Never --use-fake-ui-for-media-stream: it breaks tab capture.
  ];
  // The sandbox cannot start as root (CI, containers).
  if (process.getuid?.() === 0) args.unshift('--no-sandbox');
  if (fakeAudioFile) args.push(`--use-file-for-fake-audio-capture=${resolve(fakeAudioFile)}`);
  return args;
}
