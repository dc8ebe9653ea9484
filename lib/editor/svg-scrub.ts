/**
 * A second lock on a rendered diagram, after Mermaid's own strict-mode sanitising: before its SVG goes into
 * the editor, anything that could run script, navigate or fetch from elsewhere is taken out. Works on any
 * DOM (the editor's, or jsdom in tests); no globals.
 */

/** Elements that can run script, embed another document, or load an image from anywhere. */
const BANNED = ['script', 'iframe', 'object', 'embed', 'img', 'image', 'video', 'audio', 'link', 'meta', 'base', 'form', 'input', 'button', 'textarea'];
const URL_ATTRIBUTES = new Set(['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'poster', 'data']);
/** `url(#marker)` points inside the SVG; any other url() fetches. */
const OUTSIDE_URL = /url\(\s*['"]?(?!#)/i;

/** Removes what must not be in the diagram; returns how many elements and attributes it took out. */
export function scrubSvg(root: Element): number {
  let removed = 0;
  for (const el of [...root.querySelectorAll(BANNED.join(','))]) {
    el.remove();
    removed++;
  }
  for (const el of [root, ...root.querySelectorAll('*')]) {
    for (const attr of [...el.attributes]) {
      const name = attr.name.toLowerCase();
      const value = attr.value.trim();
      const bad =
        name.startsWith('on') ||
        (URL_ATTRIBUTES.has(name) && !value.startsWith('#')) ||
        ((name === 'style' || el.localName === 'style') && OUTSIDE_URL.test(value));
      if (bad) {
        el.removeAttribute(attr.name);
        removed++;
      }
    }
  }
  for (const style of [...root.querySelectorAll('style')]) {
    if (OUTSIDE_URL.test(style.textContent ?? '') || /@import/i.test(style.textContent ?? '')) {
      style.textContent = (style.textContent ?? '').replace(/@import[^;]*;?/gi, '').replace(/url\(\s*['"]?(?!#)[^)]*\)/gi, 'none');
      removed++;
    }
  }
  return removed;
}
