import { err, type Result } from '#shared/result';
import type { SetupLearnt } from '#shared/ipc/setup';
import { learnHidReader, type HidLearnerDeps } from './hid-learner';
import { learnSerialReader, type ReaderLearnerDeps } from './reader-learner';

/**
 * "Tap any card now" on every reader main can open: serial ports and raw-HID readers listen at
 * once; the first card read on either wins and stops the other (a second reader tapped right after
 * is not learnt). Every port and device opened is closed before the answer. No card on any of them
 * within the time: `setup-no-card`. Never rejects.
 */
export async function learnTappedReader(
  timeoutMs: number,
  deps: { readonly serial?: ReaderLearnerDeps; readonly hid?: HidLearnerDeps } = {},
): Promise<Result<SetupLearnt>> {
  const controller = new AbortController();
  const first: { learnt: SetupLearnt | null } = { learnt: null };
  const race = async <T extends SetupLearnt>(learning: Promise<Result<T>>): Promise<string> => {
    const result = await learning;
    if (result.ok) {
      first.learnt ??= result.value;
      controller.abort();
      return '';
    }
    return result.error.message;
  };
  const messages = await Promise.all([
    race(learnSerialReader(timeoutMs, deps.serial, controller.signal)),
    race(learnHidReader(timeoutMs, deps.hid, controller.signal)),
  ]);
  if (first.learnt !== null) return { ok: true, value: first.learnt };
  return err({ code: 'setup-no-card', message: messages.filter((m) => m !== '').join(' ') });
}
