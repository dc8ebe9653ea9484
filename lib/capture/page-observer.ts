/**
 * What the page shows after an action: a toast or status message, an alert, a new main heading. Read only
 * for a short while after each action, as text, bounded, and never from form fields. Between actions a
 * watcher only notes that the page changed (O(1) per mutation batch) so that what was already on screen is
 * known without walking the document inside the click.
 */
import { maskSecrets } from '../privacy/secrets';

export type { ObservationKind } from '../model';
import type { ObservationKind } from '../model';

export interface Observation {
  readonly kind: ObservationKind;
  readonly text: string;
  readonly at: number;
}

const WATCH_MS = 2_500;
const MAX_TEXT = 300;
const MAX_PER_ACTION = 4;
/** A quiet page's baseline is read at most this long after it settled, even if the page never idles. */
const BASELINE_WITHIN_MS = 1_000;

const LIVE_SELECTOR = '[role="status"], [role="alert"], [aria-live="polite"], [aria-live="assertive"], output';
const TOAST_HINT = /toast|snackbar|notification|flash/i;

/** Masked here so a token shown in a toast ("Your new key: ghp_…") never leaves the page. */
function textOf(el: Element): string {
  return maskSecrets((el.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT));
}

/** The child of `region` that holds `el` (el itself when it is a direct child); the region when el is not inside. */
function itemOf(region: Element, el: Element): Element {
  if (el === region || !region.contains(el)) return region;
  let item = el;
  while (item.parentElement && item.parentElement !== region) item = item.parentElement;
  return item;
}

function classify(el: Element): ObservationKind | undefined {
  if (el.closest('input, textarea, select, [contenteditable="true"]')) return undefined;
  if (el.matches('h1, [role="heading"][aria-level="1"]')) return 'heading';
  const live = el.closest(LIVE_SELECTOR);
  if (!live) return undefined;
  const hint = `${live.className} ${live.id} ${live.getAttribute('data-testid') ?? ''}`;
  return TOAST_HINT.test(hint) || live.getAttribute('role') === 'alert' ? 'toast' : 'status';
}

/**
 * `idle` runs the baseline scan when the page is quiet (requestIdleCallback by default): `afterAction` runs in
 * the page's event dispatch and must not walk a 70,000-node document.
 */
export function createPageObserver(opts: { doc: Document; emit(o: Observation): void; now?: () => number; idle?: (work: () => void) => void }) {
  const now = opts.now ?? Date.now;
  const view = opts.doc.defaultView;
  const idle =
    opts.idle ??
    ((work: () => void) => {
      if (view?.requestIdleCallback) view.requestIdleCallback(work, { timeout: BASELINE_WITHIN_MS });
      else setTimeout(work, 50);
    });
  /** What was on screen before the current action (a baseline, shared, never written). */
  let known: ReadonlySet<string> = new Set<string>();
  /** What actions reported since the last baseline was read (a fresh baseline includes what still shows). */
  const reported = new Set<string>();
  let observer: MutationObserver | undefined;
  let stopAt = 0;
  let emitted = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /**
   * What headings and live regions showed when the page last settled, or undefined while the page has changed
   * since. Kept by a watcher that only flips a flag per mutation batch; the scan runs in idle time.
   */
  let baseline: Set<string> | undefined;
  /** The last baseline read, kept while the page changes: the one to use until the next quiet moment. */
  let lastBaseline: Set<string> | undefined;
  let watcher: MutationObserver | undefined;
  let scanPending = false;

  function scan(): Set<string> {
    const found = new Set<string>();
    for (const el of Array.from(opts.doc.querySelectorAll(`h1, ${LIVE_SELECTOR}`))) {
      const kind = classify(el);
      const text = textOf(el);
      if (kind && text) found.add(`${kind}:${text}`);
    }
    return found;
  }

  function rescanWhenIdle(): void {
    if (scanPending) return;
    scanPending = true;
    idle(() => {
      scanPending = false;
      if (!watcher) return;
      lastBaseline = baseline = scan();
      reported.clear();
    });
  }

  function watchForBaseline(): void {
    if (watcher || !opts.doc.body || !view) return;
    watcher = new view.MutationObserver(() => {
      baseline = undefined;
      rescanWhenIdle();
    });
    watcher.observe(opts.doc.body, { subtree: true, childList: true, characterData: true });
  }

  function consider(node: Node) {
    const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!el || emitted >= MAX_PER_ACTION) return;
    const target = el.closest(`h1, ${LIVE_SELECTOR}`) ?? (el.querySelector?.(`h1, ${LIVE_SELECTOR}`) as Element | null);
    if (!target) return;
    const kind = classify(target);
    // A toast stack is one live region: the outcome is the toast just added, not every toast still shown.
    const text = textOf(itemOf(target, el));
    if (!kind || !text) return;
    const key = `${kind}:${text}`;
    if (known.has(key) || reported.has(key)) return;
    reported.add(key);
    emitted++;
    opts.emit({ kind, text, at: now() });
  }

  function expire(): void {
    timer = undefined;
    const left = stopAt - now();
    if (left > 0) timer = setTimeout(expire, left);
    else stop();
  }

  function stop() {
    observer?.disconnect();
    observer = undefined;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  return {
    /** Capture began: follow the page from now on, and read what it shows at its next quiet moment. */
    start() {
      watchForBaseline();
      rescanWhenIdle();
    },
    /** Call after each action: watch the page for a short while. */
    afterAction() {
      stopAt = now() + WATCH_MS;
      emitted = 0;
      // What was already on screen is not an outcome of this action: known from the last quiet moment. A page
      // that has not been quiet since is not read here (a walk of a big page in the click); what the last
      // action already reported counts as seen too, so a toast it raised is not this action's outcome.
      known = baseline ?? lastBaseline ?? (lastBaseline = scan());
      watchForBaseline();
      if (!observer && opts.doc.body) {
        observer = new MutationObserver((records) => {
          if (now() > stopAt) return stop();
          for (const r of records) {
            if (r.type === 'characterData') consider(r.target);
            else r.addedNodes.forEach(consider);
          }
        });
        observer.observe(opts.doc.body, { subtree: true, childList: true, characterData: true });
      }
      // One timer for a run of actions, re-armed for the remainder (not a clear and set per click).
      timer ??= setTimeout(expire, WATCH_MS);
    },
    /** Recording ended: no watching at all. */
    stop() {
      stop();
      watcher?.disconnect();
      watcher = undefined;
      baseline = lastBaseline = undefined;
      reported.clear();
    },
  };
}
