// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { frameCouldBe, frameDepth } from '../../../lib/guide/frames';

function frame(parent: Document, id: string): Window {
  const iframe = parent.createElement('iframe');
  iframe.id = id;
  parent.body.append(iframe);
  return iframe.contentWindow!;
}

describe('frameCouldBe: the recorded frame path', () => {
  it('the top frame is the one of an empty path only', () => {
    expect(frameDepth(window)).toBe(0);
    expect(frameCouldBe(window, [])).toBe(true);
    expect(frameCouldBe(window, ['#build'])).toBe(false);
  });

  it('a same-origin iframe is checked against its selector', () => {
    document.body.innerHTML = '';
    const build = frame(document, 'build');
    const other = frame(document, 'other');
    expect(frameDepth(build)).toBe(1);
    expect(frameCouldBe(build, ['#build'])).toBe(true);
    expect(frameCouldBe(other, ['#build'])).toBe(false);
    expect(frameCouldBe(build, [])).toBe(false);
  });

  it('a nested frame follows the whole path', () => {
    document.body.innerHTML = '';
    const outer = frame(document, 'outer');
    const inner = frame(outer.document, 'inner');
    expect(frameCouldBe(inner, ['#outer', '#inner'])).toBe(true);
    expect(frameCouldBe(inner, ['#other', '#inner'])).toBe(false);
  });
});
