import { describe, expect, it } from 'vitest';
import type { RawEvent, SopId, StepKind } from '../../../lib/model';
import { CONSEQUENCE_MS, countSteps, SLOW_LOAD_MS, draftSopTitle, synthesizeSteps } from '../../../lib/steps/synthesize';
import { stepTextToPlain } from '../../../lib/text/markdown';
import { at, DEFAULT_PAGE, events as ev, makeEvent, NO_MODIFIERS, shotId, startPage, stepIds, targets } from '../factories';

const SOP = 'sop-1' as SopId;

function synth(list: readonly RawEvent[]) {
  return synthesizeSteps(list, { sopId: SOP, newStepId: stepIds() });
}

/** [kind, plain text] per step: what a reader sees. */
function summary(list: readonly RawEvent[]): Array<[StepKind, string]> {
  return synth(list).map((s) => [s.kind, stepTextToPlain(s.text)]);
}

const ticket = targets.field('Change ticket');
const search = targets.search('Search');
const deploy = targets.button('Deploy');
const version = targets.select('Version');
const approval = targets.checkbox('I have approval');
const production = targets.radio('Production');
const productionInGroup = targets.radio('Production', { group: 'Environment' });
const artifact = targets.file('Artifact');
const runbookPage = { url: 'https://wiki.test/runbooks/deploy', title: 'Runbook' };
const otherPage = { url: 'https://shipyard.test/apps/payments-api/deploys', title: 'Deploys — Shipyard' };

type Case = [string, () => RawEvent[], Array<[StepKind, string]>];

describe('synthesizeSteps merge rules', () => {
  it.each<Case>([
    [
      'a click that focuses a field, then typing into it → only Type',
      () => [startPage(), ev.click(ticket, 1000), ev.input(ticket, 'CHG-2291', 3000)],
      [['type', 'Type "CHG-2291" into Change ticket.']],
    ],
    [
      'a click inside a rich editor (inner element within its box), then typing → only Type',
      () => {
        const editor = targets.textarea('Release notes', { tag: 'div', role: 'textbox', box: { x: 0, y: 0, width: 500, height: 200 } });
        const paragraph = targets.body({ tag: 'p', role: 'paragraph', box: { x: 10, y: 10, width: 300, height: 20 } });
        return [startPage(), ev.click(paragraph, 1000), ev.input(editor, 'Fixes retries', 4000)];
      },
      [['type', 'Type "Fixes retries" into Release notes.']],
    ],
    [
      'a click on a clear button inside a search box stays its own step',
      () => {
        const clear = targets.button('Clear search', { box: { x: 110, y: 205, width: 16, height: 16 } });
        return [startPage(), ev.click(clear, 1000), ev.input(search, 'payments', 3000)];
      },
      [
        ['click', 'Click Clear search.'],
        ['type', 'Type "payments" into Search.'],
      ],
    ],
    [
      'a click on a field with no typing after it stays a Click',
      () => [startPage(), ev.click(ticket, 1000), ev.click(deploy, 3000)],
      [
        ['click', 'Click Change ticket.'],
        ['click', 'Click Deploy.'],
      ],
    ],
    [
      'a click on a <label>, then typing into its field → one Type',
      () => [startPage(), ev.click(targets.label('Change ticket'), 1000), ev.input(ticket, 'CHG-1', 3000)],
      [['type', 'Type "CHG-1" into Change ticket.']],
    ],
    [
      'a click on a <label>, the click it dispatches to its checkbox, and the change → one Check',
      () => [
        startPage(),
        ev.click(targets.label('I have approval'), 1000),
        ev.click(approval, 1000),
        ev.change(approval, 1001, { checked: true, value: 'on' }),
      ],
      [['check', 'Check I have approval.']],
    ],
    [
      'a click on a <label> and the change of its radio (label text differs, same task) → one Choose',
      () => [startPage(), ev.click(targets.label('Prod (eu-west-1)'), 1000), ev.change(production, 1000, { checked: true, value: 'prod' })],
      [['check', 'Choose Production.']],
    ],
    [
      'two identical clicks within 400 ms → one Click',
      () => [startPage(), ev.click(deploy, 1000), ev.click(deploy, 1250)],
      [['click', 'Click Deploy.']],
    ],
    [
      'a double-click (the browser counts the second click as 2) → one Double-click',
      () => [startPage(), ev.click(deploy, 1000), ev.click(deploy, 1150, { count: 2 })],
      [['click', 'Double-click Deploy.']],
    ],
    [
      'a double-click whose second click reached the page late (a busy page) → still one Double-click',
      () => [startPage(), ev.click(deploy, 1000), ev.click(deploy, 1900, { count: 2 })],
      [['click', 'Double-click Deploy.']],
    ],
    [
      'two clicks 500 ms apart are two steps',
      () => [startPage(), ev.click(deploy, 1000), ev.click(deploy, 1500)],
      [
        ['click', 'Click Deploy.'],
        ['click', 'Click Deploy.'],
      ],
    ],
    [
      'a right click and a left click on the same target are not duplicates',
      () => [startPage(), ev.click(deploy, 1000, { button: 2 }), ev.click(deploy, 1100)],
      [
        ['click', 'Right-click Deploy.'],
        ['click', 'Click Deploy.'],
      ],
    ],
    [
      "a 'change' repeating the final 'input' value → one Type",
      () => [startPage(), ev.click(ticket, 1000), ev.input(ticket, 'CHG-7', 3000), ev.change(ticket, 3001, { value: 'CHG-7' })],
      [['type', 'Type "CHG-7" into Change ticket.']],
    ],
    [
      "a 'change' repeating the value after Enter was pressed still adds no step",
      () => [
        startPage(),
        ev.input(search, 'payments', 2000),
        ev.key('Enter', search, 2001),
        ev.change(search, 5000, { value: 'payments' }),
      ],
      [
        ['type', 'Type "payments" into Search.'],
        ['key', 'Press Enter in Search.'],
      ],
    ],
    [
      'the same value typed again after working elsewhere is a new step',
      () => [startPage(), ev.input(ticket, 'CHG-1', 2000), ev.click(targets.button('Validate'), 3000), ev.input(ticket, 'CHG-1', 6000)],
      [
        ['type', 'Type "CHG-1" into Change ticket.'],
        ['click', 'Click Validate.'],
        ['type', 'Type "CHG-1" into Change ticket.'],
      ],
    ],
    [
      'a password typed again after a failed Enter is a new step (values cannot be compared)',
      () => {
        const pw = targets.password('Password');
        return [startPage(), ev.input(pw, undefined, 2000), ev.key('Enter', pw, 2001), ev.input(pw, undefined, 6000), ev.key('Enter', pw, 6001)];
      },
      [
        ['type', 'Type the password into Password.'],
        ['key', 'Press Enter in Password.'],
        ['type', 'Type the password into Password.'],
        ['key', 'Press Enter in Password.'],
      ],
    ],
    [
      'the field typed into again with nothing in between → one Type with the final value',
      () => [startPage(), ev.input(ticket, 'CHG-1', 2000), ev.input(ticket, 'CHG-12', 6000)],
      [['type', 'Type "CHG-12" into Change ticket.']],
    ],
    [
      'a click on a select, then its change → only Select',
      () => [startPage(), ev.click(version, 1000), ev.change(version, 2500, { value: 'v1.5.0' })],
      [['select', 'Select v1.5.0 in Version.']],
    ],
    [
      'a click on an option of a list box, then the select change → only Select',
      () => [startPage(), ev.click(targets.option('v1.5.0'), 1000), ev.change(version, 1001, { value: 'v1.5.0' })],
      [['select', 'Select v1.5.0 in Version.']],
    ],
    [
      'the same select changed twice in a row → the final choice',
      () => [startPage(), ev.change(version, 1000, { value: 'v1.4.0' }), ev.change(version, 2000, { value: 'v1.5.0' })],
      [['select', 'Select v1.5.0 in Version.']],
    ],
    [
      "an 'input' on a select (as some pages fire it) then its change → one Select",
      () => [startPage(), ev.input(version, 'v1.5.0', 1000), ev.change(version, 1001, { value: 'v1.5.0' })],
      [['select', 'Select v1.5.0 in Version.']],
    ],
    [
      "an 'input' on a checkbox adds nothing: its change carries the state",
      () => [startPage(), ev.click(approval, 1000), ev.input(approval, 'on', 1001), ev.change(approval, 1002, { checked: true })],
      [['check', 'Check I have approval.']],
    ],
    [
      'a click on a checkbox, then its change → only Check',
      () => [startPage(), ev.click(approval, 1000), ev.change(approval, 1001, { checked: true })],
      [['check', 'Check I have approval.']],
    ],
    [
      'a click on a checked checkbox → Uncheck',
      () => [startPage(), ev.click(approval, 1000), ev.change(approval, 1001, { checked: false })],
      [['uncheck', 'Uncheck I have approval.']],
    ],
    [
      'a click on a radio, then its change → only Choose',
      () => [startPage(), ev.click(production, 1000), ev.change(production, 1001, { checked: true, value: 'prod' })],
      [['check', 'Choose Production.']],
    ],
    [
      'a click on a radio in a named group, then its change → Choose … in the group',
      () => [startPage(), ev.click(productionInGroup, 1000), ev.change(productionInGroup, 1001, { checked: true, value: 'prod' })],
      [['check', 'Choose Production in Environment.']],
    ],
    [
      'a click on the <label> of a radio in a named group, then its change → one Choose … in the group',
      () => [startPage(), ev.click(targets.label('Production'), 1000), ev.change(productionInGroup, 1000, { checked: true, value: 'prod' })],
      [['check', 'Choose Production in Environment.']],
    ],
    [
      'a click on a file input, then the chosen file → only Upload',
      () => [startPage(), ev.click(artifact, 1000), ev.file(artifact, ['build.zip'], 6000)],
      [['upload', 'Upload build.zip to Artifact.']],
    ],
    [
      "a click on a submit button, then its form's submit → only the Click",
      () => [startPage(), ev.click(deploy, 1000), ev.submit(targets.form('Deploy'), 1002)],
      [['click', 'Click Deploy.']],
    ],
    [
      'typing, Enter, then the submit Enter caused → Type then Press Enter, no submit step',
      () => [startPage(), ev.click(search, 1000), ev.input(search, 'payments', 3000), ev.key('Enter', search, 3001), ev.submit(targets.form(), 3002)],
      [
        ['type', 'Type "payments" into Search.'],
        ['key', 'Press Enter in Search.'],
      ],
    ],
    [
      'a value (stamped at its first input) then Enter → Type first, then Press Enter',
      () => [startPage(), ev.input(search, 'payments', 2200), ev.key('Enter', search, 3000), ev.submit(targets.form(), 3006)],
      [
        ['type', 'Type "payments" into Search.'],
        ['key', 'Press Enter in Search.'],
      ],
    ],
    [
      'typing then a submit with no click or key (implicit submission) → Press Enter in that field',
      () => [startPage(), ev.input(search, 'payments', 3000), ev.submit(targets.form(), 3010)],
      [
        ['type', 'Type "payments" into Search.'],
        ['key', 'Press Enter in Search.'],
      ],
    ],
    [
      'a submit nothing caused → Submit the form',
      () => [startPage(), ev.click(deploy, 1000), ev.submit(targets.form('Deploy'), 5000)],
      [
        ['click', 'Click Deploy.'],
        ['submit', 'Submit the Deploy form.'],
      ],
    ],
    [
      'a click that opens a form, then a field filled right after it without keystrokes → the Click stays first',
      () => [startPage(), ev.click(deploy, 3000), ev.input(ticket, 'CHG-9', 3050)],
      [
        ['click', 'Click Deploy.'],
        ['type', 'Type "CHG-9" into Change ticket.'],
      ],
    ],
    [
      'Tab out of a field just typed into → absorbed into the Type',
      () => [startPage(), ev.input(ticket, 'CHG-1', 2000), ev.key('Tab', ticket, 2001)],
      [['type', 'Type "CHG-1" into Change ticket.']],
    ],
    [
      'Ctrl+V in a field then its value → one Type',
      () => [
        startPage(),
        ev.click(ticket, 1000),
        ev.key('v', ticket, 1500, { modifiers: { ...NO_MODIFIERS, ctrl: true } }),
        ev.input(ticket, 'CHG-3', 2500),
      ],
      [['type', 'Type "CHG-3" into Change ticket.']],
    ],
    [
      'a shortcut on the page → Press Ctrl+K',
      () => [startPage(), ev.key('k', targets.body(), 1000, { modifiers: { ...NO_MODIFIERS, ctrl: true } })],
      [['key', 'Press Ctrl+K.']],
    ],
    [
      'a link navigation right after a click is its effect, not a step',
      () => [startPage(), ev.click(targets.link('Deploys'), 1000), ev.navigate('link', otherPage, 1800)],
      [['click', 'Click Deploys.']],
    ],
    [
      'a slow link navigation right after its click, nothing else done meanwhile → still its effect',
      () => [startPage(), ev.click(targets.link('Deploys'), 1000), ev.navigate('link', otherPage, 5000)],
      [['click', 'Click Deploys.']],
    ],
    [
      'a form navigation after Enter, then the SPA redirect after it → no steps of their own',
      () => [
        startPage(),
        ev.input(search, 'payments', 2000),
        ev.key('Enter', search, 2001),
        ev.navigate('form', otherPage, 2600),
        ev.navigate('replace-state', { ...otherPage, url: `${otherPage.url}?q=payments` }, 3500),
      ],
      [
        ['type', 'Type "payments" into Search.'],
        ['key', 'Press Enter in Search.'],
      ],
    ],
    [
      'a route the app sets seconds after a click, nothing else done meanwhile → the click\'s effect (a slow single-page app)',
      () => [startPage(), ev.click(deploy, 1000), ev.navigate('push-state', otherPage, 4000), ev.navigate('hash', { ...otherPage, url: `${otherPage.url}#flow/1` }, 6000)],
      [['click', 'Click Deploy.']],
    ],
    [
      'a push-state long after the last action → Go to',
      () => [startPage(), ev.click(deploy, 1000), ev.navigate('push-state', otherPage, 1000 + SLOW_LOAD_MS + 1)],
      [
        ['click', 'Click Deploy.'],
        ['navigate', 'Go to Deploys — Shipyard.'],
      ],
    ],
    [
      'a push-state after another action in another tab → Go to (not the effect of the click in this tab)',
      () => [
        startPage(),
        ev.click(deploy, 1000),
        ev.tabSwitch(2, runbookPage, 1500),
        ev.click(targets.button('Copy command'), 1800, { tabId: 2, page: runbookPage }),
        ev.tabSwitch(1, DEFAULT_PAGE, 2500),
        ev.navigate('push-state', otherPage, 4000),
        ev.click(deploy, 5000, { page: otherPage }),
      ],
      [
        ['click', 'Click Deploy.'],
        ['switch-tab', 'Switch to the tab Runbook.'],
        ['click', 'Click Copy command.'],
        ['switch-tab', `Switch to the tab ${DEFAULT_PAGE.title}.`],
        ['navigate', 'Go to Deploys — Shipyard.'],
        ['click', 'Click Deploy.'],
      ],
    ],
    [
      'the first navigation of the recording is the starting page, not a step',
      () => [startPage(), ev.click(deploy, 1000)],
      [['click', 'Click Deploy.']],
    ],
    [
      'a typed navigation, even right after a click → Go to',
      () => [startPage(), ev.click(deploy, 1000), ev.navigate('typed', runbookPage, 1200)],
      [
        ['click', 'Click Deploy.'],
        ['navigate', 'Go to Runbook.'],
      ],
    ],
    [
      'back/forward → Go back to; reload → Reload the page',
      () => [startPage(), ev.click(deploy, 1000), ev.navigate('back-forward', otherPage, 5000), ev.navigate('reload', otherPage, 9000)],
      [
        ['click', 'Click Deploy.'],
        ['navigate', 'Go back to Deploys — Shipyard.'],
        ['navigate', 'Reload the page.'],
      ],
    ],
    [
      'back/forward sooner than CONSEQUENCE_MS after the route change a click caused → still a step of its own',
      () => [startPage(), ev.click(deploy, 1000), ev.navigate('push-state', otherPage, 1100), ev.navigate('back-forward', DEFAULT_PAGE, 1100 + CONSEQUENCE_MS - 1)],
      [
        ['click', 'Click Deploy.'],
        ['navigate', `Go back to ${DEFAULT_PAGE.title}.`],
      ],
    ],
    [
      'a typed navigation and the redirect after it → one Go to, named after where it lands',
      () => [
        startPage(),
        ev.navigate('typed', { url: 'https://wiki.test/', title: '' }, 2000),
        ev.navigate('other', { url: 'https://wiki.test/login', title: 'Sign in — Wiki' }, 2300),
      ],
      [['navigate', 'Go to Sign in — Wiki.']],
    ],
    [
      'a Go to without a title is named by host and path, or by the next title the tab reports',
      () => [
        startPage(),
        ev.navigate('typed', { url: 'https://status.test/incidents', title: '' }, 2000),
        ev.navigate('typed', { url: 'https://wiki.test/page', title: '' }, 9000),
        ev.click(targets.button('Edit', { name: 'Edit' }), 12000, { page: { url: 'https://wiki.test/page', title: 'Page — Wiki' } }),
      ],
      [
        ['navigate', 'Go to status.test/incidents.'],
        ['navigate', 'Go to Page — Wiki.'],
        ['click', 'Click Edit.'],
      ],
    ],
    [
      'a page changing its own URL to where it already is → no step',
      () => [startPage(), ev.navigate('replace-state', DEFAULT_PAGE, 5000)],
      [],
    ],
    [
      'a new tab the workflow continues in → Switch to the new tab',
      () => [
        startPage(),
        ev.click(targets.link('Runbook'), 1000),
        ev.tabOpen(2, { url: 'about:blank', title: '' }, 1100),
        ev.navigate('link', runbookPage, 4000, { tabId: 2 }),
        ev.click(targets.button('Copy command'), 9000, { tabId: 2, page: runbookPage }),
      ],
      [
        ['click', 'Click Runbook.'],
        ['open-tab', 'Switch to the new tab Runbook.'],
        ['click', 'Click Copy command.'],
      ],
    ],
    [
      'a new tab activated right after opening → one step',
      () => [
        startPage(),
        ev.tabOpen(2, runbookPage, 1100),
        ev.tabSwitch(2, runbookPage, 1150),
        ev.click(targets.button('Copy command'), 3000, { tabId: 2, page: runbookPage }),
      ],
      [
        ['open-tab', 'Switch to the new tab Runbook.'],
        ['click', 'Click Copy command.'],
      ],
    ],
    [
      'a new tab whose activation is reported before its creation → one step',
      () => [
        startPage(),
        ev.tabSwitch(2, runbookPage, 1100),
        ev.tabOpen(2, runbookPage, 1110),
        ev.click(targets.button('Copy command'), 3000, { tabId: 2, page: runbookPage }),
      ],
      [
        ['open-tab', 'Switch to the new tab Runbook.'],
        ['click', 'Click Copy command.'],
      ],
    ],
    [
      'a new tab nothing happens in → no step',
      () => [startPage(), ev.click(deploy, 1000), ev.tabOpen(2, runbookPage, 1100), ev.navigate('link', runbookPage, 1500, { tabId: 2 })],
      [['click', 'Click Deploy.']],
    ],
    [
      'a tab opened in the background while work goes on in the first tab → no step',
      () => [startPage(), ev.tabOpen(2, runbookPage, 1100), ev.click(deploy, 3000)],
      [['click', 'Click Deploy.']],
    ],
    [
      'switching to another tab and acting there → Switch to the tab; and back',
      () => [
        startPage(),
        ev.click(deploy, 1000),
        ev.tabSwitch(2, runbookPage, 3000),
        ev.click(targets.button('Copy command'), 4000, { tabId: 2, page: runbookPage }),
        ev.tabSwitch(1, DEFAULT_PAGE, 6000),
        ev.input(ticket, 'CHG-1', 8000),
      ],
      [
        ['click', 'Click Deploy.'],
        ['switch-tab', 'Switch to the tab Runbook.'],
        ['click', 'Click Copy command.'],
        ['switch-tab', 'Switch to the tab Shipyard — payments-api.'],
        ['type', 'Type "CHG-1" into Change ticket.'],
      ],
    ],
    [
      'glancing at another tab and coming back → no steps',
      () => [startPage(), ev.click(deploy, 1000), ev.tabSwitch(2, runbookPage, 3000), ev.tabSwitch(1, DEFAULT_PAGE, 5000), ev.click(deploy, 6000)],
      [
        ['click', 'Click Deploy.'],
        ['click', 'Click Deploy.'],
      ],
    ],
  ])('%s', (_name, build, expected) => {
    const list = build();
    expect(summary(list)).toEqual(expected);
    expect(countSteps(list)).toBe(expected.length);
  });
});

describe('synthesizeSteps step fields', () => {
  it('numbers steps 0, 10, 20 with fresh ids, the SOP id, tab and recording time', () => {
    const list = [startPage(), ev.click(ticket, 1000), ev.input(ticket, 'CHG-1', 2000), ev.click(deploy, 3000)];
    const steps = synth(list);
    expect(steps.map((s) => [s.order, s.id, s.sopId, s.tabId, s.t])).toEqual([
      [0, 'step-1', SOP, 1, 1000],
      [10, 'step-2', SOP, 1, 3000],
    ]);
  });

  it('keeps every merged event id and the value of a Type step', () => {
    const click = ev.click(ticket, 1000);
    const input = ev.input(ticket, 'CHG-1', 2000);
    const change = ev.change(ticket, 2001, { value: 'CHG-1' });
    const [step] = synth([startPage(), click, input, change]);
    expect(step?.eventIds).toEqual([click.id, input.id, change.id]);
    expect(step?.value).toBe('CHG-1');
    expect(step?.target).toEqual(ticket);
  });

  it("uses the click's screenshot for a click-then-type step (taken before any effect)", () => {
    const click = ev.click(ticket, 1000, { shotId: shotId('shot-click'), boxInTab: { x: 10, y: 20, width: 200, height: 30 } });
    const input = ev.input(ticket, 'CHG-1', 2000, { shotId: shotId('shot-settle') });
    const [step] = synth([startPage(), click, input]);
    expect(step?.shotId).toBe('shot-click');
    expect(step?.highlight).toEqual({ box: { x: 10, y: 20, width: 200, height: 30 }, viewport: { width: 1280, height: 800 } });
  });

  it("falls back to the typing's screenshot when the click had none", () => {
    const [step] = synth([startPage(), ev.click(ticket, 1000), ev.input(ticket, 'CHG-1', 2000, { shotId: shotId('shot-settle') })]);
    expect(step?.shotId).toBe('shot-settle');
  });

  it.each([
    ['top frame, no boxInTab: the target box', { frameId: 0 }, { x: 100, y: 200, width: 120, height: 32 }],
    ['subframe with boxInTab', { frameId: 3, boxInTab: { x: 400, y: 500, width: 120, height: 32 } }, { x: 400, y: 500, width: 120, height: 32 }],
    ['subframe without boxInTab: unknown place', { frameId: 3 }, undefined],
  ])('highlight: %s', (_name, o, box) => {
    const [step] = synth([startPage(), ev.click(deploy, 1000, { shotId: shotId('s1'), ...o })]);
    expect(step?.highlight?.box).toEqual(box);
  });

  it('has no highlight when the viewport is unknown, and none without a screenshot', () => {
    const noViewport = makeEvent('click', { target: deploy, at: at(1000), shotId: shotId('s1'), viewport: undefined });
    expect(synth([startPage(), noViewport])[0]?.highlight).toBeUndefined();
    const noShot = ev.click(deploy, 1000);
    const [step] = synth([startPage(), noShot]);
    expect(step?.shotId).toBeUndefined();
    expect(step?.highlight).toBeUndefined();
  });

  it('never keeps a sensitive value, even when one was (wrongly) sent', () => {
    const token = targets.secret('Registry token');
    const [step] = synth([startPage(), ev.click(token, 1000), ev.input(token, 'ghp_SECRET123', 2000)]);
    expect(step?.value).toBeUndefined();
    expect(step?.text).toBe('Type the registry token into **Registry token**.');
    expect(JSON.stringify(step)).not.toContain('ghp_SECRET123');
  });

  it('sorts events by time and ignores a duplicated event id', () => {
    const a = ev.click(deploy, 1000);
    const b = ev.click(targets.button('Confirm'), 5000);
    const steps = synth([b, startPage(), a, b]);
    expect(steps.map((s) => stepTextToPlain(s.text))).toEqual(['Click Deploy.', 'Click Confirm.']);
    expect(steps[1]?.eventIds).toEqual([b.id]);
  });

  it('names a labelled control by the clicked label when it has no name', () => {
    const bare = targets.checkbox('', { label: undefined, selectors: { css: '#c1' } });
    const [step] = synth([startPage(), ev.click(targets.label('Notify on-call'), 1000), ev.click(bare, 1000), ev.change(bare, 1001, { checked: true })]);
    expect(step?.text).toBe('Check **Notify on-call**.');
  });

  it('page and tab of a tab step come from the tab, with the title the tab reports later', () => {
    const steps = synth([
      startPage(),
      ev.tabOpen(2, { url: 'about:blank', title: '' }, 1000),
      ev.navigate('link', runbookPage, 3000, { tabId: 2 }),
      ev.click(deploy, 4000, { tabId: 2, page: runbookPage }),
    ]);
    expect(steps[0]).toMatchObject({ kind: 'open-tab', tabId: 2, page: runbookPage });
  });

  it('returns no steps for no events or only the starting page', () => {
    expect(synth([])).toEqual([]);
    expect(synth([startPage()])).toEqual([]);
    expect(countSteps([])).toBe(0);
  });
});

describe('draftSopTitle', () => {
  it('names the procedure after the last button clicked, the page subject and the app', () => {
    const list = [startPage(), ev.input(ticket, 'CHG-1', 1000), ev.click(deploy, 2000)];
    expect(draftSopTitle(list)).toBe('Deploy payments-api — Shipyard');
  });

  it('finds the app as the title part most pages share when the host does not spell it', () => {
    const page = (title: string) => ({ url: 'https://deploy.internal.test/x', title });
    const list = [
      ev.navigate('load', page('Overview | Harbor'), 0),
      ev.click(targets.link('Apps'), 1000, { page: page('Overview | Harbor') }),
      ev.click(targets.button('Roll back'), 3000, { page: page('payments-api | Harbor') }),
      ev.click(targets.link('Home'), 4000, { page: page('payments-api | Harbor') }),
    ];
    expect(draftSopTitle(list)).toBe('Roll back payments-api — Harbor');
  });

  it('uses the page subject and app when no button was clicked', () => {
    expect(draftSopTitle([startPage(), ev.input(ticket, 'x', 1000)])).toBe('payments-api — Shipyard');
  });

  it('falls back to a dated name without titles', () => {
    const page = { url: 'https://x.test/', title: '' };
    expect(draftSopTitle([ev.click(deploy, 1000, { page })])).toBe('Recorded procedure 2026-01-05');
    expect(draftSopTitle([])).toBe('Recorded procedure');
  });

  it('is deterministic', () => {
    const list = [startPage(), ev.click(deploy, 2000)];
    expect(draftSopTitle(list)).toBe(draftSopTitle([...list]));
  });
});
