/** Types for deploy-workflow.mjs (plain ESM so scripts/demo.mjs can import it too). */
import type { Page } from '@playwright/test';

export declare const SEARCH_TERM: string;
export declare const CHANGE_TICKET: string;
export declare const VERSION: string;
/** Fake secrets: none of these may ever reach storage, exports, logs or messages. */
export declare const FAKE_REGISTRY_TOKEN: string;
export declare const FAKE_API_KEY: string;
/** Written inside the uploaded release-notes file: file contents must never be stored, only its name. */
export declare const RELEASE_NOTES_SECRET: string;
export declare const RELEASE_NOTES_FILE: string;
export declare const SECRETS: readonly string[];
/** The demo console's hostile button label (set as text on the service page's Danger zone button). */
export declare const HOSTILE_LABEL: string;

/** Mirror of lib/text/markdown.ts escapeMarkdownInline: backslash-escapes page text, folds line breaks. */
export declare function escapeMarkdownInline(text: string): string;
/** Step-text markup as the popup renders it (bold markers dropped, escapes resolved). */
export declare function toPlainText(markup: string): string;

export interface WorkflowContext {
  consolePage: Page;
  /** Set by the 'open-runbook' step. */
  runbookPage?: Page;
  typingDelayMs: number;
}

export interface WorkflowStep {
  /** Stable name, for `include` / `skip` / `onStep`. */
  readonly id: string;
  /** What the user does, in plain words (for logs and demo captions). */
  readonly description: string;
  /** Best-guess step texts (step-text markup) the recorder should draft; reconciled by the tests. */
  readonly expected: readonly string[];
  /** Only run when listed in `include`. */
  readonly optional?: boolean;
  run(ctx: WorkflowContext): Promise<void>;
}

export declare const DEPLOY_WORKFLOW: readonly WorkflowStep[];

export interface WorkflowOptions {
  /** Optional step ids to run too: 'purge-cache', 'api-key', 'release-notes'. */
  include?: readonly string[];
  /** Step ids to leave out. */
  skip?: readonly string[];
  /** Delay between typed characters (default 30). */
  typingDelayMs?: number;
  /** Called before each step (captions, pacing, pausing the recorder…). */
  onStep?: (step: WorkflowStep, index: number, ctx: WorkflowContext) => Promise<void> | void;
}

/** The steps a run with these options performs, in order. */
export declare function selectSteps(options?: WorkflowOptions): WorkflowStep[];
/** Best-guess step texts the recorder should draft for a run with these options. */
export declare function expectedStepTexts(options?: WorkflowOptions): string[];
/** Perform the workflow on a page showing the demo console's Services list (`${mainOrigin}/services`). */
export declare function runDeployWorkflow(page: Page, options?: WorkflowOptions): Promise<WorkflowContext>;
