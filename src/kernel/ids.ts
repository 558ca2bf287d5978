import { randomBytes, randomUUID } from 'node:crypto';

/** A new random identifier in Keycloak's format (a version 4 UUID). */
export function newId(): string {
  return randomUUID();
}

let lastMillis = 0;
let sequence = 0;

/**
 * A version 7 UUID: the time in milliseconds first, then a counter within the millisecond,
 * then randomness. Ids made by one process sort in the order they were made, so records
 * with equal timestamps (events written in one millisecond) keep their order.
 */
export function newTimeOrderedId(now = Date.now()): string {
  if (now <= lastMillis) {
    sequence += 1;
    if (sequence > 0xfff) {
      // More than 4096 ids in one millisecond: borrow the next millisecond.
      lastMillis += 1;
      sequence = 0;
    }
  } else {
    lastMillis = now;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  const millis = BigInt(lastMillis);
  for (let i = 0; i < 6; i++) bytes[i] = Number((millis >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
