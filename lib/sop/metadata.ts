/**
 * Metadata the recording itself supports: the environment chosen in a field labelled like one
 * ("Choose **Production** in **Environment**") and the service the pages are about (a URL path segment the
 * page titles repeat, "payments-api"). Anything less certain stays '' for the author.
 */
import type { PageContext, Step } from '../model';
import { usableTitle } from './roles';

const ENVIRONMENT_FIELD = /\b(?:env|environment|environments|stage|target|deploy(?:ment)? target)\b/i;

/** The environment chosen in the recording (the last choice wins), or ''. */
export function draftEnvironment(steps: readonly Step[]): string {
  let chosen = '';
  for (const step of steps) {
    const t = step.target;
    if (!t || (step.kind !== 'select' && step.kind !== 'check')) continue;
    const field = [t.group, t.label, step.kind === 'select' ? t.name : undefined].find((s) => s && ENVIRONMENT_FIELD.test(s));
    if (!field) continue;
    const value = (step.kind === 'select' ? step.value : t.name || t.label)?.replace(/\s+/g, ' ').trim() ?? '';
    if (value && value.length <= 40 && value !== field) chosen = value;
  }
  return chosen;
}

function pathSegments(url: string): string[] {
  try {
    return new URL(url).pathname
      .split('/')
      .map((s) => {
        try {
          return decodeURIComponent(s);
        } catch {
          return s;
        }
      })
      .filter((s) => s.length >= 3 && /\p{L}/u.test(s) && !/\.\w+$/.test(s));
  } catch {
    return [];
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The service the recording is about: the URL path segment that at least two distinct page titles name as a
 * whole word (first seen wins ties), spelled as in the titles; '' when none. `exclude` are app names.
 */
export function draftService(pages: readonly PageContext[], exclude: readonly string[] = []): string {
  const titles = [...new Set(pages.filter(usableTitle).map((p) => p.title.replace(/\s+/g, ' ').trim()))];
  const excluded = new Set(exclude.map((e) => e.toLowerCase()));
  let best = '';
  let bestCount = 1;
  for (const segment of new Set(pages.flatMap((p) => pathSegments(p.url)))) {
    if (excluded.has(segment.toLowerCase())) continue;
    const word = new RegExp(`(?<![\\p{L}\\p{N}_-])${escapeRegExp(segment)}(?![\\p{L}\\p{N}_-])`, 'iu');
    const naming = titles.filter((t) => word.test(t));
    if (naming.length > bestCount) {
      bestCount = naming.length;
      best = word.exec(naming[0]!)![0];
    }
  }
  return best;
}
