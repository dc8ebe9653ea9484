/** Roles: the people and systems that take part; each is a lane of the flow diagram. */
import { addRole, removeRole, updateRole } from '../../lib/editor/doc-ops';
import type { Role, RoleId, SopDocument } from '../../lib/sop/document';
import { section } from '../../lib/sop/sections';
import { DocSection, focusSoon, newId, Prompt, type OnEdit } from './doc-fields';

export function DocRoles({ roles, onDoc }: { roles: readonly Role[]; onDoc: OnEdit<SopDocument> }) {
  return (
    <DocSection sectionKey="roles">
      {roles.length === 0 ? (
        <Prompt>{section('roles').prompt}</Prompt>
      ) : (
        <ul class="dlist__items" aria-label="Roles">
          {roles.map((role, i) => (
            <li key={role.id} class="dlist__item drole">
              <label class="sr-only" for={`role-name-${role.id}`}>
                Role {i + 1} name
              </label>
              <input id={`role-name-${role.id}`} value={role.name} placeholder="e.g. Release manager" onInput={(e) => {
                const name = e.currentTarget.value;
                onDoc((d) => updateRole(d, role.id, { name }), `role:${role.id}`);
              }} />
              <label class="sr-only" for={`role-kind-${role.id}`}>
                Role {i + 1} kind
              </label>
              <select id={`role-kind-${role.id}`} value={role.kind} onChange={(e) => {
                const kind = e.currentTarget.value === 'system' ? 'system' : 'person';
                onDoc((d) => updateRole(d, role.id, { kind }));
              }}>
                <option value="person">Person</option>
                <option value="system">System</option>
              </select>
              {role.hosts && role.hosts.length > 0 && <span class="note">{role.hosts.join(', ')}</span>}
              <button class="btn btn--small btn--ghost" aria-label={`Remove role ${i + 1}`} onClick={() => {
                onDoc((d) => removeRole(d, role.id), undefined, `Removed role ${i + 1}. Undo with Ctrl+Z.`);
                focusSoon('#roles-add');
              }}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <button id="roles-add" class="btn btn--small" onClick={() => {
        const id = newId<RoleId>();
        onDoc((d) => addRole(d, id));
        focusSoon(`#${CSS.escape(`role-name-${id}`)}`);
      }}>
        Add a role
      </button>
    </DocSection>
  );
}
