/**
 * The document as the diagram should see it while the author is still typing: a gate, check or rollback
 * entry with no text yet is left out, and a role with no name is drawn as "(unnamed role)". Mermaid
 * cannot parse an empty decision (`g1{""}`), so a freshly added gate would otherwise break the chart.
 */
import type { SopDocument } from '../sop/document';

const blank = (s: string) => s.trim() === '';

export function diagramInput(doc: SopDocument): SopDocument {
  const gates = doc.gates.filter((g) => !blank(g.question));
  const verification = doc.verification.filter((i) => !blank(i.text));
  const rollback = doc.rollback.filter((i) => !blank(i.text));
  const escalation = doc.escalation.filter((i) => !blank(i.text));
  const roles = doc.roles.map((r) => (blank(r.name) ? { ...r, name: '(unnamed role)' } : r));
  const same =
    gates.length === doc.gates.length &&
    verification.length === doc.verification.length &&
    rollback.length === doc.rollback.length &&
    escalation.length === doc.escalation.length &&
    roles.every((r, i) => r === doc.roles[i]);
  return same ? doc : { ...doc, gates, verification, rollback, escalation, roles };
}
