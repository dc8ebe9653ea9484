/**
 * Go/no-go gates, drafted before the steps that commit to something: a button that approves, confirms, or
 * deploys/releases when the recording targets production, and any step whose narration says approve,
 * confirm or deploy to production. The question is built from the step's own text.
 */
import type { Step, TargetContext } from '../model';
import type { Gate, GateId } from './document';

const APPROVE = /\b(?:approv\w*|sign[- ]?off|authori[sz]e\w*|confirm\w*)\b/i;
const DEPLOY = /\b(?:deploy|release|promote|roll ?out|publish|go live|ship)\b/i;
const PRODUCTION = /\b(?:prod|production|prd)\b/i;
const NARRATED = /\b(?:approv\w*|confirm\w*|(?:deploy\w*|releas\w*|push\w*|ship\w*|roll\w* out) (?:\S+ ){0,3}?to (?:prod|production))\b/i;

function isButtonLike(t: TargetContext | undefined): boolean {
  if (!t) return false;
  return t.tag === 'button' || t.role === 'button' || (t.tag === 'input' && ['submit', 'button', 'image'].includes(t.type ?? ''));
}

/** The name the step acts on, plain: what a button says. */
function actionName(step: Step): string {
  const t = step.target;
  return [t?.name, t?.text, t?.label].find((s) => s && s.trim()) ?? '';
}

/** "Go/no-go: ready to click **Deploy**?" from "Click **Deploy**." */
export function gateQuestion(step: Step): string {
  const text = step.text.trim().replace(/[.!]+$/, '');
  const lowered = /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
  return `Go/no-go: ready to ${lowered || 'continue'}?`;
}

/**
 * Gates for `steps` (in reading order). `narrationOf` gives what was said about a step (its own narration
 * and the transcript sentences aligned to it).
 */
export function draftGates(steps: readonly Step[], narrationOf: (step: Step) => readonly string[] = (s) => (s.narration ? [s.narration] : [])): Gate[] {
  const gates: Gate[] = [];
  let production = false;
  steps.forEach((step, i) => {
    const facts = [step.text, step.value ?? '', step.page.url, step.page.title, actionName(step)];
    const name = actionName(step);
    const button = isButtonLike(step.target) || step.kind === 'submit';
    const narrated = narrationOf(step).some((n) => NARRATED.test(n));
    const commits = button && (APPROVE.test(name) || (DEPLOY.test(name) && (production || facts.some((f) => PRODUCTION.test(f)))));
    if (commits || narrated) {
      const previous = steps[i - 1];
      gates.push({
        id: `gate-${gates.length + 1}` as GateId,
        question: gateQuestion(step),
        ...(previous ? { afterStepId: previous.id } : {}),
        source: commits ? 'page' : 'narration',
      });
    }
    if (facts.some((f) => PRODUCTION.test(f))) production = true;
  });
  return gates;
}
