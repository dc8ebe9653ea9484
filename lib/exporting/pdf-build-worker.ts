/**
 * Dedicated worker of an extension page exporting a PDF: lays out the document with jsPDF (lib/export/pdf.ts)
 * off the page's thread. A 500-step PDF is tens of megabytes of strings inside jsPDF; built on the editor's own
 * thread it blocked the page (no progress painted, no Cancel) and its garbage collection ran over the editor's
 * large heap. Progress goes back as it lays out; the page terminates the worker to cancel.
 */
import { restoreDocument } from '../db/restore-document';
import { restoreSop, restoreSteps } from '../db/restore';
import { buildSopPdf } from '../export/pdf';
import { pdfBuildReplySchema, pdfBuildRequestSchema, type PdfBuildReply } from '../export/pdf-job';
import { throttledSteps } from '../export/step-progress';
import type { StepId } from '../model';

const post = (reply: PdfBuildReply) => {
  pdfBuildReplySchema.parse(reply);
  (self as unknown as Worker).postMessage(reply, reply.kind === 'done' ? [reply.bytes.buffer as ArrayBuffer] : []);
};

self.onmessage = async (e: MessageEvent<unknown>) => {
  const parsed = pdfBuildRequestSchema.safeParse(e.data);
  const sop = parsed.success ? restoreSop(parsed.data.sop) : null;
  if (!parsed.success || !sop) {
    post({ kind: 'failed', error: 'malformed PDF build request' });
    return;
  }
  const { steps, doc, images, fonts, diagram } = parsed.data;
  try {
    const pdf = await buildSopPdf(sop, restoreSteps(steps), new Map(images as [StepId, Uint8Array][]), restoreDocument(doc, sop), {
      fonts,
      ...(diagram ? { diagram } : {}),
      onStep: throttledSteps((done, total) => post({ kind: 'progress', done, total })),
    });
    post({ kind: 'done', bytes: pdf });
  } catch (err) {
    post({ kind: 'failed', error: (err instanceof Error ? err.message : String(err)).slice(0, 2_000) });
  }
};
