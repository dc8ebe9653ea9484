/**
 * `sensitiveBoxes` kept up to date instead of recomputed. Walking a 55,000-element page costs ~20 ms, and the
 * screen states measure after every click and change: on a big console that is a long task after each click.
 * The index walks the page once, then follows the DOM's mutation records: only added subtrees and changed
 * text are read again. What text nodes show a secret depends on their content only, so the set of such nodes
 * changes only through those records; where they are and whether they are visible is read at each `boxes()`,
 * as are all fields (a page script can set a field's value with no record and no event).
 *
 * Whatever the records cannot tell is read again in full: the first call, a burst of records too big to be
 * worth following, a `contenteditable` attribute that changed, and a page that keeps changing at least every
 * REWALK_MS. A custom element added before its definition gets its shadow root later, without a record: such
 * elements are kept (up to a bound) and checked at each call. The periodic walk of a changing page is done in
 * idle-time steps ahead of need; a call walks synchronously only when that could not happen in time.
 */
import type { Box } from '../model';
import { BOX_LIMIT, FIELD_SELECTOR, fieldShowsSecret, isVisibleIn, mayShowSecret, sensitiveBoxes, textSecretRects } from './sensitive-boxes';

/** Beyond this many added nodes between two calls, a full walk is cheaper than following them. */
const MAX_PENDING = 2_000;
const MAX_SHADOW_ROOTS = 1_000;
const MAX_WAITING_HOSTS = 1_000;
const TEXT_LIKE = ['input', 'textarea', 'select'] as const;
const EDITABLE = '[contenteditable]:not([contenteditable="false"])';
/**
 * A page that keeps changing is walked in full at least this often: what no record tells (a definition that
 * gives many waiting elements their shadow roots at once, beyond those followed) is then seen within it.
 */
const REWALK_MS = 3_000;

export interface SecretIndex {
  /** Where the frame shows something secret now, CSS px of its viewport (what sensitiveBoxes answers). */
  boxes(): Box[];
  stop(): void;
}

/** Attributes too: a change of any (a component's upgrade touching its host) means the page is changing. */
const OBSERVE: MutationObserverInit = { subtree: true, childList: true, characterData: true, attributes: true };

interface IndexSets {
  readonly hits: Set<Text>;
  readonly roots: Set<ShadowRoot>;
  readonly editables: Set<Element>;
  /** Custom elements seen without a shadow root: one may get it when its definition arrives. */
  readonly waitingHosts: Set<Element>;
}

function emptySets(): IndexSets {
  return { hits: new Set(), roots: new Set(), editables: new Set(), waitingHosts: new Set() };
}

/** Nodes a background walk reads between two looks at the clock. */
const WALK_CHUNK = 512;
/** Longest stretch of one background walk step, when the browser gives no idle deadline. */
const WALK_SLICE_MS = 4;

export interface SecretIndexOptions {
  /**
   * Runs a step of the background walk when the page is idle (requestIdleCallback by default). The walk that
   * keeps the index fresh is spread over such steps, so that a measure after a click finds it done instead of
   * walking a 70,000-node page in the middle of the click.
   */
  readonly idle?: (step: (deadline: { timeRemaining(): number }) => void) => void;
}

export function createSecretIndex(doc: Document, opts: SecretIndexOptions = {}): SecretIndex {
  const win = doc.defaultView;
  if (!win) return { boxes: () => sensitiveBoxes(doc), stop: () => undefined };
  const idle = opts.idle ?? (win.requestIdleCallback ? (step: (d: IdleDeadline) => void) => void win.requestIdleCallback(step, { timeout: REWALK_MS }) : undefined);
  let cur = emptySets();
  let pending: Node[] = [];
  let full = true;
  let walkedAt = 0;
  let changedSinceWalk = false;
  let stopped = false;
  /** A walk of the whole page in idle-time steps; replaces the index when it reaches the end. */
  let background: { into: IndexSets; walker: TreeWalker; startedAt: number; changedDuring: boolean; started: boolean } | undefined;
  let stepScheduled = false;
  let walkTimer: number | undefined;

  const observer = new (win as Window & typeof globalThis).MutationObserver((records) => {
    changedSinceWalk = true;
    if (background) background.changedDuring = true;
    startBackgroundWalk();
    if (full) return;
    for (const r of records) {
      if (r.type === 'characterData') pending.push(r.target);
      else if (r.type === 'attributes') {
        if (r.attributeName === 'contenteditable') full = true;
      }
      else r.addedNodes.forEach((n) => pending.push(n));
    }
    if (pending.length > MAX_PENDING) full = true;
    if (full) pending = [];
  });
  observer.observe(doc, OBSERVE);

  function adoptRoot(into: IndexSets, root: ShadowRoot): void {
    if (into.roots.has(root) || into.roots.size >= MAX_SHADOW_ROOTS) {
      // More components than followed: answer by walking, every time (never a box missed).
      if (!into.roots.has(root)) full = true;
      return;
    }
    into.roots.add(root);
    observer.observe(root, OBSERVE);
    visit(into, root);
  }

  /** Reads one node into the index (not its subtree). */
  function visitOne(into: IndexSets, n: Node): void {
    if (n.nodeType === 3) {
      if (mayShowSecret(n as Text)) into.hits.add(n as Text);
      return;
    }
    if (n.nodeType !== 1) return;
    const el = n as Element;
    if (el.shadowRoot) adoptRoot(into, el.shadowRoot);
    // (Frameworks name components with dashes and never define them: beyond the bound, REWALK_MS covers.)
    else if (el.localName.includes('-') && into.waitingHosts.size < MAX_WAITING_HOSTS) into.waitingHosts.add(el);
    if (el.hasAttribute('contenteditable')) into.editables.add(el);
  }

  /** Reads `node` and its subtree into the index (text hits, shadow roots, editables, waiting hosts). */
  function visit(into: IndexSets, node: Node): void {
    if (node.nodeType === 3) return visitOne(into, node);
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    const walker = doc.createTreeWalker(node, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
    for (let n: Node | null = node; n; n = walker.nextNode()) visitOne(into, n);
  }

  function rebuild(): void {
    background = undefined;
    cur = emptySets();
    pending = [];
    full = false;
    walkedAt = Date.now();
    changedSinceWalk = false;
    // Roots observed before stay observed (observe() on the same node again replaces its options).
    visit(cur, doc.documentElement ?? doc);
  }

  /**
   * A changing page is walked again in idle time, at most every half REWALK_MS, so that the walk a measure
   * would otherwise need (REWALK_MS after the last one) is already done. Where the browser has no idle time
   * to give, the measure walks, as before: never an answer from an index older than REWALK_MS.
   */
  function startBackgroundWalk(): void {
    if (!idle || stopped || background || full) return;
    const wait = walkedAt + REWALK_MS / 2 - Date.now();
    if (wait > 0) {
      walkTimer ??= win!.setTimeout(() => {
        walkTimer = undefined;
        if (changedSinceWalk) startBackgroundWalk();
      }, wait);
      return;
    }
    const root = doc.documentElement;
    if (!root) return;
    background = { into: emptySets(), walker: doc.createTreeWalker(root, 5), startedAt: Date.now(), changedDuring: false, started: false };
    scheduleStep();
  }

  function scheduleStep(): void {
    if (stepScheduled || !idle) return;
    stepScheduled = true;
    idle((deadline) => {
      stepScheduled = false;
      walkStep(deadline);
    });
  }

  function walkStep(deadline: { timeRemaining(): number }): void {
    const walk = background;
    if (!walk || stopped) return;
    // The walk stands on a node the page has since removed: from there it would never reach the rest.
    if (walk.started && !walk.walker.currentNode.isConnected) {
      background = undefined;
      startBackgroundWalk();
      return;
    }
    const until = performance.now() + Math.max(1, Math.min(WALK_SLICE_MS, deadline.timeRemaining()));
    let n: Node | null = walk.started ? walk.walker.nextNode() : walk.walker.currentNode;
    walk.started = true;
    for (let count = 0; n; n = walk.walker.nextNode()) {
      visitOne(walk.into, n);
      if (++count % WALK_CHUNK === 0 && performance.now() >= until) return scheduleStep();
    }
    background = undefined;
    if (full) return;
    // What changed during the walk is in `pending` (added nodes, changed text): it is read into the new index
    // at the next call, as it would have been into the old one.
    cur = walk.into;
    walkedAt = walk.startedAt;
    changedSinceWalk = walk.changedDuring;
    if (changedSinceWalk) startBackgroundWalk();
  }

  function catchUp(): void {
    const added = pending;
    pending = [];
    for (const n of added) {
      if (!n.isConnected) continue;
      visit(cur, n);
      // A walk under way may have passed this place already: the index it builds must have it too.
      if (background) visit(background.into, n);
    }
    for (const host of cur.waitingHosts) {
      if (!host.isConnected) cur.waitingHosts.delete(host);
      else if (host.shadowRoot) {
        cur.waitingHosts.delete(host);
        adoptRoot(cur, host.shadowRoot);
      }
    }
  }

  // Live collections: the browser keeps them up to date, so a page of 4,000 checkboxes is not searched per call.
  const liveFields = TEXT_LIKE.map((tag) => doc.getElementsByTagName(tag));

  function forEachField(root: Document | ShadowRoot, f: (el: Element) => void): void {
    if (root !== doc) {
      root.querySelectorAll(FIELD_SELECTOR).forEach(f);
      return;
    }
    for (const list of liveFields) for (let i = 0; i < list.length; i++) f(list[i]!);
    for (const e of cur.editables) if (e.getRootNode() === doc && e.matches(EDITABLE)) f(e);
  }

  return {
    boxes() {
      // One walk per call at most: following records may itself find it needs one (too many shadow roots),
      // and a walk that still cannot follow everything leaves `full` set, so the next call walks again.
      const stale = full || (changedSinceWalk && Date.now() - walkedAt > REWALK_MS);
      if (!stale) catchUp();
      if (stale || full) rebuild();
      const boxes: Box[] = [];
      const add = (r: DOMRect): void => {
        if (boxes.length < BOX_LIMIT && isVisibleIn(r, win)) boxes.push({ x: r.x, y: r.y, width: r.width, height: r.height });
      };
      for (const root of [doc, ...cur.roots]) {
        if (root !== doc && !(root as ShadowRoot).host.isConnected) continue;
        forEachField(root, (el) => {
          if (fieldShowsSecret(el)) add(el.getBoundingClientRect());
        });
      }
      const range = doc.createRange();
      for (const node of cur.hits) {
        if (!node.isConnected) {
          cur.hits.delete(node);
          continue;
        }
        // A hit's text may have changed since (its characterData record was followed, but be sure).
        if (!mayShowSecret(node)) {
          cur.hits.delete(node);
          continue;
        }
        for (const r of textSecretRects(node, range)) add(r);
      }
      return boxes;
    },
    stop() {
      stopped = true;
      background = undefined;
      if (walkTimer !== undefined) win.clearTimeout(walkTimer);
      observer.disconnect();
    },
  };
}
