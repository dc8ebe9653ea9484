import { parse } from '@puppeteer/replay';
import { describe, expect, it } from 'vitest';
import { buildDevToolsRecording, clickOffset, recorderFileName, recorderSelectors, type RecorderStep } from '../../../lib/export/devtools-recorder';
import { checksFromExpectedResult } from '../../../lib/export/replay-checks';
import { frameIndexer } from '../../../lib/export/replay-frames';
import { buildReplayPlan, type ReplayInput } from '../../../lib/export/replay-plan';
import type { RawEvent, SessionId, TargetContext } from '../../../lib/model';
import { events as ev, makeSop, makeStep, targets } from '../factories';
import { deployRecording, HOSTILE, ORIGIN, T } from './devtools-recorder.fixtures';

type Step = RecorderStep & { selectors?: (string | string[])[]; value?: string; frame?: number[]; target?: string; expression?: string };

function flowOf(input: ReplayInput = deployRecording()) {
  const { json, export: result } = buildDevToolsRecording(input);
  return { json, result, steps: JSON.parse(json).steps as Step[] };
}

/** The step that acts on a selector containing `needle`. */
function stepWith(steps: readonly Step[], needle: string): Step {
  const found = steps.find((s) => s.type !== 'waitForElement' && s.selectors?.some((sel) => [sel].flat().some((p) => p.includes(needle))));
  if (!found) throw new Error(`no step with a selector containing ${needle}`);
  return found;
}

/** The recording with `patch` applied to the targets whose CSS selector is each key, in events and steps. */
function withTargets(input: ReplayInput, patches: Record<string, Partial<TargetContext>>): ReplayInput {
  const patch = <T extends { target?: TargetContext }>(x: T): T => {
    const p = x.target ? patches[x.target.selectors.css] : undefined;
    return p && x.target ? { ...x, target: { ...x.target, ...p } } : x;
  };
  return { ...input, events: input.events.map((e) => ('target' in e ? patch(e) : e)), steps: input.steps.map(patch) };
}

function withEvents(input: ReplayInput, map: (e: RawEvent) => RawEvent): ReplayInput {
  return { ...input, events: input.events.map(map) };
}

describe('DevTools Recorder export', () => {
  it('is a user flow @puppeteer/replay parses, starting with the viewport and the recorded page', () => {
    const { json, steps } = flowOf();
    const parsed = parse(JSON.parse(json));
    expect(parsed.steps).toHaveLength(steps.length);
    expect(steps.slice(0, 2)).toEqual([
      { type: 'setViewport', width: 1280, height: 720, deviceScaleFactor: 1, isMobile: false, hasTouch: false, isLandscape: false },
      { type: 'navigate', url: `${ORIGIN}/services`, target: 'main' },
    ]);
  });

  it('offers ARIA, test-id, id and CSS selectors, with shadow hosts as leading parts', () => {
    const { steps } = flowOf();
    expect(stepWith(steps, 'new-deployment').selectors).toEqual([['aria/New deployment[role="button"]'], ['[data-testid="new-deployment"]']]);
    // The accessibility tree crosses shadow roots; CSS needs the host first.
    expect(stepWith(steps, '#run').selectors).toEqual([['aria/Run health check[role="button"]'], ['[data-testid="health-panel"]', '#run']]);
    const click = stepWith(steps, 'new-deployment');
    expect(click).toMatchObject({ type: 'click', offsetX: 8, offsetY: 8, target: 'main' });
    expect([clickOffset(0), clickOffset(13), clickOffset(120), clickOffset(Number.NaN)]).toEqual([0, 7, 8, 0]);
  });

  it('offers visible text only when nothing exact names the element', () => {
    expect(recorderSelectors(targets.link('Docs', 'https://x.test', { selectors: { css: 'nav > a', text: 'Docs' } }))).toEqual([['nav > a'], ['text/Docs']]);
    expect(recorderSelectors(targets.link('Docs', 'https://x.test', { selectors: { css: 'nav > a', text: 'Docs', role: { role: 'link', name: 'Docs' } } }))).toEqual([
      ['aria/Docs[role="link"]'],
      ['nav > a'],
    ]);
  });

  it('drops an ARIA selector whose name Puppeteer would misread, keeping the CSS one', () => {
    const sneaky = targets.button('Go[role="link"]', { selectors: { css: '#go', id: '#go', role: { role: 'button', name: 'Go[role="link"]' } } });
    expect(recorderSelectors(sneaky)).toEqual([['#go']]);
    // The demo console's hostile label has no such part: its ARIA selector is kept, as data.
    const label = '<img src=x onerror=alert(1)> **Purge** [cache](javascript:alert(1))';
    expect(recorderSelectors(targets.button(label, { selectors: { css: 'button', role: { role: 'button', name: label } } }))[0]).toEqual([`aria/${label}[role="button"]`]);
  });

  it('addresses iframes by the child-frame indexes the recording captured', () => {
    // An iframe nobody acted in (an ad, a chat widget) comes before each: the captured indexes count it,
    // a guess from the recorded actions could not.
    const { steps } = flowOf(withTargets(deployRecording(), { '#refresh': { framePathIndexes: [1] }, '#approve': { framePathIndexes: [2] } }));
    expect(stepWith(steps, '#refresh').frame).toEqual([1]);
    expect(stepWith(steps, '#approve').frame).toEqual([2]);
    expect(stepWith(steps, 'new-deployment').frame).toBeUndefined();
  });

  it('takes captured indexes as they are, and guesses only for a path without them (older recordings)', () => {
    const a = targets.button('A', { framePath: ['#a'], framePathIndexes: [3] });
    const old = targets.button('B', { framePath: ['#b'] });
    const nested = targets.button('C', { framePath: ['#b', 'iframe'], framePathIndexes: [1, 0] });
    const frames = frameIndexer([ev.click(a, 1_000, { frameId: 4 }), ev.click(old, 2_000, { frameId: 9 }), ev.click(nested, 3_000, { frameId: 12 })]);
    expect(frames.indexes(1, a.framePath, a.framePathIndexes)).toEqual([3]);
    expect(frames.indexes(1, nested.framePath, nested.framePathIndexes)).toEqual([1, 0]);
    expect(frames.indexes(1, old.framePath, old.framePathIndexes)).toEqual([1]);
    // Indexes that do not cover the path are not trusted.
    expect(frames.indexes(1, ['#b', 'iframe'], [1])).toEqual([1, 0]);
    expect(frames.indexes(1, ['#a'], [-1])).toEqual([0]);
  });

  it("selects an option by its recorded value (@puppeteer/replay matches the value attribute, not the label)", () => {
    const input = withEvents(deployRecording(), (e) => (e.kind === 'change' && e.target.tag === 'select' ? { ...e, optionValue: 'rel-150' } : e));
    expect(stepWith(flowOf(input).steps, '#version-select')).toMatchObject({ type: 'change', value: 'rel-150' });
    // The author changed the option the step selects: the recorded value names another one, the label is used.
    const edited = { ...input, steps: input.steps.map((st) => (st.kind === 'select' ? { ...st, value: 'v1.4.2' } : st)) };
    expect(stepWith(flowOf(edited).steps, '#version-select')).toMatchObject({ type: 'change', value: 'v1.4.2' });
  });

  it('addresses iframes by child-frame index, ranked by the order Chrome created them', () => {
    const { steps } = flowOf();
    expect(stepWith(steps, '#refresh').frame).toEqual([0]);
    expect(stepWith(steps, '#approve').frame).toEqual([1]);
    expect(stepWith(steps, 'new-deployment').frame).toBeUndefined();
  });

  it('ranks frames by frame id even when the later-created one was acted in first', () => {
    const a = targets.button('A', { framePath: ['#a'] });
    const b = targets.button('B', { framePath: ['#b'] });
    const nested = targets.button('C', { framePath: ['#b', 'iframe'] });
    const frames = frameIndexer([ev.click(b, 1_000, { frameId: 9 }), ev.click(a, 2_000, { frameId: 4 }), ev.click(nested, 3_000, { frameId: 12 })]);
    expect(frames.indexes(1, ['#a'])).toEqual([0]);
    expect(frames.indexes(1, ['#b'])).toEqual([1]);
    expect(frames.indexes(1, ['#b', 'iframe'])).toEqual([1, 0]);
    expect(frames.indexes(2, ['#a'])).toEqual([0]);
  });

  it('types recorded values, and a placeholder for a sensitive field, named in the title', () => {
    const { steps, result } = flowOf();
    expect(stepWith(steps, 'service-search')).toMatchObject({ type: 'change', value: 'payments-api' });
    expect(stepWith(steps, '#version-select')).toMatchObject({ type: 'change', value: 'v1.5.0' });
    expect(stepWith(steps, '#registry-token')).toMatchObject({ type: 'change', value: '{{secret:registry_token}}' });
    expect(result.placeholders).toEqual([{ placeholder: '{{secret:registry_token}}', label: 'Registry token' }]);
    expect(result.flow.title).toContain('replace {{secret:registry_token}} before replaying');
  });

  it('presses keys after the field that was filled, and clicks a field first when focus is elsewhere', () => {
    const { steps } = flowOf();
    const fill = steps.findIndex((s) => s.type === 'change' && s.value === 'payments-api');
    expect(steps.slice(fill + 1, fill + 3)).toEqual([
      { type: 'keyDown', key: 'Enter', target: 'main' },
      { type: 'keyUp', key: 'Enter', target: 'main' },
    ]);
    const field = targets.field('Query', { selectors: { css: '#q', id: '#q' } });
    const input = {
      sop: makeSop(),
      steps: [makeStep({ kind: 'click', target: T.deploy, order: 0 }), makeStep({ kind: 'key', target: field, order: 10, eventIds: ['k' as never] })],
      events: [{ ...ev.key('k', field, 1_000, { modifiers: { ctrl: true, alt: false, meta: false, shift: true } }), id: 'k' as never }],
    };
    expect(buildReplayPlan(input).actions[1]).toMatchObject({ kind: 'press', key: 'k' });
    const { steps: keys } = flowOf(input);
    expect(keys.slice(-7)).toEqual([
      expect.objectContaining({ type: 'click', selectors: [['#q']] }),
      { type: 'keyDown', key: 'Control', target: 'main' },
      { type: 'keyDown', key: 'Shift', target: 'main' },
      { type: 'keyDown', key: 'k', target: 'main' },
      { type: 'keyUp', key: 'k', target: 'main' },
      { type: 'keyUp', key: 'Shift', target: 'main' },
      { type: 'keyUp', key: 'Control', target: 'main' },
    ]);
  });

  it('acts in the tab the workflow opened by finding it by URL', () => {
    const { steps } = flowOf();
    const ack = stepWith(steps, '#ack');
    expect(ack.target).toBe(`${ORIGIN}/runbook.html?service=payments-api`);
  });

  it('turns what the page showed into waitForElement and title checks after the step', () => {
    const { steps } = flowOf();
    const deploy = steps.indexOf(stepWith(steps, 'deploy-submit'));
    expect(steps[deploy + 1]).toEqual({ type: 'waitForElement', target: 'main', selectors: [['text/Deployment started']] });
    expect(steps).toContainEqual({ type: 'waitForElement', target: 'main', selectors: [['aria/payments-api[role="heading"]']] });
    expect(steps).toContainEqual({ type: 'waitForExpression', target: 'main', expression: 'document.title === "Shipyard — payments-api"' });
    expect(steps.at(-1)).toEqual({ type: 'waitForElement', target: `${ORIGIN}/runbook.html?service=payments-api`, selectors: [['text/Acknowledged by dana.ops.']] });
  });

  it.each([
    ['A message says **Deployment started**.', [{ kind: 'text', text: 'Deployment started' }]],
    ['The status shows **3 of 6 services match**.', [{ kind: 'text', text: '3 of 6 services match' }]],
    ['The page **Shipyard — Deploy** opens. The heading **Deployments** appears.', [{ kind: 'title', title: 'Shipyard — Deploy' }, { kind: 'heading', name: 'Deployments' }]],
    ['The URL changes to **/services/payments-api**.', [{ kind: 'url', url: '/services/payments-api' }]],
    ['The heading **A very long heading…** appears.', [{ kind: 'text', text: 'A very long heading' }]],
    ['The page title changes to **Cut…**.', []],
    ['Wait for **Ready** (my own words).', []],
    ['A message says **\\*\\*Purge\\*\\* \\[x\\]**.', [{ kind: 'text', text: '**Purge** [x]' }]],
  ])('reads "%s" back into checks', (markup, checks) => {
    expect(checksFromExpectedResult(markup)).toEqual(checks);
  });

  it('keeps hostile page text as data: the JSON round-trips and parses', () => {
    const { json, steps, result } = flowOf();
    expect(() => parse(JSON.parse(json))).not.toThrow();
    expect(result.flow.title.startsWith(`Deploy payments-api — ${HOSTILE}`)).toBe(true);
    expect(JSON.parse(json).title).toBe(result.flow.title);
    // The hostile button is still found (by CSS: its name has a backslash the ARIA query would misread).
    expect(stepWith(steps, 'section.danger > button').selectors).toEqual([['section.danger > button']]);
    expect(steps.some((s) => s.selectors?.flat().some((p) => p.startsWith('text/Cache purge queued for <img')))).toBe(true);
  });

  it('leaves out what the format cannot replay and says which steps', () => {
    const file = targets.file('Release notes', { selectors: { css: '#notes', id: '#notes' } });
    const { result } = flowOf({
      sop: makeSop({ sessionId: 'session-1' as SessionId }),
      steps: [makeStep({ kind: 'upload', target: file, value: 'notes.md', text: 'Upload **notes.md** to **Release notes**.', order: 0 }), makeStep({ kind: 'manual', text: 'Call the on-call engineer.', order: 10 })],
      events: [],
    });
    expect(result.skipped).toEqual(['1. Upload notes.md to Release notes.', '2. Call the on-call engineer.']);
    expect(result.flow.steps.map((s) => s.type)).toEqual(['navigate']);
    expect(result.flow.title).toBe('Deploy payments-api — Shipyard (do by hand, not replayed: 1. Upload notes.md to Release notes. 2. Call the on-call engineer.)');
  });

  it('names the file after the SOP', () => {
    expect(recorderFileName(makeSop({ title: 'Deploy payments-api — Shipyard' }))).toBe('deploy-payments-api-shipyard.recording.json');
  });

  it('replays a double-click as a doubleClick step @puppeteer/replay accepts', () => {
    const input = withEvents(deployRecording(), (e) => (e.kind === 'click' && e.target.selectors.css === T.deploy.selectors.css ? { ...e, count: 2 } : e));
    const { json, steps } = flowOf(input);
    expect(stepWith(steps, 'deploy-submit')).toMatchObject({ type: 'doubleClick' });
    expect(() => parse(JSON.parse(json))).not.toThrow();
    expect(stepWith(flowOf().steps, 'deploy-submit')).toMatchObject({ type: 'click' });
  });
});
