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
