/** Types for chromium-launch.mjs. */
export declare const EXTENSION_ID: string;
export declare const CHROMIUM_PATH: string;
export declare function chromiumArgs(extensionDir: string, fakeAudioFile?: string): string[];
