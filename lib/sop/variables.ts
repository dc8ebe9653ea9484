/**
 * Environment-specific values in a recording (hosts, Kubernetes namespaces, cloud regions, version tags,
 * ticket ids), offered as variables so one SOP serves every environment: "Select **{{version}}**".
 * Detection prefers missing a value to proposing a wrong one: dates, plain numbers, file names, "v1" inside
 * a word and standards names like "UTF-8" or "ISO-9001" are not variables.
 */
import type { Step } from '../model';
import { escapeMarkdownInline, stepTextToPlain } from '../text/markdown';
import type { Variable, VariableOccurrence } from './document';
import { urlHost } from './url';

export type VariableKind = 'host' | 'namespace' | 'region' | 'version' | 'ticket';

export interface DetectedValue {
  readonly kind: VariableKind;
  readonly value: string;
  /** The variable name this kind of value gets ("change_ticket" for a CHG-… ticket). */
  readonly name: string;
  readonly description: string;
}

/** Not a letter, digit or `_` on that side: the value is a whole word. */
const WORD_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const WORD_AFTER = String.raw`(?![\p{L}\p{N}_])`;

const VERSION = new RegExp(
  String.raw`(?<![\p{L}\p{N}_.])(?:v\d+\.\d+(?:\.\d+)?|\d+\.\d+\.\d+)(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?(?:\+[0-9A-Za-z.]+)?(?![\p{L}\p{N}_]|\.\d)`,
  'gu',
);
/** 2026.01.05 is a date, not a version. */
const DATE_LIKE = /^(?:19|20)\d\d\.(?:0?[1-9]|1[0-2])\.(?:0?[1-9]|[12]\d|3[01])$/;

const JIRA_TICKET = new RegExp(String.raw`(?<![\p{L}\p{N}_-])[A-Z][A-Z0-9]{1,9}-\d{1,7}(?![\p{L}\p{N}_]|-\d)`, 'gu');
const SERVICENOW_TICKET = new RegExp(`${WORD_BEFORE}(?:INC|CHG|RITM|REQ|PRB|PTASK|CTASK|SCTASK|TASK)\\d{7,10}${WORD_AFTER}`, 'gu');
/** Upper-case prefixes of standards, encodings, algorithms and the like, which look like ticket keys. */
const NOT_TICKETS = new Set([
  'UTF', 'ISO', 'IEC', 'IEEE', 'SHA', 'AES', 'RSA', 'MD', 'HTTP', 'HTTPS', 'TLS', 'SSL', 'IPV', 'CVE', 'CWE', 'RFC',
  'COVID', 'GPT', 'PDF', 'ECMA', 'ES', 'EN', 'DIN', 'WCAG', 'PCI', 'SOC', 'GDPR', 'X', 'MP', 'H', 'TCP', 'UDP',
]);

const REGION = new RegExp(
  `${WORD_BEFORE}(?<![\\p{L}\\p{N}_-])(?:` +
    // AWS: us-east-1, eu-west-1, ap-southeast-2, us-gov-west-1
    String.raw`(?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)-\d` +
    // Google Cloud: europe-west1, us-central1, asia-northeast1
    String.raw`|(?:us|europe|asia|australia|northamerica|southamerica|me|africa)-(?:north|south|east|west|central|northeast|southeast|northwest|southwest)\d{1,2}` +
    // Azure: westeurope, eastus2
    String.raw`|(?:east|west|central|northcentral|southcentral|westcentral)us[23]?|(?:north|west)europe|uk(?:south|west)|(?:east|southeast)asia` +
    String.raw`|japan(?:east|west)|australia(?:east|southeast)|canada(?:central|east)|brazilsouth|(?:central|south)india|koreacentral` +
    String.raw`|francecentral|germanywestcentral|swedencentral|switzerlandnorth|norwayeast|uaenorth|southafricanorth` +
    `)(?![\\p{L}\\p{N}_]|-\\d)`,
  'gu',
);

/** `ns=payments`, `namespace=payments`, `/namespaces/payments/…`, `--namespace payments`. */
const NAMESPACE = /(?:[?&#;\s]|^)(?:ns|namespace)=([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?![a-z0-9-])|\/namespaces?\/([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?![a-z0-9-])|--namespace[= ]([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?![a-z0-9-])/g;

/** File extensions that make `name.ext` a file, not a host. */
const FILE_EXTENSIONS = new Set([
  'md', 'txt', 'zip', 'gz', 'tgz', 'tar', 'json', 'yaml', 'yml', 'xml', 'csv', 'log', 'pdf', 'png', 'jpg', 'jpeg', 'gif',
  'svg', 'html', 'htm', 'js', 'mjs', 'ts', 'tsx', 'jsx', 'py', 'rb', 'go', 'rs', 'java', 'sh', 'ps1', 'exe', 'dll', 'conf',
  'cfg', 'ini', 'toml', 'lock', 'env', 'sql', 'doc', 'docx', 'xls', 'xlsx', 'ppt', 'pptx', 'tf', 'tfvars', 'pem', 'key', 'crt',
]);
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"'`)\]]+/gi;
const BARE_HOST = /(?<![\p{L}\p{N}_@./:-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z][a-z0-9-]{0,61}[a-z0-9])(?::\d{2,5})?(?![\p{L}\p{N}_@-]|\.[\p{L}\p{N}])/gu;
const IPV4 = /(?<![\p{L}\p{N}_.])(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)(?::\d{2,5})?(?![\p{L}\p{N}_]|\.\d)/gu;

function ticket(value: string): DetectedValue {
  if (/^CHG/.test(value) || /^CTASK/.test(value)) return { kind: 'ticket', value, name: 'change_ticket', description: 'Change ticket' };
  if (/^INC/.test(value)) return { kind: 'ticket', value, name: 'incident', description: 'Incident' };
  return { kind: 'ticket', value, name: 'ticket', description: 'Ticket' };
}

const host = (value: string): DetectedValue => ({ kind: 'host', value, name: 'host', description: 'Host' });

function hostsIn(text: string): string[] {
  const found = [...text.matchAll(URL_IN_TEXT)].map((m) => urlHost(m[0])).filter(Boolean);
  const rest = text.replace(URL_IN_TEXT, ' ');
  for (const m of rest.matchAll(BARE_HOST)) if (!FILE_EXTENSIONS.has(m[1]!.toLowerCase())) found.push(m[0]);
  for (const m of rest.matchAll(IPV4)) found.push(m[0]);
  return found;
}

/** Every environment-specific value in `text`, in the order of the kinds above, duplicates kept. */
export function detectValues(text: string): DetectedValue[] {
  const out: DetectedValue[] = [];
  for (const h of hostsIn(text)) out.push(host(h));
  for (const m of text.matchAll(NAMESPACE)) {
    const value = m[1] ?? m[2] ?? m[3];
    if (value && !/^\d+$/.test(value)) out.push({ kind: 'namespace', value, name: 'namespace', description: 'Kubernetes namespace' });
  }
  for (const m of text.matchAll(REGION)) out.push({ kind: 'region', value: m[0], name: 'region', description: 'Cloud region' });
  for (const m of text.matchAll(VERSION)) if (!DATE_LIKE.test(m[0])) out.push({ kind: 'version', value: m[0], name: 'version', description: 'Version' });
  for (const m of text.matchAll(SERVICENOW_TICKET)) out.push(ticket(m[0]));
  for (const m of text.matchAll(JIRA_TICKET)) if (!NOT_TICKETS.has(m[0].split('-')[0]!)) out.push(ticket(m[0]));
  return out;
}

/** `grafana.example.com` → `grafana_host`, to tell several hosts apart; undefined when it says nothing. */
function hostName(value: string): string | undefined {
  const label = value.split(/[.:]/)[0]!.toLowerCase().replace(/[^a-z0-9]+/g, '_');
  return /^[a-z]/.test(label) && label !== 'www' && label !== 'localhost' ? `${label}_host` : undefined;
}

/**
 * Variables for the values found in the steps' text, typed values and page URLs: one per distinct value,
 * named after its kind (`version`, `change_ticket`, `region`, `host`; `version_2` for a second version),
 * with where it occurs. Step order is the order of first appearance.
 */
export function detectVariables(steps: readonly Step[]): Variable[] {
  const found = new Map<string, { detected: DetectedValue; occurrences: VariableOccurrence[] }>();
  for (const step of steps) {
    const fields: [VariableOccurrence['field'], string][] = [
      ['text', stepTextToPlain(step.text)],
      ['value', step.value ?? ''],
      ['url', step.page.url],
    ];
    for (const [field, text] of fields) {
      for (const detected of detectValues(text)) {
        const entry = found.get(detected.value) ?? { detected, occurrences: [] };
        found.set(detected.value, entry);
        if (!entry.occurrences.some((o) => o.stepId === step.id && o.field === field)) entry.occurrences.push({ stepId: step.id, field });
      }
    }
  }
  const hosts = [...found.values()].filter((e) => e.detected.kind === 'host').length;
  const taken = new Set<string>();
  return [...found.values()].map(({ detected, occurrences }) => {
    const base = (detected.kind === 'host' && hosts > 1 && hostName(detected.value)) || detected.name;
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return { name, description: detected.description, example: detected.value, occurrences };
  });
}

const PLACEHOLDER = /\{\{([a-z][a-z0-9_]*)\}\}/g;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces each variable's example value with `{{name}}` where it stands as a whole word (not inside
 * another word, number or version), in both its plain and its escaped (step-text markup) spelling. Longer
 * values win over values they contain; existing placeholders are left alone.
 */
export function applyVariables(text: string, vars: readonly Pick<Variable, 'name' | 'example'>[]): string {
  const spellings = vars
    .filter((v) => v.example !== '')
    .flatMap((v) => [...new Set([v.example, escapeMarkdownInline(v.example)])].map((s) => ({ s, name: v.name })))
    .sort((a, b) => b.s.length - a.s.length);
  if (spellings.length === 0) return text;
  const byText = new Map<string, string>();
  for (const { s, name } of spellings) if (!byText.has(s)) byText.set(s, name);
  const alternatives = [...byText.keys()].map(escapeRegExp).join('|');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_]|\\p{N}[.-])(?:${alternatives})(?![\\p{L}\\p{N}_]|[.-][\\p{L}\\p{N}])`, 'gu');
  // Split around existing placeholders so `{{host}}` never has its name replaced.
  return text
    .split(/(\{\{[a-z][a-z0-9_]*\}\})/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(pattern, (m) => `{{${byText.get(m)}}}`)))
    .join('');
}

/**
 * Replaces `{{name}}` with its value; unknown names stay as they are. Values are escaped for step-text
 * markup unless `markup` is false (URLs, typed values and other plain text).
 */
export function fillVariables(text: string, values: Readonly<Record<string, string>>, opts: { markup?: boolean } = {}): string {
  const markup = opts.markup ?? true;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
    if (value === undefined) return whole;
    return markup ? escapeMarkdownInline(value) : value;
  });
}

/** The names of the placeholders used in `text`, in order of first use. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}
