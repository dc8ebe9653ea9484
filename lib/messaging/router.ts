/**
 * Receiving edge of the protocol, independent of chrome.*: checks the address, the sender and the payload
 * shape, then calls the handler. A malformed or misaddressed message is dropped and reported through
 * `onReject`, never thrown into the receiving context.
 */
import type { PayloadOf, Receiver, ReceiverSpecs, ResultOf, SenderKind, VerbOf, VerbSpec } from './protocol';

/** What the receiver knows about who sent a message. */
export interface SenderInfo {
  readonly kind: SenderKind;
  /** Set for content scripts. */
  readonly tabId?: number;
  readonly frameId?: number;
  readonly url?: string;
}

export type Handlers<R extends Receiver> = {
  readonly [V in VerbOf<R>]: (payload: PayloadOf<R, V>, sender: SenderInfo) => ResultOf<R, V> | Promise<ResultOf<R, V>>;
};

export type Rejection = { readonly reason: string; readonly type?: string };

export interface Router {
  /** Returns undefined when the message is not for this receiver (let another listener answer). */
  dispatch(message: unknown, sender: SenderInfo): Promise<unknown> | undefined;
}

export function createRouter<R extends Receiver>(
  { receiver, verbs }: ReceiverSpecs<R>,
  handlers: Handlers<R>,
  onReject: (rejection: Rejection) => void = () => {},
): Router {
  const specs = verbs as Record<string, VerbSpec>;
  return {
    dispatch(message, sender) {
      if (typeof message !== 'object' || message === null) return undefined;
      const { to, type, payload } = message as { to?: unknown; type?: unknown; payload?: unknown };
      if (to !== receiver) return undefined;
      if (typeof type !== 'string' || !Object.hasOwn(specs, type)) {
        onReject({ reason: 'unknown verb', type: String(type).slice(0, 100) });
        return undefined;
      }
      const spec = specs[type]!;
      if (!spec.from.includes(sender.kind)) {
        onReject({ reason: `sender ${sender.kind} may not send`, type });
        return undefined;
      }
      const parsed = spec.schema.safeParse(payload);
      if (!parsed.success) {
        onReject({ reason: `invalid payload: ${parsed.error.message.slice(0, 500)}`, type });
        return undefined;
      }
      const handler = (handlers as unknown as Record<string, (p: unknown, s: SenderInfo) => unknown>)[type]!;
      return Promise.resolve().then(() => handler(parsed.data, sender));
    },
  };
}
