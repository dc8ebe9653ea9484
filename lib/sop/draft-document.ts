/**
 * Drafts the SOP document from a recording: its steps, raw events and narration transcript. Every drafted
 * sentence is either narration (tidied, escaped) or built from what the page showed; a section nothing in
 * the recording speaks to stays empty, for the editor to show as a prompt.
 */
import type { PageContext, RawEvent, Sop, Step, StepId } from '../model';
import { stepIndexFor } from '../narration/align';
import type { TranscriptSegment } from '../narration/segments';
import { draftSopTitle } from '../steps/synthesize';
import { escapeMarkdownInline } from '../text/markdown';
import { buildMermaid } from './diagram';
import {
  emptyDocument,
  type Item,
  type ItemId,
  type ItemSection,
  type Prose,
  type SopDocument,
  type StepNote,
  type TroubleshootingItem,
} from './document';
import { expectedResults, type PageObservation } from './expected-results';
import { draftGates } from './gates';
import { draftEnvironment, draftService } from './metadata';
import { classifyNarration, tidySentence, type CuedSentence } from './narration-cues';
import { draftRoles, laneOf } from './roles';
import { detectVariables } from './variables';

export interface DraftInput {
  readonly sop: Sop;
  /** The steps as drafted by synthesizeSteps (or edited since). */
  readonly steps: readonly Step[];
  /** The session's raw events. */
  readonly events: readonly RawEvent[];
  readonly transcript?: readonly TranscriptSegment[];
  /** Headings, status texts and toasts a content script saw, when it reports them. */
  readonly observations?: readonly PageObservation[];
}

const ID_PREFIX: Readonly<Record<ItemSection, string>> = {
  prerequisites: 'prerequisite',
  verification: 'verification',
  rollback: 'rollback',
  escalation: 'escalation',
  monitoring: 'monitoring',
  references: 'reference',
};

/** Narration as stored text: fillers dropped, capitalised, escaped (speech-to-text output is not trusted). */
const spoken = (text: string) => escapeMarkdownInline(tidySentence(text));
const clause = (text: string) => escapeMarkdownInline(text);

function items(sentences: readonly CuedSentence[], section: ItemSection): Item[] {
  return sentences.map((s, i) => ({ id: `${ID_PREFIX[section]}-${i + 1}` as ItemId, text: spoken(s.text), source: 'narration' }));
}

function troubleshooting(sentences: readonly CuedSentence[]): TroubleshootingItem[] {
  return sentences.map((s, i) => {
    const split = s.condition && s.action;
    return {
      id: `troubleshooting-${i + 1}` as ItemId,
      symptom: split ? clause(s.condition!) : '',
      text: split ? spoken(s.action!) : spoken(s.text),
      source: 'narration',
    };
  });
}

function prose(sentences: readonly CuedSentence[]): Prose {
  return sentences.length ? { text: sentences.map((s) => spoken(s.text)).join(' '), source: 'narration' } : { text: '', source: 'author' };
}

function ordered(steps: readonly Step[]): Step[] {
  return steps
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.order - b.s.order || a.i - b.i)
    .map((x) => x.s);
}

/** The SOP document drafted from the recording. */
export function draftDocument(input: DraftInput): SopDocument {
  const { sop, events } = input;
  const steps = ordered(input.steps);
  const byTime = [...steps].sort((a, b) => a.t - b.t);
  const sentences = classifyNarration(input.transcript ?? [], steps.map((s) => s.t));
  const cued = (cue: CuedSentence['cue']) => sentences.filter((s) => s.cue === cue);

  // Warnings, notes and plain mid-procedure narration belong to the step they were said about, by the
  // rule that attaches narration to steps (lib/narration/align.ts); said before the first step, to the first.
  const aligned = new Map<StepId, CuedSentence[]>();
  for (const s of sentences) {
    const step = byTime[Math.max(0, stepIndexFor(s, byTime))];
    if (step) aligned.set(step.id, [...(aligned.get(step.id) ?? []), s]);
  }
  const alignedTo = (step: Step, cue: CuedSentence['cue']) => (aligned.get(step.id) ?? []).filter((s) => s.cue === cue);

  const pages: PageContext[] = [...events.map((e) => e.page), ...steps.map((s) => s.page)];
  const roles = draftRoles(pages);
  const results = expectedResults(steps, events, input.observations);
  const stepNotes: Record<StepId, StepNote> = {};
  for (const step of steps) {
    const expected = results.get(step.id) ?? '';
    const lane = laneOf(step, roles);
    stepNotes[step.id] = {
      expectedResult: expected ? { text: expected, source: 'page' } : { text: '', source: 'author' },
      notes: prose(alignedTo(step, 'note')),
      warnings: alignedTo(step, 'warning').map((s, i) => ({ id: `warning-${step.id}-${i + 1}` as ItemId, text: spoken(s.text), source: 'narration' })),
      ...(lane && lane.kind === 'system' ? { roleId: lane.id } : {}),
    };
  }

  const base = emptyDocument(sop);
  const doc: SopDocument = {
    ...base,
    metadata: {
      ...base.metadata,
      title: sop.title.trim() || draftSopTitle(events),
      service: draftService(pages, roles.map((r) => r.name)),
      environment: draftEnvironment(steps),
    },
    purpose: prose(cued('purpose')),
    roles,
    prerequisites: items(cued('prerequisite'), 'prerequisites'),
    variables: detectVariables(steps),
    // Only plain narration said during the procedure can call for a gate: cued sentences belong elsewhere.
    gates: draftGates(steps, (step) => [
      ...(step.narration ? [step.narration] : []),
      ...(aligned.get(step.id) ?? []).filter((s) => s.position === 'during' && s.cue === undefined).map((s) => s.text),
    ]),
    verification: items(cued('verification'), 'verification'),
    troubleshooting: troubleshooting(cued('troubleshooting')),
    rollback: items(cued('rollback'), 'rollback'),
    escalation: items(cued('escalation'), 'escalation'),
    monitoring: items(cued('monitoring'), 'monitoring'),
    stepNotes,
  };
  return { ...doc, diagram: { source: buildMermaid(doc, steps), edited: false } };
}
