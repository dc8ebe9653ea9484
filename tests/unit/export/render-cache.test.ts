import { describe, expect, it } from 'vitest';
import { RenderCache } from '../../../lib/export/render-cache';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill);

describe('RenderCache', () => {
  it('renders a key once and answers later requests from memory', async () => {
    const cache = new RenderCache(1000);
    let renders = 0;
    const render = async () => {
      renders++;
      return bytes(10);
    };
    const a = await cache.get('k', render);
    const b = await cache.get('k', render);
    expect(renders).toBe(1);
    expect(b).toBe(a);
  });

  it('shares one render between concurrent requests for the same key', async () => {
    const cache = new RenderCache(1000);
    let renders = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const render = async () => {
      renders++;
      await gate;
      return bytes(10);
    };
    const both = Promise.all([cache.get('k', render), cache.get('k', render)]);
    release();
    const [a, b] = await both;
    expect(renders).toBe(1);
    expect(b).toBe(a);
  });

  it('drops the least recently used entries past its byte bound', async () => {
    const cache = new RenderCache(25);
    await cache.get('a', async () => bytes(10, 1));
    await cache.get('b', async () => bytes(10, 2));
    await cache.get('a', async () => bytes(10, 9)); // a is now the most recent
    await cache.get('c', async () => bytes(10, 3)); // 30 > 25: b goes
    expect(cache.bytes).toBe(20);
    expect((await cache.get('a', async () => bytes(10, 9)))[0]).toBe(1);
    expect((await cache.get('b', async () => bytes(10, 7)))[0]).toBe(7);
  });

  it('does not keep an entry larger than the bound, and forgets a failed render', async () => {
    const cache = new RenderCache(5);
    await cache.get('big', async () => bytes(10));
    expect(cache.size).toBe(0);
    await expect(cache.get('bad', async () => Promise.reject(new Error('decode failed')))).rejects.toThrow('decode failed');
    expect((await cache.get('bad', async () => bytes(3, 4)))[0]).toBe(4);
  });
});
