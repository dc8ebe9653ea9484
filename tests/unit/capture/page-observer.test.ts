// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createPageObserver, type Observation } from '../../../lib/capture/page-observer';

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  document.body.innerHTML = '';
});

function setup() {
  const seen: Observation[] = [];
  const observer = createPageObserver({ doc: document, emit: (o) => seen.push(o) });
  return { seen, observer };
}

describe('page observer', () => {
  it('reports a toast, a status text and a new heading that appear after an action', async () => {
    document.body.innerHTML = '<h1>Deployments</h1><div role="status" id="live"></div>';
    const { seen, observer } = setup();
    observer.afterAction();
    const toast = document.createElement('div');
    toast.className = 'toast';
    toast.setAttribute('role', 'status');
    toast.textContent = 'Deployment started';
    document.body.append(toast);
    document.getElementById('live')!.textContent = 'Waiting for approval';
    document.querySelector('h1')!.textContent = 'Deploying payments-api v1.5.0';
    await flush();
    expect(seen.map((o) => [o.kind, o.text])).toEqual([
      ['toast', 'Deployment started'],
      ['status', 'Waiting for approval'],
      ['heading', 'Deploying payments-api v1.5.0'],
    ]);
    observer.stop();
  });

  it('ignores what was already on screen, form fields, and anything once the watch window is over', async () => {
    document.body.innerHTML = '<h1>Services</h1><div role="status">3 services</div>';
    const { seen, observer } = setup();
    observer.afterAction();
    const field = document.createElement('textarea');
    field.setAttribute('aria-live', 'polite');
    field.textContent = 'typed text';
    document.body.append(field);
    document.querySelector('h1')!.textContent = 'Services';
    await flush();
    observer.stop();
    document.querySelector('[role=status]')!.textContent = 'later change';
    await flush();
    expect(seen).toEqual([]);
  });

  it('in a stack of toasts, reports the toast just added, not the ones still shown from before', async () => {
    document.body.innerHTML = '<div id="toasts" aria-live="polite"><div class="toast">Cache purge queued for payments-api.</div></div>';
    const { seen, observer } = setup();
    observer.afterAction();
    const toast = document.createElement('div');
    toast.className = 'toast';
    toast.innerHTML = '<strong>Deployment</strong> started';
    document.getElementById('toasts')!.append(toast);
    await flush();
    expect(seen.map((o) => [o.kind, o.text])).toEqual([['toast', 'Deployment started']]);
    observer.stop();
  });
});

/** How many times `during` reads the whole document (querySelectorAll on it). */
function documentWalks(during: () => void): number {
  const original = document.querySelectorAll.bind(document);
  let walks = 0;
  document.querySelectorAll = ((sel: string) => {
    walks++;
    return original(sel);
  }) as typeof document.querySelectorAll;
  try {
    during();
    return walks;
  } finally {
    document.querySelectorAll = original;
  }
}

describe('what was on screen before an action, known without walking the page inside the click', () => {
  function withIdle() {
    const seen: Observation[] = [];
    const idleWork: Array<() => void> = [];
    const observer = createPageObserver({ doc: document, emit: (o) => seen.push(o), idle: (w) => void idleWork.push(w) });
    return { seen, observer, runIdle: () => idleWork.splice(0).forEach((w) => w()) };
  }

  it('a quiet page: the action reads the baseline from the last idle moment, not the document', async () => {
    document.body.innerHTML = '<h1>Services</h1><div role="status">3 services</div>';
    const { seen, observer, runIdle } = withIdle();
    observer.afterAction();
    document.body.append(Object.assign(document.createElement('p'), { textContent: 'x' }));
    await flush();
    runIdle();
    expect(documentWalks(() => observer.afterAction())).toBe(0);
    document.querySelector('[role=status]')!.textContent = '3 services';
    document.querySelector('[role=status]')!.textContent = '4 services';
    await flush();
    expect(seen.map((o) => o.text)).toEqual(['4 services']);
    observer.stop();
  });

  it('the same toast for a second save is an outcome again: the baseline follows the toast going away', async () => {
    document.body.innerHTML = '<main></main>';
    const { seen, observer, runIdle } = withIdle();
    const save = async () => {
      observer.afterAction();
      const toast = Object.assign(document.createElement('div'), { className: 'toast', textContent: 'Saved.' });
      toast.setAttribute('role', 'status');
      document.body.append(toast);
      await flush();
      runIdle();
      toast.remove();
      await flush();
      runIdle();
    };
    await save();
    await save();
    expect(seen.map((o) => o.text)).toEqual(['Saved.', 'Saved.']);
    observer.stop();
  });

  it('a page that never goes quiet is not read in the action: the last baseline and what earlier actions reported count as seen', async () => {
    document.body.innerHTML = '<h1>Deployments</h1><div role="status">Idle</div>';
    const { seen, observer, runIdle } = withIdle();
    observer.start();
    runIdle();
    observer.afterAction();
    document.querySelector('[role=status]')!.textContent = 'Busy';
    await flush();
    expect(seen.map((o) => o.text)).toEqual(['Busy']);
    // Changed since, never idle again: the next action must not walk the document in the click.
    expect(documentWalks(() => observer.afterAction())).toBe(0);
    // The page re-renders what it showed: neither the heading nor the earlier action's status is this one's outcome.
    document.querySelector('h1')!.textContent = 'Deployments';
    document.querySelector('[role=status]')!.textContent = 'Busy';
    document.body.append(Object.assign(document.createElement('div'), { className: 'toast', role: 'status', textContent: 'Rolled back' }));
    document.body.lastElementChild!.setAttribute('role', 'status');
    await flush();
    expect(seen.map((o) => o.text)).toEqual(['Busy', 'Rolled back']);
    observer.stop();
  });

  it('before any quiet moment (the first action right after Start), the action reads the page once', async () => {
    document.body.innerHTML = '<div role="status">Idle</div>';
    const { seen, observer } = withIdle();
    observer.afterAction();
    document.querySelector('[role=status]')!.textContent = 'Idle';
    await flush();
    expect(seen).toEqual([]);
    observer.stop();
  });
});
