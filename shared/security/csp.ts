/**
 * The renderer's Content-Security-Policy. Served as a header by main's app:// protocol and put in
 * the built page as a meta tag. No remote origin is reachable: the renderer talks to the hub only
 * through main (docs/architecture.md, "The renderer never touches the network").
 */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "object-src 'none'",
  "worker-src 'self'",
].join('; ');
