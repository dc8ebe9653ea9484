import { describe, expect, it } from 'vitest';
import { searchSops } from '../../../lib/editor/search';
import type { SopId } from '../../../lib/model';
import { makeSop, makeStep } from '../factories';

const deploy = makeSop({ id: 'a' as SopId, title: 'Deploy payments-api — Shipyard' });
const rotate = makeSop({ id: 'b' as SopId, title: 'Rotate the registry token' });
const steps = new Map([
  [deploy.id, [makeStep({ sopId: deploy.id, text: 'Select **v1.5.0** in **Version**.', narration: 'Make sure the build is green' })]],
  [rotate.id, [makeStep({ sopId: rotate.id, text: 'Click **Rotate**.' })]],
]);

describe('library search', () => {
  it.each([
    ['', ['a', 'b']],
    ['deploy', ['a']],
    ['DEPLOY shipyard', ['a']],
    ['v1.5.0', ['a']],
    ['green', ['a']],
    ['rotate', ['b']],
    ['deploy rotate', []],
    ['**', []],
  ])('"%s" finds %j', (query, ids) => {
    expect(searchSops([deploy, rotate], steps, query).map((h) => h.sop.id)).toEqual(ids);
  });

  it('says which step matched', () => {
    expect(searchSops([deploy, rotate], steps, 'version')[0]?.matchedStep).toContain('Select v1.5.0 in Version');
  });

  it('explains a hit with the step that holds the most query words', () => {
    const two = new Map([[deploy.id, [makeStep({ sopId: deploy.id, text: 'Click **Check 1**.' }), makeStep({ sopId: deploy.id, text: 'Click **Check 2**.' })]]]);
    expect(searchSops([deploy], two, 'check 2')[0]?.matchedStep).toBe('Click Check 2.');
  });

  it('searches extra text such as tags', () => {
    expect(searchSops([deploy, rotate], steps, 'oncall', (s) => (s.id === 'b' ? 'oncall security' : '')).map((h) => h.sop.id)).toEqual(['b']);
  });
});
