import { runInNewContext } from 'node:vm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { buildPlaywrightTest, jsString, locatorFor, playwrightFileName } from '../../../lib/export/playwright-test';
import type { SessionId } from '../../../lib/model';
import { makeSop, makeStep, targets } from '../factories';
import { deployRecording, HOSTILE, ORIGIN } from './devtools-recorder.fixtures';

/** Compiles the generated file as TypeScript; syntax errors fail the test. */
function transpile(source: string): string {
  const out = ts.transpileModule(source, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  expect((out.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  return out.outputText;
}

interface Call {
  path: string;
  args: unknown[];
}

/**
 * Runs the compiled test against a stand-in for Playwright that records every call made on `page`,
 * `context` and `expect(...)`: page text reaches the calls as arguments, never as code.
 */
async function run(source: string, env: Record<string, string> = {}): Promise<{ title: string; calls: Call[] }> {
  const calls: Call[] = [];
  const recorder = (path: string): unknown =>
    new Proxy(function () {}, {
      get: (_t, prop) => (prop === 'then' ? undefined : recorder(`${path}.${String(prop)}`)),
      apply: (_t, _this, args) => {
        calls.push({ path, args });
        return recorder(`${path}()`);
      },
    });
  let registered: { title: string; body: (fixtures: object) => Promise<void> } | undefined;
  const test = Object.assign((title: string, body: (fixtures: object) => Promise<void>) => (registered = { title, body }), { use: () => undefined });
  const module = { exports: {} };
  runInNewContext(transpile(source), {
    require: (id: string) => {
      if (id !== '@playwright/test') throw new Error(`unexpected import ${id}`);
      return { test, expect: (v: unknown) => (calls.push({ path: 'expect', args: [v] }), recorder('expect()')) };
    },
    module,
    exports: module.exports,
    process: { env: { ...env } },
    URL,
    Buffer,
    Error,
  });
  if (!registered) throw new Error('no test registered');
  await registered.body({ page: recorder('page'), context: recorder('context') });
  return { title: registered.title, calls };
}

const input = deployRecording();
const { source } = buildPlaywrightTest(input);
const SECRET = 'ghp_FAKEtoken1234567890';
const SECRETS = { SOP_SECRET_REGISTRY_TOKEN: SECRET };

describe('Playwright test export', () => {
  it('is one Playwright test that compiles as TypeScript', () => {
    expect(source.split('\n').filter((l) => l.startsWith('import '))).toEqual([`import { test, expect } from '@playwright/test';`]);
    expect(() => transpile(source)).not.toThrow();
  });

  it('goes to the recorded page through BASE_URL, overridable from the environment', async () => {
    const recorded = await run(source, SECRETS);
    expect(recorded.calls[0]).toEqual({ path: 'page.goto', args: [`${ORIGIN}/services`] });
    const elsewhere = await run(source, { ...SECRETS, SOP_BASE_URL: 'https://staging.example' });
    expect(elsewhere.calls[0]).toEqual({ path: 'page.goto', args: ['https://staging.example/services'] });
  });

  it('finds elements by test id, role and name, label, frame, and leaves shadow roots to Playwright', () => {
    expect(source).toContain('await page.getByTestId("service-search").fill("payments-api");');
    expect(source).toContain('await page.getByTestId("service-search").press("Enter");');
    expect(source).toContain('await page.getByRole("combobox", { name: "Version", exact: true }).selectOption(VARS.version);');
    expect(source).toContain('await page.getByLabel("Registry token", { exact: true }).fill(secret("SOP_SECRET_REGISTRY_TOKEN"));');
    expect(source).toContain('await page.getByRole("radio", { name: "Production", exact: true }).check();');
    expect(source).toContain('await page.getByRole("button", { name: "Run health check", exact: true }).click();');
    expect(source).toContain('await page.frameLocator("div:nth-of-type(2) > iframe").getByRole("button", { name: "Refresh build status", exact: true }).click();');
    expect(source).toContain('await page.frameLocator("div:nth-of-type(3) > iframe").getByRole("button", { name: "Approve release", exact: true }).click();');
  });

  it('chains CSS through shadow hosts when no role or label names the element', () => {
    const t = targets.body({ tag: 'div', shadowPath: ['x-app', '#panel'], selectors: { css: 'div.item:nth-of-type(2)' } });
    expect(locatorFor(t, 'page')).toBe('page.locator("x-app").locator("#panel").locator("div.item:nth-of-type(2)")');
  });

  it('waits for the tab the workflow opened and acts in it', () => {
    const lines = source.split('\n').map((l) => l.trim());
    const opener = lines.indexOf(`const page1Promise = context.waitForEvent('page');`);
    expect(opener).toBeGreaterThan(0);
    expect(lines[opener + 1]).toBe('await page.getByRole("link", { name: "Open runbook", exact: true }).click();');
    expect(lines).toContain('const page1 = await page1Promise;');
    expect(lines).toContain('await page1.getByRole("button", { name: "Acknowledge", exact: true }).click();');
    expect(source).toContain('async ({ page, context }) =>');
  });

  it('checks what the page showed after each step', () => {
    expect(source).toContain('await expect(page.getByText("Deployment started").first()).toBeVisible();');
    expect(source).toContain('await expect(page).toHaveTitle("Shipyard — payments-api");');
    expect(source).toContain('await expect(page.getByRole("heading", { name: "payments-api", exact: true }).first()).toBeVisible();');
    expect(source).toContain('await expect(page1.getByText("Acknowledged by dana.ops.").first()).toBeVisible();');
  });

  it('takes secrets from the environment and refuses to run without them', async () => {
    expect(source).not.toContain(SECRET);
    const { calls } = await run(source, SECRETS);
    const label = calls.findIndex((c) => c.path === 'page.getByLabel' && c.args[0] === 'Registry token');
    expect(calls[label + 1]).toEqual({ path: 'page.getByLabel().fill', args: [SECRET] });
    await expect(run(source, {})).rejects.toThrow('Set SOP_SECRET_REGISTRY_TOKEN');
  });

  it('uses SOP variables for typed and selected values, overridable from the environment', async () => {
    expect(source).toContain('change_ticket: process.env["SOP_VAR_CHANGE_TICKET"] ?? "CHG-2291",');
    const { calls } = await run(source, { ...SECRETS, SOP_VAR_VERSION: 'v2.0.0' });
    expect(calls.find((c) => c.path.endsWith('.selectOption'))?.args).toEqual(['v2.0.0']);
    expect(calls.filter((c) => c.path.endsWith('.fill')).map((c) => c.args[0])).toEqual(['payments-api', 'CHG-2291', SECRET]);
  });

  it("selects by the option's label even when its value was recorded: the label is what the SOP names", async () => {
    const input = deployRecording();
    const withValue = { ...input, events: input.events.map((e) => (e.kind === 'change' && e.target.tag === 'select' ? { ...e, optionValue: 'rel-150' } : e)) };
    const out = buildPlaywrightTest(withValue).source;
    // selectOption("v1.5.0") matches an option by value or label; an id-like value differs between environments.
    expect(out).toContain('.selectOption(VARS.version);');
    expect(out).not.toContain('rel-150');
  });

  it('keeps hostile page text as data: titles, names and texts arrive verbatim as arguments', async () => {
    const { title, calls } = await run(source, SECRETS);
    expect(title).toBe(`Deploy payments-api — ${HOSTILE}`);
    const roleNames = calls.filter((c) => c.path.endsWith('.getByRole')).map((c) => (c.args[1] as { name: string }).name);
    expect(roleNames).toContain(HOSTILE);
    expect(calls.filter((c) => c.path.endsWith('.getByText')).map((c) => c.args[0])).toContain('Cache purge queued for <img src=x onerror=alert(1)> **Purge**');
    // Nothing outside the stand-in was reached (a break-out would call process.exit or throw on it).
    expect(calls.every((c) => /^(page|context|expect)/.test(c.path))).toBe(true);
  });

  it.each([
    ['a quote and a backslash', 'say "hi" \\'],
    ['line terminators', 'a\nb\r\nc\u2028d\u2029e'],
    ['a template and a comment end', '${x} */ // `'],
  ])('writes %s as a JS string literal that evaluates back to itself', (_what, text) => {
    expect(runInNewContext(jsString(text))).toBe(text);
  });

  it('writes comments on one line whatever the step text holds', async () => {
    const steps = [makeStep({ order: 0, kind: 'click', text: 'Click **x**.\nprocess.exit(1)\u2028process.exit(2)', target: targets.button('x', { selectors: { css: '#x', id: '#x', role: { role: 'button', name: 'x' } } }) })];
    const { source: src } = buildPlaywrightTest({ sop: makeSop({ sessionId: 's' as SessionId }), steps, events: [] });
    expect(src).toContain('// 1. Click x. process.exit(1) process.exit(2)');
    const { calls } = await run(src);
    expect(calls.map((c) => c.path)).toEqual(['page.goto', 'page.getByRole', 'page.getByRole().click']);
  });

  it('stands in empty files for uploads and a comment for hand-written steps', () => {
    const file = targets.file('Release notes', { selectors: { css: '#notes', id: '#notes' } });
    const { source: src } = buildPlaywrightTest({
      sop: makeSop(),
      steps: [makeStep({ kind: 'upload', target: file, value: 'notes.md', order: 0 }), makeStep({ kind: 'manual', text: 'Call the on-call engineer.', order: 10 })],
      events: [],
    });
    expect(src).toContain('.setInputFiles([{ name: "notes.md", mimeType: "application/octet-stream", buffer: Buffer.from("") }]);');
    expect(src).toContain('// Not replayable (written by the author): do this by hand.');
    expect(() => transpile(src)).not.toThrow();
  });

  it('names the file <sop>.spec.ts', () => {
    expect(playwrightFileName(makeSop({ title: 'Deploy payments-api — Shipyard' }))).toBe('deploy-payments-api-shipyard.spec.ts');
  });

  it('replays a double-click as one', () => {
    const doubled = { ...input, events: input.events.map((e) => (e.kind === 'click' && e.target.selectors.css === '[data-testid="deploy-submit"]' ? { ...e, count: 2 } : e)) };
    const { source: out } = buildPlaywrightTest(doubled);
    expect(out).toContain('await page.getByTestId("deploy-submit").dblclick();');
    expect(source).toContain('await page.getByTestId("deploy-submit").click();');
  });
});
