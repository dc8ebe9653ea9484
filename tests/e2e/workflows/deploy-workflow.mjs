// The canonical user workflow on the Shipyard demo console, shared by the E2E tests and scripts/demo.mjs.
// Plain ESM with JSDoc (types in deploy-workflow.d.mts); it imports nothing from Playwright at runtime.
// Each step waits for its visible effect, so a run is deterministic on slow machines.
// `expected` texts follow lib/steps/step-text.ts phrasing as of writing: a best guess, reconciled by the tests.

/** Typed into Search. */
export const SEARCH_TERM = 'payments-api';
export const CHANGE_TICKET = 'CHG-2291';
export const VERSION = 'v1.5.0';
/** Fake secrets: none of these may ever reach storage, exports, logs or messages. */
export const FAKE_REGISTRY_TOKEN = 'ghp_FAKEtoken1234567890abcdefghijklmnopq';
export const FAKE_API_KEY = 'sk_live_FAKEkey0987654321zyxwvutsrq';
/** Written inside the uploaded release-notes file: file CONTENTS must never be stored, only its name. */
export const RELEASE_NOTES_SECRET = 'NOTES-BODY-MUST-NOT-LEAK-5c1f0a';
export const RELEASE_NOTES_FILE = 'release-notes.md';
export const SECRETS = Object.freeze([FAKE_REGISTRY_TOKEN, FAKE_API_KEY, RELEASE_NOTES_SECRET]);
/** The demo console's hostile button label (set as text on the service page's Danger zone button). */
export const HOSTILE_LABEL = '<img src=x onerror=alert(1)> **Purge** [cache](javascript:alert(1))';

/**
 * Mirror of lib/text/markdown.ts escapeMarkdownInline (a .mjs cannot import the .ts), rule for rule:
 * tests/unit/steps/deploy-workflow.test.ts checks both give the same output. Escapes what can change
 * meaning inline (\ ` * [ ] < > | ~ $ @ always; `_` unless between letters/digits; `&` starting an entity;
 * `!` before `[`; the `:` after a URI scheme; the `.` after `www`), a block marker at the start
 * (# + - = > or `1.`/`1)`), a heading's closing `#`s at the end; line breaks fold to spaces.
 * @param {string} s
 */
export function escapeMarkdownInline(s) {
  const text = s.replace(/[\r\n\u2028\u2029]+/g, ' ');
  const marker = /^[ \t]*(?:[#+=>-]|\d+[.)](?=[ \t]|$))/.exec(text);
  const lead = marker ? marker[0].length - 1 : -1;
  const closing = text.search(/(?<=[ \t])#+[ \t]*$/);
  /** @param {number} i */
  const endsScheme = (i) => {
    const next = text[i + 1];
    if (next === undefined || /\s/.test(next)) return false;
    let letter = false;
    for (let j = i - 1; j >= 0 && /[A-Za-z0-9+.-]/.test(text[j] ?? ''); j--) if (/[A-Za-z]/.test(text[j] ?? '')) letter = true;
    return letter;
  };
  /** @param {number} i */
  const needsEscape = (i) => {
    const c = text[i] ?? '';
    if (/[\\`*[\]<>|~$@]/.test(c)) return true;
    if (c === '_') return !(/[\p{L}\p{N}]/u.test(text[i - 1] ?? '') && /[\p{L}\p{N}]/u.test(text[i + 1] ?? ''));
    if (c === '&') return /^&(?:#|[A-Za-z0-9]+;)/.test(text.slice(i));
    if (c === '!') return text[i + 1] === '[';
    if (c === ':') return endsScheme(i);
    if (c === '.') return /^www$/i.test(text.slice(Math.max(0, i - 3), i));
    return false;
  };
  let out = '';
  for (let i = 0; i < text.length; i++) out += (i === lead || i === closing || needsEscape(i) ? '\\' : '') + text[i];
  return out;
}

/**
 * Step-text markup as the popup renders it (bold markers dropped, escapes resolved).
 * @param {string} markup
 */
export function toPlainText(markup) {
  return markup.replace(/\\([!-/:-@[-`{-~])|\*\*/g, (_, c) => c ?? '');
}

/** `**Name**` for a page-derived name. @param {string} name */
const strong = (name) => `**${escapeMarkdownInline(name)}**`;
/** `"value"` for a typed value. @param {string} value */
const quoted = (value) => `"${escapeMarkdownInline(value)}"`;

/**
 * @typedef {import('@playwright/test').Page} Page
 * @typedef {{ consolePage: Page, runbookPage?: Page, typingDelayMs: number }} WorkflowContext
 * @typedef {object} WorkflowStep
 * @property {string} id Stable name, for `include` / `skip` / `onStep`.
 * @property {string} description What the user does, in plain words (for logs and demo captions).
 * @property {readonly string[]} expected Best-guess step texts (step-text markup) the recorder should draft.
 * @property {boolean} [optional] Only run when listed in `include`.
 * @property {(ctx: WorkflowContext) => Promise<void>} run
 */

/**
 * Click into a text field, then type like a person (one key event per character).
 * @param {import('@playwright/test').Locator} field
 * @param {string} text
 * @param {number} delay
 */
async function typeInto(field, text, delay) {
  await field.click();
  await field.pressSequentially(text, { delay });
}

/** @param {WorkflowContext} ctx */
const dialogOf = (ctx) => ctx.consolePage.getByRole('dialog', { name: 'Deploy payments-api' });

/** @type {readonly WorkflowStep[]} */
export const DEPLOY_WORKFLOW = Object.freeze([
  {
    id: 'search',
    description: 'Search for payments-api and press Enter',
    expected: [`Type ${quoted(SEARCH_TERM)} into ${strong('Search')}.`, `Press Enter in ${strong('Search')}.`],
    async run({ consolePage: page, typingDelayMs }) {
      const search = page.getByRole('searchbox', { name: 'Search' });
      await typeInto(search, SEARCH_TERM, typingDelayMs);
      await search.press('Enter');
      await page.getByTestId('service-row-payments-worker').waitFor({ state: 'detached' });
    },
  },
  {
    id: 'open-service',
    description: 'Open the payments-api service',
    expected: [`Click ${strong('payments-api')}.`],
    async run({ consolePage: page }) {
      await page.getByRole('link', { name: 'payments-api', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'payments-api' }).waitFor();
    },
  },
  {
    id: 'purge-cache',
    description: 'Click the Danger zone button whose label is hostile markup',
    expected: [`Click ${strong(HOSTILE_LABEL)}.`],
    optional: true,
    async run({ consolePage: page }) {
      await page.getByRole('button', { name: HOSTILE_LABEL, exact: true }).click();
      await page.getByText('Cache purge queued for payments-api.').waitFor();
    },
  },
  {
    id: 'open-deploy-view',
    description: 'Go to the Deploy tab',
    expected: [`Click ${strong('Deploy')}.`],
    async run({ consolePage: page }) {
      await page.getByRole('navigation', { name: 'Service sections' }).getByRole('link', { name: 'Deploy', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Deployments' }).waitFor();
    },
  },
  {
    id: 'open-deploy-dialog',
    description: 'Open the deploy dialog',
    expected: [`Click ${strong('New deployment')}.`],
    async run(ctx) {
      await ctx.consolePage.getByRole('button', { name: 'New deployment' }).click();
      await dialogOf(ctx).waitFor();
    },
  },
  {
    id: 'select-version',
    description: 'Pick version v1.5.0',
    expected: [`Select ${strong(VERSION)} in ${strong('Version')}.`],
    async run(ctx) {
      await dialogOf(ctx).getByLabel('Version').selectOption(VERSION);
    },
  },
  {
    id: 'change-ticket',
    description: 'Type the change ticket',
    expected: [`Type ${quoted(CHANGE_TICKET)} into ${strong('Change ticket')}.`],
    async run(ctx) {
      await typeInto(dialogOf(ctx).getByLabel('Change ticket'), CHANGE_TICKET, ctx.typingDelayMs);
    },
  },
  {
    id: 'registry-token',
    description: 'Type the registry token (a password field)',
    expected: [`Type the registry token into ${strong('Registry token')}.`],
    async run(ctx) {
      await typeInto(dialogOf(ctx).getByLabel('Registry token'), FAKE_REGISTRY_TOKEN, ctx.typingDelayMs);
    },
  },
  {
    id: 'api-key',
    description: 'Type an API key into a plain text field named api_key',
    expected: [`Type the API key into ${strong('API key')}.`],
    optional: true,
    async run(ctx) {
      await typeInto(dialogOf(ctx).getByLabel('API key'), FAKE_API_KEY, ctx.typingDelayMs);
    },
  },
  {
    id: 'release-notes',
    description: 'Attach release notes (a .md file)',
    expected: [`Upload ${strong(RELEASE_NOTES_FILE)} to ${strong('Release notes')}.`],
    optional: true,
    async run(ctx) {
      await dialogOf(ctx).getByLabel('Release notes').setInputFiles({
        name: RELEASE_NOTES_FILE,
        mimeType: 'text/markdown',
        buffer: Buffer.from(`# payments-api ${VERSION}\n\n- Faster refunds\n\n<!-- ${RELEASE_NOTES_SECRET} -->\n`),
      });
    },
  },
  {
    id: 'environment',
    description: 'Choose the Production environment',
    expected: [`Choose ${strong('Production')} in ${strong('Environment')}.`],
    async run(ctx) {
      await dialogOf(ctx).getByRole('radio', { name: 'Production' }).check();
    },
  },
  {
    id: 'approval',
    description: 'Confirm change-board approval',
    expected: [`Check ${strong('I have approval from the change board')}.`],
    async run(ctx) {
      await dialogOf(ctx).getByRole('checkbox', { name: 'I have approval from the change board' }).check();
    },
  },
  {
    id: 'health-check',
    description: 'Run the health check (a button inside an open shadow root)',
    expected: [`Click ${strong('Run health check')}.`],
    async run(ctx) {
      await dialogOf(ctx).getByRole('button', { name: 'Run health check' }).click();
      await dialogOf(ctx).getByText('All 3 instances of payments-api are healthy').waitFor();
    },
  },
  {
    id: 'refresh-build',
    description: 'Refresh the build status (same-origin iframe)',
    expected: [`Click ${strong('Refresh build status')}.`],
    async run({ consolePage: page }) {
      const frame = page.frameLocator('iframe[title="Build status"]');
      await frame.getByRole('button', { name: 'Refresh build status' }).click();
      await frame.getByText('checked just now').waitFor();
    },
  },
  {
    id: 'approve-release',
    description: 'Approve the release (cross-origin iframe)',
    expected: [`Click ${strong('Approve release')}.`],
    async run({ consolePage: page }) {
      await page.frameLocator('iframe[title="Release approvals"]').getByRole('button', { name: 'Approve release' }).click();
      await page.getByText('Release approved.').waitFor();
    },
  },
  {
    id: 'deploy',
    description: 'Submit the deploy dialog',
    expected: [`Click ${strong('Deploy')}.`],
    async run(ctx) {
      await dialogOf(ctx).getByRole('button', { name: 'Deploy', exact: true }).click();
      await ctx.consolePage.getByText('Deployment started').waitFor();
      await ctx.consolePage.getByRole('heading', { level: 1, name: `Deploying payments-api ${VERSION} to Production` }).waitFor();
    },
  },
  {
    id: 'open-runbook',
    description: 'Open the runbook (opens a new tab)',
    expected: [`Click ${strong('Open runbook')}.`, `Switch to the new tab ${strong('Runbook — payments-api')}.`],
    async run(ctx) {
      const page = ctx.consolePage;
      const [runbook] = await Promise.all([
        page.context().waitForEvent('page'),
        page.getByRole('link', { name: 'Open runbook' }).click(),
      ]);
      await runbook.waitForLoadState('domcontentloaded');
      await runbook.getByRole('heading', { level: 1, name: 'Runbook — payments-api' }).waitFor();
      ctx.runbookPage = runbook;
    },
  },
  {
    id: 'acknowledge',
    description: 'Acknowledge the runbook in the new tab',
    expected: [`Click ${strong('Acknowledge')}.`],
    async run(ctx) {
      const runbook = ctx.runbookPage;
      if (!runbook) throw new Error('acknowledge needs the open-runbook step first');
      await runbook.bringToFront();
      await runbook.getByRole('button', { name: 'Acknowledge' }).click();
      await runbook.getByText('Acknowledged by dana.ops.').waitFor();
    },
  },
]);

/**
 * @typedef {object} WorkflowOptions
 * @property {readonly string[]} [include] Optional step ids to run too ('purge-cache', 'api-key', 'release-notes').
 * @property {readonly string[]} [skip] Step ids to leave out.
 * @property {number} [typingDelayMs] Delay between typed characters (default 30).
 * @property {(step: WorkflowStep, index: number, ctx: WorkflowContext) => Promise<void> | void} [onStep]
 *   Called before each step (captions, pacing, pausing the recorder…).
 */

/**
 * The steps a run with these options performs, in order.
 * @param {WorkflowOptions} [options]
 * @returns {WorkflowStep[]}
 */
export function selectSteps(options = {}) {
  const include = new Set(options.include ?? []);
  const skip = new Set(options.skip ?? []);
  for (const id of [...include, ...skip]) {
    if (!DEPLOY_WORKFLOW.some((s) => s.id === id)) throw new Error(`unknown workflow step: ${id}`);
  }
  return DEPLOY_WORKFLOW.filter((s) => (!s.optional || include.has(s.id)) && !skip.has(s.id));
}

/**
 * Best-guess step texts the recorder should draft for a run with these options.
 * @param {WorkflowOptions} [options]
 * @returns {string[]}
 */
export function expectedStepTexts(options = {}) {
  return selectSteps(options).flatMap((s) => s.expected);
}

/**
 * Perform the workflow on a page that shows the demo console's Services list (`${mainOrigin}/services`).
 * Returns the console page and the runbook tab it opened (if that step ran).
 * @param {Page} page
 * @param {WorkflowOptions} [options]
 * @returns {Promise<WorkflowContext>}
 */
export async function runDeployWorkflow(page, options = {}) {
  /** @type {WorkflowContext} */
  const ctx = { consolePage: page, typingDelayMs: options.typingDelayMs ?? 30 };
  const steps = selectSteps(options);
  for (const [index, step] of steps.entries()) {
    await options.onStep?.(step, index, ctx);
    try {
      await step.run(ctx);
    } catch (error) {
      throw new Error(`deploy workflow step "${step.id}" failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  return ctx;
}
