/** Epoch milliseconds now; injected wherever time matters so tests can drive it. */
export type Clock = () => number;

/** The wall clock (`Date.now`); never throws. */
export const systemClock: Clock = () => Date.now();
