import { config } from 'zod';

// Zod probes for eval with `Function('')` the first time it parses an object, to pick a faster
// compiled parser. Under the renderer's CSP (script-src 'self', no 'unsafe-eval') the probe is
// caught but still reported as a violation. Opting out of the compiled path keeps the CSP log
// clean. main.ts imports this module first, so it runs before any schema parses (demo-data.ts
// parses its config at import time).
config({ jitless: true });
