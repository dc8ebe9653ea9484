/**
 * Every export the popup and the editor offer, in one list: each is a function of the SOP id that builds the
 * file(s) and hands them to the browser's downloads, reporting progress and honouring cancellation.
 * Add an export here and it appears in both places (components/export-menu.tsx).
 */
import type { SopId } from '../model';
import type { ExportContext } from './context';
import { exportMarkdownZip, exportSingleFileMarkdown } from './markdown';

/** What an action that is not a plain download reports (Publish): its own words and, maybe, a link. */
export interface ActionOutcome {
  readonly message: string;
  readonly link?: { readonly href: string; readonly label: string };
  /** Not done yet but not failed either (queued for a retry). */
  readonly pending?: boolean;
}

export interface ExportAction {
  readonly id: string;
  /** The button's accessible name, e.g. "Export PDF". */
  readonly label: string;
  /** One line under the button group saying what the file is for. */
  readonly hint: string;
  /** Shown first, as the primary button. */
  readonly primary?: boolean;
  /** Shown as a button of its own; the others are listed under "More formats". */
  readonly featured?: boolean;
  /** The Cancel button's name while it runs (default "Cancel export"). */
  readonly cancelLabel?: string;
  /** What the progress line says while it runs (default: the label with "Export" → "Exporting"). */
  readonly runningLabel?: string;
  /** What the person is told after Cancel (default "Export cancelled."). */
  readonly cancelledText?: string;
  /** Resolves to the downloaded file name(s), or its own outcome. */
  run(sopId: SopId, ctx: ExportContext): Promise<string | ActionOutcome>;
}

export const EXPORT_ACTIONS: readonly ExportAction[] = [
  {
    id: 'markdown-zip',
    label: 'Export Markdown',
    hint: 'sop.md with an images/ folder, zipped',
    primary: true,
    featured: true,
    run: (sopId, ctx) => exportMarkdownZip(sopId, ctx),
  },
  {
    id: 'markdown-single',
    label: 'Export single-file Markdown',
    hint: 'one .md file with the images inline',
    run: (sopId, ctx) => exportSingleFileMarkdown(sopId, ctx),
  },
  {
    id: 'pdf',
    label: 'Export PDF',
    hint: 'a PDF to print or file: cover, contents, every section, screenshots, diagram',
    featured: true,
    // Imported on use: jsPDF and the PDF builder stay out of the popup's own chunk.
    run: async (sopId, ctx) => (await import('./pdf')).exportPdf(sopId, ctx),
  },
  {
    id: 'devtools-recorder',
    label: 'Export DevTools Recorder JSON',
    hint: 'a Chrome DevTools Recorder flow to replay (Recorder panel, @puppeteer/replay); secrets stay placeholders',
    run: async (sopId, ctx) => (await import('./replay')).exportDevToolsRecording(sopId, ctx),
  },
  {
    id: 'playwright-test',
    label: 'Export Playwright test',
    hint: 'a .spec.ts that performs the SOP and checks what the page showed; secrets from the environment',
    run: async (sopId, ctx) => (await import('./replay')).exportPlaywrightTest(sopId, ctx),
  },
  {
    id: 'html',
    label: 'Export HTML',
    hint: 'one self-contained .html page to read, share or print: every section, screenshots inline, no scripts',
    featured: true,
    run: async (sopId, ctx) => (await import('./documents')).exportHtml(sopId, ctx),
  },
  {
    id: 'json',
    label: 'Export JSON',
    hint: 'the whole SOP with its screenshots as versioned JSON, to back up or import elsewhere (docs/json-format.md)',
    run: async (sopId, ctx) => (await import('./documents')).exportJson(sopId, ctx),
  },
  {
    id: 'json-video',
    label: 'Export JSON with video',
    hint: 'the JSON export plus the recording\'s video and transcript (large)',
    run: async (sopId, ctx) => (await import('./documents')).exportJson(sopId, ctx, true),
  },
  {
    id: 'mkdocs',
    label: 'Export MkDocs / TechDocs',
    hint: 'a zip with mkdocs.yml, docs/index.md and docs/images/ for MkDocs or Backstage TechDocs',
    run: async (sopId, ctx) => (await import('./documents')).exportMkdocs(sopId, ctx),
  },
  {
    id: 'video-mp4',
    label: 'Export video (MP4)',
    hint: 'the recording as H.264/AAC MP4 with one chapter per step and the narration (made on this device; slow for long recordings)',
    run: async (sopId, ctx) => (await import('./video')).exportVideo(sopId, 'mp4', ctx),
  },
  {
    id: 'video-gif-clips',
    label: 'Export step clips (GIF)',
    hint: 'a zip of step-NN.gif: each step from 1 s before to 3 s after, at most 640 px wide',
    run: async (sopId, ctx) => (await import('./video')).exportVideo(sopId, 'gif-zip', ctx),
  },
];
