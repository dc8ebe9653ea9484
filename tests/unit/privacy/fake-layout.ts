import { vi } from 'vitest';

/** jsdom has no layout: every element and text range gets a box from its data-box attribute (or none). */
export function fakeLayout(): void {
  const rect = (b: number[] | undefined) => {
    const [x = 0, y = 0, width = 0, height = 0] = b ?? [];
    return { x, y, width, height, left: x, top: y, right: x + width, bottom: y + height, toJSON: () => ({}) } as DOMRect;
  };
  vi.spyOn(Element.prototype, 'getBoundingClientRect').mockImplementation(function (this: Element) {
    return rect(this.getAttribute('data-box')?.split(',').map(Number));
  });
  (Range.prototype as unknown as { getClientRects: () => DOMRect[] }).getClientRects = function (this: Range) {
    const el = this.startContainer.parentElement;
    return [rect(el?.getAttribute('data-box')?.split(',').map(Number))];
  };
}
