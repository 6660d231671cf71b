/**
 * The common shape of "tap any card now": open every candidate reader at once and wait for the
 * first card any of them reads, for the time to run out, or for `signal` to abort (another kind of
 * reader was tapped first). Candidates that cannot be opened are skipped; every one opened —
 * also one whose open completes after the answer — is closed again before `firstTap` resolves.
 */

/** What a learner gives a reader it opened. */
export interface TapHooks<T> {
  /** The reader read a card: the answer, unless another came first. */
  readonly found: (value: T) => void;
  /** The reader is gone (unplugged): it is closed and no longer listened to. */
  readonly lost: () => void;
  /** False once the answer is given or the reader was lost: later data is ignored. */
  readonly isListening: () => boolean;
}

export interface TapListeners<C, H, T> {
  readonly candidates: readonly C[];
  /** Opens a candidate; rejects when it cannot (busy, no permission, gone). */
  readonly open: (candidate: C) => Promise<H>;
  /** Listens on an opened reader. */
  readonly attach: (handle: H, candidate: C, hooks: TapHooks<T>) => void;
  /** Closes a reader; must not throw (a reader already gone has nothing to release). */
  readonly close: (handle: H) => Promise<void>;
}

/** The first value found within `timeoutMs`, or null. Never rejects. */
export async function firstTap<C, H, T>(
  timeoutMs: number,
  signal: AbortSignal | undefined,
  listeners: TapListeners<C, H, T>,
): Promise<T | null> {
  const opened = new Set<H>();
  let isSettled = false;
  let timer: NodeJS.Timeout | undefined;
  const onAbort: { run: () => void } = { run: () => undefined };
  try {
    return await new Promise<T | null>((resolve) => {
      timer = setTimeout(() => {
        resolve(null);
      }, timeoutMs);
      onAbort.run = () => {
        resolve(null);
      };
      if (signal?.aborted === true) resolve(null);
      signal?.addEventListener('abort', onAbort.run, { once: true });
      for (const candidate of listeners.candidates) {
        listeners.open(candidate).then(
          (handle) => {
            if (isSettled) {
              void listeners.close(handle);
              return;
            }
            opened.add(handle);
            listeners.attach(handle, candidate, {
              found: resolve,
              lost: () => {
                if (opened.delete(handle)) void listeners.close(handle);
              },
              isListening: () => !isSettled && opened.has(handle),
            });
          },
          () => {
            // Busy, gone or not ours: not the reader being tapped.
          },
        );
      }
    });
  } finally {
    isSettled = true;
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort.run);
    await Promise.all([...opened].map((handle) => listeners.close(handle)));
  }
}
