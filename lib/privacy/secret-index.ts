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
 * elements are kept (up to a bound) and checked at each call.
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

export function createSecretIndex(doc: Document): SecretIndex {
  const win = doc.defaultView;
  if (!win) return { boxes: () => sensitiveBoxes(doc), stop: () => undefined };
  const hits = new Set<Text>();
  const roots = new Set<ShadowRoot>();
  const editables = new Set<Element>();
  /** Custom elements seen without a shadow root: one may get it when its definition arrives. */
  const waitingHosts = new Set<Element>();
  let pending: Node[] = [];
  let full = true;
  let walkedAt = 0;
  let changedSinceWalk = false;

  const observer = new (win as Window & typeof globalThis).MutationObserver((records) => {
    changedSinceWalk = true;
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

  function adoptRoot(root: ShadowRoot): void {
    if (roots.has(root) || roots.size >= MAX_SHADOW_ROOTS) {
      // More components than followed: answer by walking, every time (never a box missed).
      if (!roots.has(root)) full = true;
      return;
    }
    roots.add(root);
    observer.observe(root, OBSERVE);
    visit(root);
  }

  /** Reads `node` and its subtree into the index (text hits, shadow roots, editables, waiting hosts). */
  function visit(node: Node): void {
    if (node.nodeType === 3) {
      if (mayShowSecret(node as Text)) hits.add(node as Text);
      return;
    }
    if (node.nodeType !== 1 && node.nodeType !== 11) return;
    const walker = doc.createTreeWalker(node, 5 /* SHOW_ELEMENT | SHOW_TEXT */);
    for (let n: Node | null = node; n; n = walker.nextNode()) {
      if (n.nodeType === 3) {
        if (mayShowSecret(n as Text)) hits.add(n as Text);
        continue;
      }
      if (n.nodeType !== 1) continue;
      const el = n as Element;
      if (el.shadowRoot) adoptRoot(el.shadowRoot);
      // (Frameworks name components with dashes and never define them: beyond the bound, REWALK_MS covers.)
      else if (el.localName.includes('-') && waitingHosts.size < MAX_WAITING_HOSTS) waitingHosts.add(el);
      if (el.hasAttribute('contenteditable')) editables.add(el);
    }
  }

  function rebuild(): void {
    hits.clear();
    roots.clear();
    editables.clear();
    waitingHosts.clear();
    pending = [];
    full = false;
    walkedAt = Date.now();
    changedSinceWalk = false;
    // Roots observed before stay observed (observe() on the same node again replaces its options).
    visit(doc.documentElement ?? doc);
  }

  function catchUp(): void {
    const added = pending;
    pending = [];
    for (const n of added) if (n.isConnected) visit(n);
    for (const host of waitingHosts) {
      if (!host.isConnected) waitingHosts.delete(host);
      else if (host.shadowRoot) {
        waitingHosts.delete(host);
        adoptRoot(host.shadowRoot);
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
    for (const e of editables) if (e.getRootNode() === doc && e.matches(EDITABLE)) f(e);
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
      for (const root of [doc, ...roots]) {
        if (root !== doc && !(root as ShadowRoot).host.isConnected) continue;
        forEachField(root, (el) => {
          if (fieldShowsSecret(el)) add(el.getBoundingClientRect());
        });
      }
      const range = doc.createRange();
      for (const node of hits) {
        if (!node.isConnected) {
          hits.delete(node);
          continue;
        }
        // A hit's text may have changed since (its characterData record was followed, but be sure).
        if (!mayShowSecret(node)) {
          hits.delete(node);
          continue;
        }
        for (const r of textSecretRects(node, range)) add(r);
      }
      return boxes;
    },
    stop() {
      observer.disconnect();
    },
  };
}
