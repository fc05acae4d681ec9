import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32: no I, L, O, U

/** Request IDs people can read aloud: SR- and ten base32 characters (50 bits). */
export function newRequestId(random: (max: number) => number = randomInt): string {
  let out = 'SR-';
  for (let i = 0; i < 10; i++) out += ALPHABET[random(ALPHABET.length)];
  return out;
}
