/**
 * Where the e2e tests find the kiosk UI: `vite preview` on 127.0.0.1, port 4173 unless
 * `E2E_PORT` names another (two checkouts can then run their e2e suites side by side).
 */
export const E2E_PORT = Number(process.env['E2E_PORT'] ?? 4173);
export const APP_ORIGIN = `http://127.0.0.1:${String(E2E_PORT)}`;
