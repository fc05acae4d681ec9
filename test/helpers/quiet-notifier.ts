import type { Notifier } from '../../src/workflow/notifier.js';

/** A notifier that posts nothing and answers as Slack would on success; `overrides` replace single methods. */
export function quietNotifier(overrides: Partial<Notifier> = {}): Notifier {
  return {
    editCard: async () => {},
    postProgress: async () => undefined,
    editProgress: async () => {},
    failures: async () => {},
    summary: async () => true,
    incident: async () => ({ kind: 'none' }),
    postCard: async () => ({ kind: 'none' }),
    cardLost: async () => {},
    ...overrides,
  };
}
