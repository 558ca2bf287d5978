/**
 * Type checks for Admin API request bodies: a field of the wrong type is a 400 that names
 * the field, never a 500 further down.
 */
import type { Attributes } from '../storage/ports.ts';
import { badRequest } from './types.ts';

/** A JSON object body (`{}` for none), or 400. */
export function objectBody(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** A JSON array body, or 400. */
export function arrayBody(body: unknown): unknown[] {
  if (!Array.isArray(body)) throw badRequest('The request body must be a JSON array');
  return body;
}

const wrongType = (field: string, expected: string) => badRequest(`Invalid value for field '${field}': expected ${expected}`, field);

/** An optional string field (null kept as null). */
export function optString(body: Record<string, unknown>, field: string): string | null | undefined {
  const value = body[field];
  if (value === undefined || value === null || typeof value === 'string') return value;
  throw wrongType(field, 'a string');
}

/** An optional boolean field (null means absent). */
export function optBool(body: Record<string, unknown>, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  throw wrongType(field, 'a boolean');
}

/** An optional array of strings (null means absent). */
export function optStringArray(body: Record<string, unknown>, field: string): string[] | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw wrongType(field, 'an array of strings');
}

/** Optional `attributes`: name → string or array of strings (null means absent). */
export function optAttributes(body: Record<string, unknown>, field = 'attributes'): Attributes | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw wrongType(field, 'an object');
  const attributes: Attributes = {};
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    if (typeof raw === 'string') attributes[name] = [raw];
    else if (Array.isArray(raw) && raw.every((v) => typeof v === 'string')) attributes[name] = raw as string[];
    else if (raw !== null) throw wrongType(`${field}.${name}`, 'an array of strings');
  }
  return attributes;
}

/** Checks every given field against the type of its default: a boolean stays a boolean, a number a number. */
export function checkSettingTypes(body: Record<string, unknown>, defaults: Record<string, unknown>): void {
  for (const [field, value] of Object.entries(body)) {
    const expected = defaults[field];
    if (value === null || value === undefined || expected === undefined || expected === null) continue;
    if (Array.isArray(expected) ? !Array.isArray(value) : typeof value !== typeof expected) {
      throw wrongType(field, Array.isArray(expected) ? 'an array' : `a ${typeof expected}`);
    }
  }
}
