// Input schemas at the edge (valibot): one per endpoint or form, and the type it gives is the type the handler uses.
// Fields go through our pure checkers (core/*-input.ts, the checks below), so the messages are theirs.
// An API's query is all-or-400, naming the first bad parameter; a form gets every field's message, to re-render.
// Not @hono/standard-validator's middleware: a refused form re-renders its page (422) with what was typed and each
// message beside its field, and an API's 400 names the parameter in our words; a hook per route for that would be
// more code than these few functions around safeParse.
import type { Context } from 'hono';
import * as v from 'valibot';
import type { Checked } from '../../core/account-input.ts';
import { BadRequest } from '../../errors.ts';
import { checkInt, checkSort, onlyParams } from './query.ts';

export type { Checked };

/** A schema of an object whose raw input is a record of strings (a query or a form; a list for a repeated field). */
export type InputSchema = v.GenericSchema<Record<string, unknown>, unknown>;

/**
 * A field whose raw text ('' when absent) goes through a pure checker, which gives the value or the message to show.
 */
export function checked<T>(check: (raw: string) => Checked<T>) {
  return v.pipe(
    v.optional(v.string(), ''),
    v.rawTransform<string, T>(({ dataset, addIssue, NEVER }) => {
      const r = check(dataset.value);
      if (r.ok) return r.value;
      addIssue({ message: r.error });
      return NEVER;
    }),
  );
}

/** A field kept as typed ('' when absent). */
export const text = () => v.optional(v.string(), '');

/** An integer query parameter within [min, max], `fallback` when absent (see checkInt). */
export const intField = (name: string, fallback: number, min: number, max: number) =>
  checked((raw) => checkInt(name, raw, fallback, min, max));

/** A feed's sort parameter (see checkSort). */
export const sortField = () => checked(checkSort);

/** One of `choices` ('' or absent: `fallback`); anything else is refused with the choices named. */
export const choiceField = <T extends string>(name: string, choices: readonly T[], fallback: T) =>
  checked((raw): Checked<T> => {
    if (raw === '') return { ok: true, value: fallback };
    const found = choices.find((x) => x === raw);
    return found !== undefined
      ? { ok: true, value: found }
      : { ok: false, error: `"${name}" must be one of ${choices.join(', ')}, got "${raw}"` };
  });

/** The ?page= of a paginated page: a whole number from 1 (default) to 100,000; anything else a 400. */
export const PAGE_QUERY = v.object({ page: intField('page', 1, 1, 100_000) });

/** A field refused with the message `problem` gives (null: fine), kept as typed: a new password. */
export const withoutProblem = (problem: (raw: string) => string | null) =>
  checked((raw): Checked<string> => {
    const p = problem(raw);
    return p === null ? { ok: true, value: raw } : { ok: false, error: p };
  });

/**
 * Validates the query of `c` against `schema` (an object schema, perhaps piped): a parameter it does not name, or one
 * given twice, is a 400 (see onlyParams), as is the first value it refuses, with that value's message. Returns the
 * typed values.
 */
export function apiQuery<S extends InputSchema & { entries: v.ObjectEntries }>(c: Context, schema: S): v.InferOutput<S> {
  onlyParams(c, Object.keys(schema.entries));
  return queryValues(c, schema);
}

/** Like apiQuery for a page: parameters the schema does not name are ignored (links carry page, utm_ and so on). */
export function queryValues<S extends InputSchema>(c: Context, schema: S): v.InferOutput<S> {
  const r = v.safeParse(schema, c.req.query(), { abortEarly: true });
  if (!r.success) throw BadRequest(r.issues[0].message);
  return r.output;
}

export type FormResult<S extends InputSchema> =
  | { ok: true; value: v.InferOutput<S>; raw: (name: string) => string }
  | { ok: false; errors: Partial<Record<string, string>>; raw: (name: string) => string };

/** The fields of a submitted form as strings (a repeated field: its last value; a file is left out). */
export async function formRecord(c: Context): Promise<Record<string, string>> {
  const body = await c.req.parseBody();
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(body)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** The fields of a submitted form, with every value of the repeated fields `lists` (checkboxes of one name). */
export async function formRecordWithLists(c: Context, lists: readonly string[]): Promise<Record<string, string | string[]>> {
  const out: Record<string, string | string[]> = await formRecord(c);
  const all = await c.req.parseBody({ all: true });
  for (const name of lists) out[name] = [all[name] ?? []].flat().filter((x): x is string => typeof x === 'string');
  return out;
}

/** Checks a record of fields against `schema`: the typed values, or the first message for each field it refuses. */
export function checkFields<S extends InputSchema>(schema: S, fields: Record<string, string | string[]>): FormResult<S> {
  const raw = (name: string) => {
    const x = fields[name];
    return typeof x === 'string' ? x : '';
  };
  const r = v.safeParse(schema, fields);
  if (r.success) return { ok: true, value: r.output, raw };
  const errors: Partial<Record<string, string>> = {};
  for (const issue of r.issues) {
    const key = issue.path?.[0]?.key;
    const name = typeof key === 'string' ? key : '';
    errors[name] ??= issue.message;
  }
  return { ok: false, errors, raw };
}

/** Reads the submitted form of `c` and checks it against `schema` (see checkFields). */
export async function readForm<S extends InputSchema>(c: Context, schema: S): Promise<FormResult<S>> {
  return checkFields(schema, await formRecord(c));
}

/**
 * Reads the submitted form of `c` for an action that has no form to re-render (a button, a vote): its values, or a
 * 400 with the first message.
 */
export async function formValues<S extends InputSchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const r = v.safeParse(schema, await formRecord(c), { abortEarly: true });
  if (!r.success) throw BadRequest(r.issues[0].message);
  return r.output;
}

/**
 * A check of a whole form by a pure checker that names the fields it refuses (`errors`, by name), or gives the value.
 * Each message is reported at its name, so checkFields puts it beside that field.
 */
export function wholeForm<I extends Record<string, unknown>, O>(check: (input: I) => { value: O } | { errors: Record<string, string> }) {
  return v.rawTransform<I, O>(({ dataset, addIssue, NEVER }) => {
    const r = check(dataset.value);
    if ('value' in r) return r.value;
    for (const [key, message] of Object.entries(r.errors)) {
      addIssue({ message, path: [{ type: 'object', origin: 'value', input: dataset.value, key, value: dataset.value[key] }] });
    }
    return NEVER;
  });
}
