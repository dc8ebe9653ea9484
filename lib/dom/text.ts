/**
 * Bounded text extraction. Runs inside event handlers, so it never builds the whole textContent of a large
 * subtree and never triggers layout (no innerText).
 */

/** Subtrees whose text is not what a reader sees as the element's text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'select', 'option', 'textarea', 'datalist']);

export function collapse(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? flat.slice(0, max).trimEnd() : flat;
}

/** Text content of `node`, whitespace-collapsed, stopping once `max` characters are gathered. */
export function boundedText(node: Node, max: number): string {
  const doc = node.ownerDocument ?? (node as Document);
  // 5 = SHOW_ELEMENT | SHOW_TEXT; constants inlined because NodeFilter is a global of the page's window.
  const walker = doc.createTreeWalker(node, 5, {
    acceptNode: (n) => (n.nodeType === 1 && SKIPPED.has((n as Element).localName) ? 2 : 1),
  });
  let out = '';
  // Slack before collapsing: runs of whitespace shrink.
  const budget = max * 2 + 50;
  for (let n = walker.nextNode(); n && out.length < budget; n = walker.nextNode()) {
    if (n.nodeType === 3) out += n.nodeValue ?? '';
    else if (out.length > 0) out += ' ';
  }
  return collapse(out, max);
}

function byIds(el: Element, attr: string): Element[] {
  const ids = el.getAttribute(attr)?.trim();
  if (!ids) return [];
  const root = el.getRootNode() as Document | ShadowRoot;
  return ids
    .split(/\s+/)
    .map((id) => root.getElementById(id))
    .filter((x): x is HTMLElement => x !== null);
}

/** Elements referenced by aria-labelledby, resolved in the element's own root. */
export function labelledByElements(el: Element): Element[] {
  return byIds(el, 'aria-labelledby');
}

/** Visible label of a form field: <label for>, a wrapping <label>, or aria-labelledby. */
export function fieldLabel(el: Element, max = 200): string | undefined {
  const labels = (el as HTMLInputElement).labels;
  const sources: Element[] = labels && labels.length > 0 ? Array.from(labels) : labelledByElements(el);
  const text = collapse(sources.map((l) => boundedText(l, max)).join(' '), max);
  return text || undefined;
}

/** A caption is a few words; longer text beside a field is prose, not its name. */
const MAX_CAPTION = 40;
const CONTROLS = 'input, select, textarea, button, [contenteditable=""], [contenteditable="true"]';

/**
 * The caption a person sees beside a field that has no label of its own: the `<label>` or short text just
 * before it in its row (Node-RED's `<label for="">Repeat</label> <select>`), the row's container climbed
 * while the field is its only control. Undefined when a control comes first (the caption, if any, is that
 * control's) or nothing short enough is found. For a step's wording only: the page does not tie it to the field.
 */
export function nearbyCaption(el: Element, max = MAX_CAPTION): string | undefined {
  let node: Element | null = el;
  for (let depth = 0; node && depth < 3; depth++) {
    for (let sib = node.previousElementSibling; sib; sib = sib.previousElementSibling) {
      if (sib.matches(CONTROLS) || sib.querySelector(CONTROLS)) return undefined;
      const text = boundedText(sib, max + 1);
      if (!text) continue;
      return text.length <= max ? text : undefined;
    }
    const parent: Element | null = node.parentElement;
    // Climb only out of a wrapper that holds nothing else to act on.
    if (!parent || parent.querySelectorAll(CONTROLS).length > 1 || parent.localName === 'form' || parent.localName === 'body') return undefined;
    node = parent;
  }
  return undefined;
}
