/**
 * Where the e2e tests find the kiosk UI: `vite preview` on 127.0.0.1, at the port in `E2E_PORT`.
 * playwright.config.ts sets it in the runner from the port vite reports (a free one the OS gave,
 * unless the caller named one) before any worker starts, and workers inherit it. Throws when it is
 * unset, i.e. outside a Playwright run that started the server: a guessed port could reach another
 * checkout's server.
 */
export function appOrigin(): string {
  const port = process.env['E2E_PORT'];
  if (port === undefined || !/^\d+$/.test(port)) {
    throw new Error(
      `E2E_PORT is ${port === undefined ? 'unset' : `"${port}"`}: run the e2e tests with \`npx playwright test\`, which serves the UI and sets it`,
    );
  }
  return `http://127.0.0.1:${port}`;
}
