/**
 * The diagram's swimlanes: one person ("Operator") who does the steps, and one system per app seen in the
 * recording. An app is a host; its name comes from the page titles on that host (the title segment every
 * page shares, "Shipyard" in "Shipyard — Services" / "Shipyard — payments-api"), else the host itself.
 */
import type { PageContext, Step } from '../model';
import type { Role, RoleId } from './document';
import { urlHost } from './url';

export const OPERATOR_ROLE_ID = 'operator' as RoleId;

const TITLE_SEPARATORS = /\s+[—–|·•]\s+|\s+-\s+/;

export function titleSegments(title: string): string[] {
  return title
    .split(TITLE_SEPARATORS)
    .map((s) => s.trim())
    .filter(Boolean);
}

const letters = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

export function usableTitle(page: PageContext): boolean {
  const t = page.title.trim();
  return t !== '' && t !== page.url && t !== 'about:blank';
}

/** The app's name from the distinct titles seen on `host`, or the host when no title names it. */
export function appName(host: string, titles: readonly string[]): string {
  const segmented = titles.map(titleSegments);
  const hostLetters = letters(host.split(':')[0]!);
  // A segment the host spells; the one nearest the domain wins ("Shipyard" over "payments-api" on
  // payments-api.shipyard.example), since subdomains name parts of an app.
  const spelled = segmented
    .flat()
    .filter((s) => letters(s).length >= 3 && hostLetters.includes(letters(s)))
    .sort((a, b) => hostLetters.lastIndexOf(letters(b)) - hostLetters.lastIndexOf(letters(a)))[0];
  if (spelled) return spelled;
  let best: string | undefined;
  let bestCount = 1;
  for (const segment of new Set(segmented.flat())) {
    const count = segmented.filter((parts) => parts.includes(segment)).length;
    if (count > bestCount) {
      best = segment;
      bestCount = count;
    }
  }
  return best ?? host;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '') || 'app';
}

/** The Operator, then one system role per app in order of first appearance (hosts with one name merged). */
export function draftRoles(pages: readonly PageContext[]): Role[] {
  const titlesByHost = new Map<string, Set<string>>();
  for (const page of pages) {
    const host = urlHost(page.url);
    if (!host) continue;
    const titles = titlesByHost.get(host) ?? new Set<string>();
    titlesByHost.set(host, titles);
    if (usableTitle(page)) titles.add(page.title.replace(/\s+/g, ' ').trim());
  }
  const byName = new Map<string, string[]>();
  for (const [host, titles] of titlesByHost) {
    const name = appName(host, [...titles]);
    byName.set(name, [...(byName.get(name) ?? []), host]);
  }
  const ids = new Set<string>([OPERATOR_ROLE_ID]);
  const systems = [...byName].map(([name, hosts]): Role => {
    let id = `app-${slug(name)}`;
    for (let n = 2; ids.has(id); n++) id = `app-${slug(name)}-${n}`;
    ids.add(id);
    return { id: id as RoleId, name, kind: 'system', hosts };
  });
  return [{ id: OPERATOR_ROLE_ID, name: 'Operator', kind: 'person' }, ...systems];
}

/** The lane of a step: its own `roleId` when that role exists, else the system whose hosts has its page,
 * else the first person role. Undefined when there are no roles at all. */
export function laneOf(step: Step, roles: readonly Role[], roleId?: RoleId): Role | undefined {
  const own = roleId !== undefined ? roles.find((r) => r.id === roleId) : undefined;
  if (own) return own;
  const host = urlHost(step.page.url);
  return (host ? roles.find((r) => r.kind === 'system' && r.hosts?.includes(host)) : undefined) ?? roles.find((r) => r.kind === 'person');
}
