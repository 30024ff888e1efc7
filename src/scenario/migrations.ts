// Scenario format versions: reads what earlier VIP Labs wrote (files and links) and brings it up
// to the current version, one step at a time, before the schema validates it.
import { show } from './schema';

/** The version written by this VIP Lab into every scenario, file and link. */
export const SCENARIO_VERSION = 1;

/** Where a scenario came from, for messages ("This link was made by a newer VIP Lab"). */
export type ScenarioSource = 'scenario' | 'link' | 'file';

type JsonObject = Record<string, unknown>;
type Migration = (old: JsonObject) => JsonObject;

/**
 * MIGRATIONS[n] turns a version-n scenario into version n+1. Version 1 is the first, so there are
 * none yet. When the format changes: bump SCENARIO_VERSION, add MIGRATIONS[old], keep a stored
 * link and file of the old version in the tests, and never edit an existing migration.
 */
const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrationResult = { ok: true; data: JsonObject } | { ok: false; errors: string[] };

export function isPlainObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `version`, refuses versions this VIP Lab does not know, and migrates older ones. */
export function migrateScenario(input: unknown, source: ScenarioSource = 'scenario'): MigrationResult {
  if (!isPlainObject(input)) {
    return {
      ok: false,
      errors: [`A scenario must be a set of settings (a JSON object), not ${show(input)}`],
    };
  }
  const version = input.version;
  if (version === undefined) {
    return { ok: false, errors: ['The scenario has no version (it should have "version": 1)'] };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return {
      ok: false,
      errors: [`The scenario's version ${show(version)} is not a version VIP Lab has written (1 or later)`],
    };
  }
  if (version > SCENARIO_VERSION) return { ok: false, errors: [newerVersionMessage(source, version)] };
  let data = input;
  for (let from = version; from < SCENARIO_VERSION; from++) {
    const step = MIGRATIONS[from];
    if (!step) return { ok: false, errors: [`VIP Lab cannot read version ${from} scenarios any more`] };
    data = { ...step(data), version: from + 1 };
  }
  return { ok: true, data };
}

export function newerVersionMessage(
  source: ScenarioSource,
  version: number,
  newest = SCENARIO_VERSION,
): string {
  const what = source === 'link' ? 'This link' : source === 'file' ? 'This file' : 'This scenario';
  return (
    `${what} was made by a newer VIP Lab (version ${version}); this one reads ` +
    `${newest === 1 ? 'version 1' : `versions 1 to ${newest}`}. ` +
    'Open it in the newest VIP Lab.'
  );
}
