import { describe, expect, it } from 'vitest';
import { cannotReplay } from '../../../lib/drift/replay-step';
import { makeTarget } from '../factories';

const field = makeTarget({ tag: 'input', role: 'textbox', name: 'Version' });
const secret = makeTarget({ tag: 'input', role: 'textbox', name: 'Registry token', sensitive: true });

describe('cannotReplay', () => {
  it.each([
    ['a click', { tabId: 1, expect: { kind: 'click' as const }, target: field }, undefined],
    ['typing a known value', { tabId: 1, expect: { kind: 'type' as const, value: 'v1.5.0' }, target: field }, undefined],
    ['typing a secret', { tabId: 1, expect: { kind: 'type' as const }, target: secret }, 'needs a secret, which the check never types'],
    ['typing a value whose variable was left empty', { tabId: 1, expect: { kind: 'type' as const }, target: field }, 'needs a value (a variable left empty)'],
    ['a file to choose', { tabId: 1, expect: { kind: 'upload' as const }, target: field }, 'chooses a file, which the check cannot do'],
    ['a step in another tab', { tabId: 2, expect: { kind: 'click' as const }, target: field }, 'happens in another tab, which the check does not follow yet'],
  ])('%s', (_, step, want) => expect(cannotReplay(step, 1)).toBe(want));
});
