// The link patch format: small patches for small changes, exact round trips, and refusal of
// anything a crafted link could use to pollute prototypes or exhaust memory.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_PATCH_ARRAY, PatchError, applyPatch, diffJson, jsonEqual } from './diff';

describe('diffJson and applyPatch', () => {
  it('give nothing for equal values', () => {
    expect(diffJson({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBeUndefined();
  });

  it('patch objects key by key, with null for a removed key', () => {
    const base = { a: 1, b: { c: 2, d: 3 }, e: 'x' };
    const target = { a: 1, b: { c: 5, d: 3 }, f: true };
    const patch = diffJson(base, target);
    expect(patch).toEqual({ e: null, b: { c: 5 }, f: true });
    expect(applyPatch(base, patch)).toEqual(target);
  });

  it('patch arrays by index with their new length, or replace them when that is shorter', () => {
    const base = { hosts: [{ w: 1 }, { w: 2 }, { w: 3 }] };
    expect(diffJson(base, { hosts: [{ w: 1 }, { w: 9 }, { w: 3 }] })).toEqual({ hosts: { 1: { w: 9 } } });
    expect(diffJson(base, { hosts: [{ w: 1 }, { w: 2 }] })).toEqual({ hosts: { '~': 2 } });
    expect(diffJson(base, { hosts: [{ w: 1 }, { w: 2 }, { w: 3 }, { w: 4 }] })).toEqual({
      hosts: { 3: { w: 4 }, '~': 4 },
    });
    expect(diffJson({ t: [] }, { t: [1] })).toEqual({ t: [1] });
    for (const target of [{ hosts: [] }, { hosts: [{ w: 1 }, { w: 2 }] }, { hosts: [{ w: 5 }] }]) {
      expect(applyPatch(base, diffJson(base, target))).toEqual(target);
    }
  });

  it('replace a list by an object, or an object by a list, when the type changes', () => {
    for (const [base, target] of [
      [{ a: [1, 2] }, { a: { b: 1 } }],
      [{ a: { b: 1 } }, { a: [1, 2] }],
      [{ a: [[1], 2] }, { a: [{ 0: 1 }, 2] }],
      [{ a: 1 }, { a: { b: [1] } }],
    ]) {
      expect(applyPatch(base, diffJson(base, target))).toEqual(target);
    }
  });

  it('do not change the base', () => {
    const base = { a: { b: [1, 2] } };
    applyPatch(base, { a: { b: { 0: 7 } } });
    expect(base).toEqual({ a: { b: [1, 2] } });
  });

  it('round trip any JSON objects', () => {
    const json = fc.jsonValue().filter((v) => !containsNull(v));
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), fc.dictionary(fc.string(), json), (base, target) => {
        fc.pre(!hasReservedKey(base) && !hasReservedKey(target));
        const patched = applyPatch(base, diffJson(base, target));
        expect(jsonEqual(patched, target)).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 30_000);
});

describe('applyPatch refuses what diffJson never makes', () => {
  it.each([
    ['a __proto__ key', JSON.parse('{"__proto__":{"polluted":true}}')],
    ['a constructor key', { a: { constructor: { prototype: {} } } }],
    ['an impossible list length', { list: { '~': MAX_PATCH_ARRAY + 1 } }],
    ['a negative list length', { list: { '~': -1 } }],
    ['an item past the end', { list: { '~': 1, 3: 1 } }],
    ['a gap in a list', { list: { '~': 5 } }],
    ['a key that is not an index', { list: { x: 1 } }],
    ['a null item', { list: { 0: null } }],
  ])('%s', (_what, patch) => {
    expect(() => applyPatch({ list: [1] }, JSON.parse(JSON.stringify(patch)))).toThrow(PatchError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('nesting deeper than any scenario', () => {
    const deep = JSON.parse(`${'{"a":'.repeat(100)}1${'}'.repeat(100)}`);
    expect(() => applyPatch({}, deep)).toThrow(PatchError);
  });
});

function containsNull(value: unknown): boolean {
  if (value === null) return true;
  if (Array.isArray(value)) return value.some(containsNull);
  if (typeof value === 'object') return Object.values(value as object).some(containsNull);
  return false;
}

function hasReservedKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasReservedKey);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(
      ([k, v]) => ['__proto__', 'constructor', 'prototype'].includes(k) || hasReservedKey(v),
    );
  }
  return false;
}
