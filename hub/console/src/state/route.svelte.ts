/**
 * The open page, from the URL hash (`#/operators`), so a reload or the browser's back button
 * lands where the operator was. The hub serves one index.html; routes never reach it.
 */
export class RouteState {
  current = $state('');

  constructor(private readonly win: Window) {
    this.current = RouteState.parse(win.location.hash);
    win.addEventListener('hashchange', () => {
      this.current = RouteState.parse(win.location.hash);
    });
  }

  /** The page id in `hash`, or '' for none. */
  static parse(hash: string): string {
    const match = /^#\/([a-z][a-z-]*)$/.exec(hash);
    return match?.[1] ?? '';
  }

  go(id: string): void {
    this.win.location.hash = `#/${id}`;
  }
}
