/**
 * The receivers' specs against the protocol, checked by the compiler (npm run typecheck): `ReceiverSpecs`
 * already rejects a schema that admits what a verb's payload type does not; these assertions catch the other
 * way round, a field the type declares that the schema would strip (zod drops unknown keys), so a handler
 * would never see it.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { PayloadOf, Receiver, Validator, VerbOf } from '../../../lib/messaging/protocol';
import { BACKGROUND_SPECS } from '../../../lib/messaging/background-specs';
import { CONTENT_SPECS } from '../../../lib/messaging/content-specs';
import { OFFSCREEN_SPECS } from '../../../lib/messaging/offscreen-specs';

type Admitted<S> = S extends { readonly schema: Validator<infer T> } ? T : never;
/** Keys of every member of a union (`keyof` of a union keeps only the shared ones). */
type KeysOf<T> = T extends unknown ? keyof T : never;
/** Per verb: the payload's fields the schema does not pass through. */
type Stripped<R extends Receiver, S extends { readonly verbs: { readonly [V in VerbOf<R>]: unknown } }> = {
  [V in VerbOf<R>]: Exclude<KeysOf<PayloadOf<R, V>>, KeysOf<Admitted<S['verbs'][V]>>>;
};
type NoneStripped<R extends Receiver> = { [V in VerbOf<R>]: never };

describe('receiver specs', () => {
  it('pass every field of each payload type through', () => {
    expectTypeOf<Stripped<'background', typeof BACKGROUND_SPECS>>().toEqualTypeOf<NoneStripped<'background'>>();
    expectTypeOf<Stripped<'offscreen', typeof OFFSCREEN_SPECS>>().toEqualTypeOf<NoneStripped<'offscreen'>>();
    expectTypeOf<Stripped<'content', typeof CONTENT_SPECS>>().toEqualTypeOf<NoneStripped<'content'>>();
  });

  it('cover exactly the verbs of their receiver', () => {
    expect(BACKGROUND_SPECS.receiver).toBe('background');
    expectTypeOf<keyof typeof BACKGROUND_SPECS.verbs>().toEqualTypeOf<VerbOf<'background'>>();
    expectTypeOf<keyof typeof OFFSCREEN_SPECS.verbs>().toEqualTypeOf<VerbOf<'offscreen'>>();
    expectTypeOf<keyof typeof CONTENT_SPECS.verbs>().toEqualTypeOf<VerbOf<'content'>>();
  });
});
