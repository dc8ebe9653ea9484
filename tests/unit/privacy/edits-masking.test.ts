import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SopDatabase } from '../../../lib/db/schema';
import { editSteps, listSteps, renameSop, replaceSteps, saveDraft } from '../../../lib/db/sop-store';
import { applyQuickEdit } from '../../../lib/editor/quick-edit';
import { updateStep } from '../../../lib/editor/step-ops';
import type { SopId, StepId } from '../../../lib/model';
import { makeSop, makeStep } from '../factories';

const TOKEN = 'ghp_' + 'FAKEtoken1234567890abcdefghijklmnopq';
let database: SopDatabase;
let n = 0;

beforeEach(async () => {
  database = new SopDatabase(`privacy-edits-${n++}`);
  await database.open();
});
afterEach(async () => {
  await database.delete();
});

describe("the author's edits are checked for secrets when saved", () => {
  const sopId = 'sop-1' as SopId;
  const stepId = 'st-1' as StepId;

  async function seed() {
    await saveDraft(makeSop({ id: sopId }), [makeStep({ id: stepId, sopId, text: 'Click **Deploy**.' })], undefined, database);
  }

  it('step text and narration (a step operation, the popup quick edit, editor autosave) and the title', async () => {
    await seed();
    await editSteps(sopId, (s) => updateStep(s, stepId, { text: `Paste ${TOKEN} into **Token**.` }), database);
    expect((await listSteps(sopId, database))[0]!.text).toBe('Paste [masked GitHub token] into **Token**.');

    await editSteps(sopId, (s) => applyQuickEdit(s, { kind: 'content', id: stepId, text: 'Log in.', narration: 'My password is hunter2, then continue.' }), database);
    expect((await listSteps(sopId, database))[0]!.narration).toBe('My password is [masked password], then continue.');

    const [step] = await listSteps(sopId, database);
    await replaceSteps(sopId, [{ ...step!, text: `Use api_key=Zx81kLq0Pd here.` }], database);
    expect((await listSteps(sopId, database))[0]!.text).toBe('Use api_key=[masked secret] here.');

    await renameSop(sopId, `Rotate ${TOKEN}`, database);
    expect((await database.sops.get(sopId))!.title).toBe('Rotate [masked GitHub token]');
  });

  it('ordinary edits are kept exactly', async () => {
    await seed();
    await editSteps(sopId, (s) => applyQuickEdit(s, { kind: 'content', id: stepId, text: 'Type the registry token into **Registry token**.', narration: 'The token is in the vault.' }), database);
    const [step] = await listSteps(sopId, database);
    expect(step!.text).toBe('Type the registry token into **Registry token**.');
    expect(step!.narration).toBe('The token is in the vault.');
  });
});
