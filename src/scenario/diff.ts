// A small JSON difference format for links: what changed from a base scenario, so a link to a
// built-in scenario with a few changes stays short.

// Objects merge key by key (null removes a key, so values are JSON without null, as a scenario is);
// arrays are patched by index as {"~": newLength, "2": change} or replaced whole.

/** Key of an array patch that holds the new length (absent: the length is unchanged). */
export const ARRAY_LENGTH_KEY = '~';
/** Where a list becomes an object, `{"=": object}` says so (an array patch never has this key). */
export const REPLACE_KEY = '=';
/** Deeper than any scenario; a patch nested deeper is refused (a crafted link cannot exhaust the stack). */
export const MAX_PATCH_DEPTH = 16;
/** Longer than any list in a scenario; a patch asking for more is refused. */
export const MAX_PATCH_ARRAY = 1000;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export class PatchError extends Error {}

type JsonObject = Record<string, unknown>;

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object's own value for a key (never one inherited, such as `toString`). */
function own(o: JsonObject, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], own(b, k)));
  }
  return false;
}

/** The patch that turns `base` into `target`, or undefined when they are equal. */
export function diffJson(base: unknown, target: unknown): unknown {
  if (jsonEqual(base, target)) return undefined;
  if (isObject(base) && isObject(target)) {
    const patch: JsonObject = {};
    for (const key of Object.keys(base)) {
      if (base[key] !== undefined && own(target, key) === undefined) patch[key] = null;
    }
    for (const key of Object.keys(target)) {
      if (target[key] === undefined) continue;
      const change = diffJson(own(base, key), target[key]);
      if (change !== undefined) patch[key] = change;
    }
    return patch;
  }
  if (Array.isArray(base) && Array.isArray(target)) {
    const patch: JsonObject = {};
    if (target.length !== base.length) patch[ARRAY_LENGTH_KEY] = target.length;
    target.forEach((item, i) => {
      const change = i < base.length ? diffJson(base[i], item) : item;
      if (change !== undefined) patch[String(i)] = change;
    });
    // Whichever is shorter: the changes by index, or the new list itself.
    return JSON.stringify(patch).length < JSON.stringify(target).length ? patch : target;
  }
  // An object in place of a list would read as a patch of the list: mark it as a replacement.
  if (Array.isArray(base) && isObject(target)) return { [REPLACE_KEY]: target };
  return target;
}

function checkKey(key: string): void {
  if (FORBIDDEN_KEYS.has(key)) throw new PatchError(`the patch uses the reserved key "${key}"`);
}

/** A copy of plain JSON data, refusing reserved keys and anything nested too deeply. */
function copy(value: unknown, depth: number): unknown {
  if (depth > MAX_PATCH_DEPTH) throw new PatchError('the patch is nested too deeply');
  if (Array.isArray(value)) {
    if (value.length > MAX_PATCH_ARRAY) throw new PatchError('the patch has a list that is too long');
    return value.map((item) => {
      if (item === null) throw new PatchError('the patch has an empty item in a list');
      return copy(item, depth + 1);
    });
  }
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const key of Object.keys(value)) {
      checkKey(key);
      if (value[key] !== null) out[key] = copy(value[key], depth + 1);
    }
    return out;
  }
  return value;
}

/**
 * Applies a patch made by diffJson to `base` and returns a new value (`base` is not changed).
 * Throws PatchError on anything diffJson would not have made.
 */
export function applyPatch(base: unknown, patch: unknown, depth = 0): unknown {
  if (depth > MAX_PATCH_DEPTH) throw new PatchError('the patch is nested too deeply');
  if (patch === undefined) return copy(base, depth);
  if (!isObject(patch)) return copy(patch, depth);
  if (Array.isArray(base)) {
    const keys = Object.keys(patch);
    if (keys.length === 1 && keys[0] === REPLACE_KEY) return copy(patch[REPLACE_KEY], depth);
    const lengthValue = patch[ARRAY_LENGTH_KEY] ?? base.length;
    if (
      typeof lengthValue !== 'number' ||
      !Number.isInteger(lengthValue) ||
      lengthValue < 0 ||
      lengthValue > MAX_PATCH_ARRAY
    ) {
      throw new PatchError('the patch gives a list an impossible length');
    }
    for (const key of Object.keys(patch)) {
      if (key === ARRAY_LENGTH_KEY) continue;
      if (!/^\d{1,4}$/.test(key) || Number(key) >= lengthValue)
        throw new PatchError(`the patch changes item "${key}" of a list that has no such item`);
    }
    const out: unknown[] = [];
    for (let i = 0; i < lengthValue; i++) {
      const change = patch[String(i)];
      if (change === null) throw new PatchError('the patch has an empty item in a list');
      if (change === undefined && i >= base.length) throw new PatchError('the patch leaves a gap in a list');
      out.push(applyPatch(base[i], change, depth + 1));
    }
    return out;
  }
  const source = isObject(base) ? base : {};
  const out: JsonObject = {};
  for (const key of Object.keys(source)) {
    if (!Object.hasOwn(patch, key)) out[key] = copy(source[key], depth + 1);
  }
  for (const key of Object.keys(patch)) {
    checkKey(key);
    const change = patch[key];
    if (change === null) continue;
    out[key] = applyPatch(own(source, key), change, depth + 1);
  }
  return out;
}
