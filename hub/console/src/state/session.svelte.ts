import type { ConsoleApi } from '../api/client';
import type { Session } from '../api/schemas';

/** Why the sign-in page shows: first visit, signed out, or the session ended on its own. */
export type SignInReason = 'fresh' | 'signed-out' | 'ended';

/**
 * Who is signed in, for the whole app. `session` is null on the sign-in page; `reason` says why
 * it shows. The API client calls `ended()` on any 401, which brings the sign-in page back with
 * "your session ended". Methods reject with the client's ApiError; the page shows words for it.
 */
export class SessionState {
  session = $state<Session | null>(null);
  reason = $state<SignInReason>('fresh');
  /** False until the first session check answered. */
  isReady = $state(false);

  constructor(private readonly api: () => ConsoleApi) {}

  /** Picks up a session the cookie still holds (a reload). Fails soft: no session, sign in. */
  async restore(): Promise<void> {
    try {
      this.session = await this.api().session();
    } catch {
      this.session = null;
    } finally {
      this.isReady = true;
    }
  }

  async signIn(email: string, password: string): Promise<void> {
    this.session = await this.api().login(email, password);
    this.reason = 'fresh';
  }

  async signOut(everywhere = false): Promise<void> {
    try {
      if (everywhere) await this.api().logoutEverywhere();
      else await this.api().logout();
    } finally {
      this.#leave('signed-out');
    }
  }

  /** The hub answered 401 to a signed-in call. */
  ended(): void {
    if (this.session !== null) this.#leave('ended');
  }

  #leave(reason: SignInReason): void {
    this.session = null;
    this.reason = reason;
  }
}
