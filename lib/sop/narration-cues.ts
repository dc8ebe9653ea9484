/**
 * Sorts narration sentences into SOP sections by what they say and when they were said.
 *
 * When decides the ambiguous phrases. A sentence is `before` the procedure when it starts before the first
 * step, `after` when it starts at or after the last step, `during` otherwise. "Make sure the build is green"
 * said before the first step is a prerequisite (a state to reach before starting); said after the last step
 * it is a verification (a state to check once done); said in between it is a warning on the step at hand.
 * "Check…"/"confirm…" and "verify…" follow the same split, except that mid-procedure they become a note on
 * the step (a check along the way) rather than a warning. Rollback, escalation and troubleshooting cues mean
 * the same at any time.
 *
 * A conditional ("If the health check fails, roll back…", "Roll back if it fails") is classified by its
 * action: a rollback or escalation action wins, anything else is troubleshooting (symptom → action).
 * Conditions without a failure word ("If all is green, we're done") are not troubleshooting.
 */
import { splitSentences, type Sentence } from './sentences';
import type { TranscriptSegment } from '../narration/segments';

export type Cue = 'purpose' | 'prerequisite' | 'verification' | 'troubleshooting' | 'rollback' | 'warning' | 'escalation' | 'monitoring' | 'note';
export type Position = 'before' | 'during' | 'after';

export interface CuedSentence extends Sentence {
  readonly position: Position;
  /** Undefined for plain narration, which stays with its step. */
  readonly cue?: Cue;
  /** For a conditional sentence: what goes wrong ("the health check fails"); '' when it cannot be split. */
  readonly condition?: string;
  /** For a conditional sentence: what to do then; '' when it cannot be split. */
  readonly action?: string;
}

/** A wording and what it means at each position; a position it does not name falls through to later rules. */
export type CueRule = { readonly name: string; readonly pattern: RegExp } & { readonly [P in Position]?: Cue };

const ROLLBACK = /\b(?:roll(?:s|ed|ing)?[\s-]?(?:it |this |that |them |everything )?back|rollback|revert(?:s|ed|ing)?|undo(?:ing)? the (?:deploy(?:ment)?|release|change|rollout)|(?:re)?deploy the previous|back to the (?:previous|last|old) (?:version|release|build))\b/i;
const ESCALATE = /\b(?:escalat\w*|page (?:the|an?|someone|somebody|on-?call|oncall|sre|ops)|call (?:the|someone|somebody|support|on-?call|oncall)|contact|notify|reach out to|ping (?:the|someone|somebody)|on-?call)\b/i;
const PREREQUISITE = /\b(?:before you|you(?:'ll| will)? need|you'?re going to need|we(?:'ll| will)? need|requires?|required|prerequisites?|must have|you have to have|have access)\b/i;
const PURPOSE_STRONG = /\b(?:this (?:procedure|runbook|sop|guide|video|recording|walkthrough|process)|the (?:goal|purpose|aim|objective)|in this (?:video|recording|walkthrough)|today (?:we|i)|(?:we|i)(?:'re| are|'m| am) going to|(?:we|i)(?:'ll| will) (?:show|walk|demonstrate|go through))\b/i;
const VERIFY = /\b(?:verif(?:y|ies|ied|ying)|check (?:that|whether|if)|double[- ]?check|confirm (?:that|whether))\b/i;
const MAKE_SURE = /\b(?:make sure|makes sure|ensure|be sure)\b/i;
/** "check" as a verb ("Check the logs", "you can confirm…"), not a noun ("the health check"). */
const CHECK = /(?:^|[,;:]\s*|\b(?:to|then|and|please|you|we|i|can|should|must|will|'ll)\s+)(?:check|confirm|look at)\b/i;
const SHOULD_SEE = /\b(?:you should (?:now )?(?:see|get)|(?:it|this|that|the \w+) should (?:now )?(?:show|say|read|be|turn|go))\b/i;
const MONITOR = /\b(?:monitor(?:s|ing)?|keep (?:an )?eye on|keep watching|watch (?:the|for|it)|for the next|over the next)\b/i;
const WARNING = /\b(?:careful|caution|warning|watch out|be aware|beware|don'?t|do not|never|avoid|must not|mustn'?t|not to)\b/i;
const PURPOSE_WEAK = /\b(?:(?:we|i)(?:'re| are|'m| am) \w+ing|we(?:'ll| will) \w+|how to)\b/i;

/** In priority order: the first rule whose pattern matches and that names a cue for the position wins. */
export const CUE_RULES: readonly CueRule[] = [
  { name: 'rollback', pattern: ROLLBACK, before: 'rollback', during: 'rollback', after: 'rollback' },
  { name: 'escalation', pattern: ESCALATE, before: 'escalation', during: 'escalation', after: 'escalation' },
  { name: 'prerequisite', pattern: PREREQUISITE, before: 'prerequisite', during: 'warning' },
  { name: 'purpose', pattern: PURPOSE_STRONG, before: 'purpose' },
  { name: 'verify', pattern: VERIFY, before: 'prerequisite', during: 'note', after: 'verification' },
  { name: 'make sure', pattern: MAKE_SURE, before: 'prerequisite', during: 'warning', after: 'verification' },
  { name: 'check', pattern: CHECK, before: 'prerequisite', during: 'note', after: 'verification' },
  { name: 'should see', pattern: SHOULD_SEE, during: 'note', after: 'verification' },
  { name: 'monitor', pattern: MONITOR, during: 'note', after: 'monitoring' },
  { name: 'warning', pattern: WARNING, before: 'warning', during: 'warning', after: 'warning' },
  { name: 'purpose (weak)', pattern: PURPOSE_WEAK, before: 'purpose' },
];

/** A condition that says something went wrong. */
const FAILURE = /\b(?:fail\w*|errors?|erroring|errored|doesn'?t|does not|didn'?t|did not|isn'?t|is not|aren'?t|won'?t|will not|can'?t|cannot|couldn'?t|times? out|timed out|timeout|hangs?|hung|stuck|crash\w*|breaks?|broke|broken|red|unhealthy|down|[45]\d\d|[45]xx|you see|you get)\b/i;
/** Failure words after which a condition is complete, so an unpunctuated sentence can be split there. */
const CONDITION_END = /\b(?:fails|failed|errors|errored|times out|timed out|hangs|crashes|crashed|breaks|(?:is|goes|turns) red|is down|goes down)\b/i;
const CONDITION_START = /^(?:if|when|whenever|in case(?: of)?|should)\s+/i;
const FILLER = /^(?:(?:so|okay|ok|alright|all right|um+|uh+|er+|and|now|then|next|first(?: of all)?|finally|lastly|well|right|also|basically|after that|once that's done)\b[\s,]*)+/i;

/** The sentence without leading fillers ("So, first, …"), capitalised, ending in punctuation. */
export function tidySentence(text: string): string {
  const stripped = text.replace(FILLER, '').trim();
  const body = /[\p{L}\p{N}]/u.test(stripped) ? stripped : text.trim();
  const capital = body.charAt(0).toUpperCase() + body.slice(1);
  return /[.!?…]["'”’)\]]*$/.test(capital) ? capital : `${capital}.`;
}

function tidyClause(text: string): string {
  return text.replace(/^[\s,;:–—-]+|[\s,;:–—.!?-]+$/g, '');
}

/** Splits "If X, Y" / "If X then Y" / "Y if X" when X names a failure; undefined otherwise. */
export function parseConditional(sentence: string): { condition: string; action: string } | undefined {
  const text = sentence.replace(FILLER, '').trim();
  const lead = CONDITION_START.exec(text);
  if (lead) {
    const rest = text.slice(lead[0].length);
    if (!FAILURE.test(rest)) return undefined;
    const comma = /,\s+|\s+then\s+/i.exec(rest);
    if (comma && FAILURE.test(rest.slice(0, comma.index))) {
      return { condition: tidyClause(rest.slice(0, comma.index)), action: tidyClause(rest.slice(comma.index + comma[0].length)) };
    }
    const end = CONDITION_END.exec(rest);
    const after = end ? rest.slice(end.index + end[0].length) : '';
    if (end && /[\p{L}]/u.test(after)) return { condition: tidyClause(rest.slice(0, end.index + end[0].length)), action: tidyClause(after) };
    return { condition: '', action: '' };
  }
  const trailing = /^(.+?),?\s+(?:if|when|in case(?: of)?)\s+(.+)$/i.exec(text);
  if (trailing && FAILURE.test(trailing[2]!)) return { condition: tidyClause(trailing[2]!), action: tidyClause(trailing[1]!) };
  return undefined;
}

/** The section a sentence belongs to, or undefined for plain narration. */
export function classifySentence(text: string, position: Position): { cue?: Cue; condition?: string; action?: string } {
  const conditional = parseConditional(text);
  if (conditional) {
    const basis = conditional.action || text;
    const cue: Cue = ROLLBACK.test(basis) ? 'rollback' : ESCALATE.test(basis) ? 'escalation' : 'troubleshooting';
    return { cue, ...conditional };
  }
  const body = text.replace(FILLER, '').trim();
  for (const rule of CUE_RULES) {
    const cue = rule[position];
    if (cue && rule.pattern.test(body)) return { cue };
  }
  return {};
}

/** Where `ms` falls relative to the steps (recording-clock times, any order). */
export function positionOf(ms: number, stepTimes: readonly number[]): Position {
  if (stepTimes.length === 0) return 'before';
  const first = Math.min(...stepTimes);
  const last = Math.max(...stepTimes);
  if (ms < first) return 'before';
  return ms >= last ? 'after' : 'during';
}

/** Every sentence of the transcript with its position and cue. */
export function classifyNarration(segments: readonly TranscriptSegment[], stepTimes: readonly number[]): CuedSentence[] {
  return splitSentences(segments).map((s) => {
    const position = positionOf(s.startMs, stepTimes);
    return { ...s, position, ...classifySentence(s.text, position) };
  });
}
