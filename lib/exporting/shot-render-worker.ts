/**
 * Dedicated worker of an extension page (popup or editor) exporting: renders one step's screenshot at a time
 * (decode, crop, blur boxes, highlight, scale, encode: lib/platform/shot-renderer.ts), so the page's thread is
 * free to lay out the document meanwhile. Blur boxes are drawn here before any encode, as on the page.
 */
import { renderReplySchema, renderRequestSchema, type RenderReply } from '../export/render-job';
import { CanvasScratch, renderShotImages } from '../platform/shot-renderer';

const scratch = new CanvasScratch();
const post = (reply: RenderReply) => {
  // Checked on the way out too, so a change on one side cannot send a shape the page would drop silently.
  renderReplySchema.parse(reply);
  (self as unknown as Worker).postMessage(reply, reply.ok ? [reply.bytes, ...(reply.alsoBytes ?? [])].map((b) => b.buffer as ArrayBuffer) : []);
};

self.onmessage = async (e: MessageEvent<unknown>) => {
  const parsed = renderRequestSchema.safeParse(e.data);
  if (!parsed.success) {
    const id = typeof (e.data as { id?: unknown } | null)?.id === 'number' ? (e.data as { id: number }).id : 0;
    console.warn('[export] render worker dropped a malformed request', parsed.error.issues[0]);
    post({ id, ok: false, error: 'malformed render request' });
    return;
  }
  const { id, shot, edits, encoding, alsoEncodings = [] } = parsed.data;
  try {
    const [bytes, ...alsoBytes] = await renderShotImages(shot, edits, [encoding, ...alsoEncodings], scratch);
    post({ id, ok: true, bytes: bytes!, ...(alsoBytes.length > 0 ? { alsoBytes } : {}) });
  } catch (err) {
    post({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
