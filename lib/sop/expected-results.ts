/**
 * The expected result of each step, from what the page showed after it: a page or URL the step led to (the
 * navigations recorded before the next step), and, once a content script reports them, headings, status
 * texts and toasts that appeared. Nothing known means '' (the editor shows a prompt), never a guess.
 * Page text is hostile: it is escaped and bolded, like names in step text.
 */
import type { ObservationKind, PageContext, RawEvent, Step, StepId } from '../model';
import { truncate } from '../steps/step-text';
import { escapeMarkdownInline } from '../text/markdown';

/** Something a content script saw appear on the page (not yet reported; the type is the contract). */
export interface PageObservation {
  /** Wall-clock ms, as RawEvent.at. */
  readonly at: number;
  readonly kind: ObservationKind | 'url' | 'title';
  /** The visible text, or the new URL / title. */
  readonly text: string;
  /** The tab it was seen in; absent: the step's tab. */
  readonly tabId?: number;
}

/** What shows a step worked, most specific first: a toast names the outcome, a heading only the page. */
const CONTENT_KINDS = ['toast', 'status', 'heading'] as const;

const strong = (text: string) => `**${escapeMarkdownInline(truncate(text.replace(/\s+/g, ' ').trim()))}**`;

function usableTitle(page: PageContext): boolean {
  const t = page.title.trim();
  return t !== '' && t !== page.url && t !== 'about:blank';
}

/** A path for a URL on the same origin as `before`, else the whole URL. */
function displayUrl(url: string, before: string): string {
  try {
    const u = new URL(url);
    const b = new URL(before);
    return u.origin === b.origin && u.origin !== 'null' ? `${u.pathname}${u.search}${u.hash}` : u.href;
  } catch {
    return url;
  }
}

function pageSentence(before: PageContext, after: PageContext): string {
  const sameUrl = after.url === before.url;
  const newTitle = usableTitle(after) && after.title.trim() !== before.title.trim();
  if (newTitle) return sameUrl ? `The page title changes to ${strong(after.title)}.` : `The page ${strong(after.title)} opens.`;
  if (!sameUrl && after.url) return `The URL changes to ${strong(displayUrl(after.url, before.url))}.`;
  return '';
}

function contentSentence(kind: (typeof CONTENT_KINDS)[number], text: string): string {
  switch (kind) {
    case 'toast':
      return `A message says ${strong(text)}.`;
    case 'status':
      return `The status shows ${strong(text)}.`;
    case 'heading':
      return `The heading ${strong(text)} appears.`;
  }
}

interface Window {
  readonly step: Step;
  readonly from: number;
  readonly to: number;
}

/** Each step's wall-clock window: from its first event to the next step's first event. */
function windows(steps: readonly Step[], events: readonly RawEvent[]): Window[] {
  const at = new Map(events.map((e) => [e.id as string, e.at]));
  const timed = steps
    .map((step) => ({ step, from: Math.min(...step.eventIds.map((id) => at.get(id) ?? Infinity)) }))
    .filter((w) => Number.isFinite(w.from))
    .sort((a, b) => a.from - b.from);
  return timed.map((w, i) => ({ ...w, to: timed[i + 1]?.from ?? Infinity }));
}

/** One step's expected result in step-text markup, '' when the recording shows nothing. */
function resultFor(w: Window, events: readonly RawEvent[], observations: readonly PageObservation[]): string {
  const inWindow = (at: number) => at > w.from && at < w.to;
  const changes: { at: number; apply: (p: PageContext) => PageContext }[] = [];
  for (const e of events) {
    if (e.kind === 'navigate' && e.tabId === w.step.tabId && inWindow(e.at)) changes.push({ at: e.at, apply: () => e.page });
  }
  const seen = observations.filter((o) => (o.tabId ?? w.step.tabId) === w.step.tabId && inWindow(o.at) && o.text.trim() !== '');
  for (const o of seen) {
    if (o.kind === 'url') changes.push({ at: o.at, apply: (p) => ({ ...p, url: o.text.trim() }) });
    if (o.kind === 'title') changes.push({ at: o.at, apply: (p) => ({ ...p, title: o.text }) });
  }
  const after = changes.sort((a, b) => a.at - b.at).reduce((page, c) => c.apply(page), w.step.page);

  const sentences = [pageSentence(w.step.page, after)];
  for (const kind of CONTENT_KINDS) {
    const latest = seen.filter((o) => o.kind === kind).sort((a, b) => a.at - b.at).pop();
    if (latest) {
      sentences.push(contentSentence(kind, latest.text));
      break;
    }
  }
  return sentences.filter(Boolean).join(' ');
}

/** The expected result of every step that has recorded events, by step id ('' when nothing is known). */
export function expectedResults(
  steps: readonly Step[],
  events: readonly RawEvent[],
  observations: readonly PageObservation[] = [],
): ReadonlyMap<StepId, string> {
  const out = new Map<StepId, string>(steps.map((s) => [s.id, '']));
  for (const w of windows(steps, events)) out.set(w.step.id, resultFor(w, events, observations));
  return out;
}
