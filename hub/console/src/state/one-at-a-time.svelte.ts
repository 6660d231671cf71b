/**
 * One change at a time for a row or a panel: two changes on their way could be answered out of
 * order, and the screen would then show the older answer. While one runs, `isBusy` is true (the
 * buttons show it, disabled) and a second `run` does nothing.
 */
export class OneAtATime {
  isBusy = $state(false);

  /**
   * Runs `work` unless a change is already on its way; its failure goes to `onerror` when given
   * (rejects otherwise). An arrow: it may be passed on as is.
   */
  run = async (work: () => Promise<void>, onerror?: (error: unknown) => void): Promise<void> => {
    if (this.isBusy) return;
    this.isBusy = true;
    try {
      await work();
    } catch (e) {
      if (onerror === undefined) throw e;
      onerror(e);
    } finally {
      this.isBusy = false;
    }
  };
}
