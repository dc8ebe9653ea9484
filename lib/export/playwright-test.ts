/**
 * Playwright test export: `<name>.spec.ts`, one test that performs the SOP with role, label and test-id
 * locators (Playwright's own pierce open shadow roots; iframes through frameLocator), follows the tabs the
 * workflow opened, and checks what the page showed after each step. Every page-derived string is written
 * as a JSON string literal, and comments are single lines with line terminators removed, so no label can
 * end a string or a comment early. Secrets come from the environment and are never in the file.
 */
import type { Modifiers, Sop, TargetContext } from '../model';
import { exportFileName } from './markdown';
import { buildReplayPlan, type ReplayAction, type ReplayCheck, type ReplayInput, type ReplayPlan, type ReplayValue, type ReplayWhere } from './replay-plan';

/** A JS string literal for any text. JSON is valid JS; U+2028/2029 are escaped for older parsers too. */
export function jsString(s: string): string {
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** One `//` comment line: line terminators (which would end the comment) become spaces. */
function comment(text: string): string {
  return `// ${text.replace(/[\r\n\u2028\u2029\u0085]+/g, ' ')}`;
}

/** The environment variable that holds a placeholder's value: SOP_SECRET_REGISTRY_TOKEN. */
export function secretEnvName(name: string): string {
  return `SOP_SECRET_${name.toUpperCase()}`;
}

/** The environment variable that overrides a SOP variable: SOP_VAR_CHANGE_TICKET. */
export function variableEnvName(name: string): string {
  return `SOP_VAR_${name.toUpperCase()}`;
}

/** The environment variable that points the test at another host. */
export const BASE_URL_ENV = 'SOP_BASE_URL';

/** ARIA roles Playwright's getByRole accepts (its typed union); anything else falls back to CSS. */
const PLAYWRIGHT_ROLES = new Set(
  (
    'alert alertdialog application article banner blockquote button caption cell checkbox code columnheader combobox complementary ' +
    'contentinfo definition deletion dialog directory document emphasis feed figure form generic grid gridcell group heading img ' +
    'insertion link list listbox listitem log main marquee math meter menu menubar menuitem menuitemcheckbox menuitemradio navigation ' +
    'none note option paragraph presentation progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox ' +
    'separator slider spinbutton status strong subscript superscript switch tab table tablist tabpanel term textbox time timer ' +
    'toolbar tooltip tree treegrid treeitem'
  ).split(' '),
);

const FORM_TAGS = new Set(['input', 'select', 'textarea']);

function origin(url: string): string | undefined {
  try {
    const u = new URL(url);
    return u.origin === 'null' ? undefined : u.origin;
  } catch {
    return undefined;
  }
}

class Writer {
  readonly lines: string[] = [];
  line(text = '', indent = 1): void {
    this.lines.push(text ? `${'  '.repeat(indent)}${text}` : '');
  }
}

/** `[data-testid="deploy-submit"]` → `deploy-submit`, only for the attribute getByTestId uses by default. */
function plainTestId(selector: string): string | undefined {
  const m = /^\[data-testid="([^"\\]*)"\]$/.exec(selector);
  return m?.[1];
}

interface Renderer {
  pageVar(tab: number): string;
  url(url: string): string;
}

/** The frame (or page) an action happens in: `page.frameLocator("…")…`. */
function scope(where: ReplayWhere, r: Renderer): string {
  return where.framePath.reduce((acc, sel) => `${acc}.frameLocator(${jsString(sel)})`, r.pageVar(where.tab));
}

/** The best locator for a target, scoped to its frame: test id, role and name, label, then CSS. */
export function locatorFor(target: TargetContext, base: string): string {
  const s = target.selectors;
  const testId = s.testId ? plainTestId(s.testId) : undefined;
  if (testId !== undefined && testId !== '') return `${base}.getByTestId(${jsString(testId)})`;
  if (s.role && s.role.name && s.role.name.length < 200 && PLAYWRIGHT_ROLES.has(s.role.role)) {
    return `${base}.getByRole(${jsString(s.role.role)}, { name: ${jsString(s.role.name)}, exact: true })`;
  }
  const label = target.label?.trim();
  if (FORM_TAGS.has(target.tag) && label && label.length < 200) return `${base}.getByLabel(${jsString(label)}, { exact: true })`;
  // CSS pierces open shadow roots; chaining through the hosts keeps the selector relative to its own root.
  const own = s.testId ?? s.id ?? s.css;
  return [...target.shadowPath, own].reduce((acc, sel) => `${acc}.locator(${jsString(sel)})`, base);
}

function valueExpr(v: ReplayValue): string {
  if (v.kind === 'placeholder') return `secret(${jsString(secretEnvName(v.name))})`;
  if (!v.parts.some((p) => 'variable' in p)) return jsString(v.text);
  return v.parts.map((p) => ('variable' in p ? `VARS.${p.variable}` : jsString(p.text))).join(' + ');
}

const MODIFIER_NAMES: readonly [keyof Modifiers, string][] = [
  ['ctrl', 'Control'],
  ['alt', 'Alt'],
  ['shift', 'Shift'],
  ['meta', 'Meta'],
];

function modifierList(m: Modifiers, except?: string): string[] {
  return MODIFIER_NAMES.filter(([k, name]) => m[k] && name !== except).map(([, name]) => name);
}

/** Playwright's key chord: "Control+Enter". */
function chord(key: string, m: Modifiers): string {
  const k = key === 'Esc' ? 'Escape' : key === ' ' ? 'Space' : key;
  return [...modifierList(m, k), k].join('+');
}

function checkLine(check: ReplayCheck, where: ReplayWhere, r: Renderer): string {
  const base = scope(where, r);
  switch (check.kind) {
    case 'text':
      return `await expect(${base}.getByText(${jsString(check.text)}).first()).toBeVisible();`;
    case 'heading':
      return `await expect(${base}.getByRole("heading", { name: ${jsString(check.name)}, exact: true }).first()).toBeVisible();`;
    case 'title':
      return `await expect(${r.pageVar(where.tab)}).toHaveTitle(${jsString(check.title)});`;
    case 'url':
      return /^https?:\/\//i.test(check.url)
        ? `await expect(${r.pageVar(where.tab)}).toHaveURL(${r.url(check.url)});`
        : `await expect(${r.pageVar(where.tab)}).toHaveURL(new URL(${jsString(check.url)}, BASE_URL).href);`;
  }
}

function render(plan: ReplayPlan): string {
  const recordedOrigin = origin(plan.startUrl);
  const r: Renderer = {
    pageVar: (tab) => (tab === 0 ? 'page' : `page${tab}`),
    // URLs on the recorded origin follow BASE_URL, so the test can run against another host.
    url: (url) => {
      const o = origin(url);
      return o && o === recordedOrigin ? `new URL(${jsString(url.slice(o.length) || '/')}, BASE_URL).href` : jsString(url);
    },
  };
  const opensTabs = plan.actions.some((a) => a.kind === 'open-tab');
  const w = new Writer();
  const head: string[] = [
    comment(`Generated by SOP Recorder from the SOP "${plan.title}".`),
    comment(`Run: npx playwright test <this file>. Set ${BASE_URL_ENV} to run against another host than the recorded one.`),
  ];
  if (plan.placeholders.length) {
    head.push(comment(`Secrets are never recorded: set ${plan.placeholders.map((p) => secretEnvName(p.name)).join(', ')} before running.`));
  }
  head.push(`import { test, expect } from '@playwright/test';`, '');
  head.push(`const BASE_URL = process.env[${jsString(BASE_URL_ENV)}] || ${jsString(recordedOrigin ?? 'http://localhost')};`);
  if (plan.variables.length) {
    head.push('', comment('The SOP\'s variables, as recorded; each can be overridden from the environment.'), 'const VARS = {');
    for (const v of plan.variables) head.push(`  ${v.name}: process.env[${jsString(variableEnvName(v.name))}] ?? ${jsString(v.example)},`);
    head.push('};');
  }
  if (plan.placeholders.length) {
    head.push(
      '',
      'function secret(name: string): string {',
      '  const value = process.env[name];',
      '  if (!value) throw new Error(`Set ${name}: the SOP recorder never stores what is typed into sensitive fields.`);',
      '  return value;',
      '}',
    );
  }
  if (plan.viewport) head.push('', `test.use({ viewport: { width: ${plan.viewport.width}, height: ${plan.viewport.height} } });`);
  head.push('', `test(${jsString(plan.title || 'SOP')}, async ({ page${opensTabs ? ', context' : ''} }) => {`);

  if (plan.startUrl) w.line(`await page.goto(${r.url(plan.startUrl)});`);
  let lastStep = 0;
  for (const a of plan.actions) {
    if (a.stepNumber !== lastStep && a.kind !== 'expect') {
      w.line('');
      w.line(comment(`${a.stepNumber}. ${a.text}`));
      lastStep = a.stepNumber;
    }
    for (const line of actionLines(a, r)) w.line(line);
  }
  w.line('});', 0);
  return `${[...head, ...w.lines].join('\n')}\n`;
}

function actionLines(a: ReplayAction, r: Renderer): string[] {
  const opener = (tab: number | undefined, lines: string[]) =>
    tab === undefined ? lines : [`const ${r.pageVar(tab)}Promise = context.waitForEvent('page');`, ...lines];
  switch (a.kind) {
    case 'click': {
      const opts: string[] = [];
      if (a.button !== 'primary') opts.push(`button: ${jsString(a.button === 'secondary' ? 'right' : 'middle')}`);
      const mods = modifierList(a.modifiers);
      if (mods.length) opts.push(`modifiers: [${mods.map(jsString).join(', ')}]`);
      return opener(a.opensTab, [`await ${locatorFor(a.target, scope(a.where, r))}.${a.double ? 'dblclick' : 'click'}(${opts.length ? `{ ${opts.join(', ')} }` : ''});`]);
    }
    case 'fill':
      return [`await ${locatorFor(a.target, scope(a.where, r))}.fill(${valueExpr(a.value)});`];
    case 'select':
      // By the label the SOP names (and its variable), not the recorded option value: a string matches an
      // option's value or label, and values are often ids that differ between environments.
      return [`await ${locatorFor(a.target, scope(a.where, r))}.selectOption(${valueExpr(a.value)});`];
    case 'check':
    case 'uncheck':
      return [`await ${locatorFor(a.target, scope(a.where, r))}.${a.kind}();`];
    case 'press': {
      const key = jsString(chord(a.key, a.modifiers));
      const line = a.target ? `await ${locatorFor(a.target, scope(a.where, r))}.press(${key});` : `await ${r.pageVar(a.where.tab)}.keyboard.press(${key});`;
      return opener(a.opensTab, [line]);
    }
    case 'submit':
      return opener(a.opensTab, [`await ${locatorFor(a.target, scope(a.where, r))}.evaluate((form) => (form as HTMLFormElement).requestSubmit());`]);
    case 'upload': {
      const files = a.fileNames.map((n) => `{ name: ${jsString(n)}, mimeType: "application/octet-stream", buffer: Buffer.from("") }`);
      return [
        comment('File contents are never recorded: empty files with the recorded names stand in. Use the real files.'),
        `await ${locatorFor(a.target, scope(a.where, r))}.setInputFiles([${files.join(', ')}]);`,
      ];
    }
    case 'goto':
      return [`await ${r.pageVar(a.where.tab)}.goto(${r.url(a.url)});`];
    case 'back':
      return [`await ${r.pageVar(a.where.tab)}.goBack();`];
    case 'reload':
      return [`await ${r.pageVar(a.where.tab)}.reload();`];
    case 'open-tab': {
      const v = r.pageVar(a.tab);
      return a.openedByPrevious
        ? [`const ${v} = await ${v}Promise;`, `await ${v}.waitForLoadState();`]
        : [`const ${v} = await context.newPage();`, `await ${v}.goto(${r.url(a.url)});`];
    }
    case 'switch-tab':
      return [`await ${r.pageVar(a.tab)}.bringToFront();`];
    case 'manual':
      return [comment(`Not replayable (${a.why}): do this by hand.`)];
    case 'expect':
      return [checkLine(a.check, a.where, r)];
  }
}

/** The `.spec.ts` source for a recorded SOP. */
export function buildPlaywrightTest(input: ReplayInput): { source: string; plan: ReplayPlan } {
  const plan = buildReplayPlan(input);
  return { source: render(plan), plan };
}

/** `deploy-payments-api-shipyard.spec.ts`. */
export function playwrightFileName(sop: Sop): string {
  return `${exportFileName(sop, '')}.spec.ts`;
}
