/**
 * Prints the `hostPinHash` value for a kiosk config: `npx tsx scripts/hash-pin.ts <pin>`.
 * The PIN is 4 to 12 digits; exits 2 with a message otherwise.
 */
import { hashPin } from '#shared/security/pin-hash';

const pin = process.argv[2] ?? '';
if (!/^\d{4,12}$/.test(pin)) {
  console.error('usage: npx tsx scripts/hash-pin.ts <pin of 4 to 12 digits>');
  process.exit(2);
}
console.log(await hashPin(pin));
