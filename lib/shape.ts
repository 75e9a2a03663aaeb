/**
 * The shapes of Kagi's own API answers, which the browser checks before a page uses them (so a
 * page never works with a shape it did not expect), and the TypeScript types taken from them.
 *
 * Not zod: zod (even zod/mini) costs 20–34 kB of every page's gzipped JavaScript, because the
 * bundler cannot leave out the parts a page does not use, and answers need none of its
 * messages or transforms: either the answer has the shape or it is an `internal` error.
 * Requests are still validated on the server with zod (lib/http/route.ts), where the
 * problem+json says what was wrong.
 */

export interface Shape<T> {
  /** True when `value` has the shape; the value itself is never changed. */
  readonly check: (value: unknown) => boolean;
  /** For types only: `Infer<typeof shape>`. */
  readonly _type?: T;
}

export type Infer<S> = S extends Shape<infer T> ? T : never;

type AnyShape = Shape<unknown>;

const shape = <T>(check: (value: unknown) => boolean): Shape<T> => ({ check });

export const string = (pattern?: RegExp): Shape<string> => shape((v) => typeof v === 'string' && (!pattern || pattern.test(v)));

export const number = (): Shape<number> => shape((v) => typeof v === 'number' && Number.isFinite(v));

export const integer = ({ min }: { min?: number } = {}): Shape<number> =>
  shape((v) => Number.isSafeInteger(v) && (min === undefined || (v as number) >= min));

export const boolean = (): Shape<boolean> => shape((v) => typeof v === 'boolean');

/** An ISO 8601 date and time in UTC, as `Date.toISOString()` writes it. */
export const isoDateTime = (): Shape<string> => string(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/);

export const literal = <const T extends string | number | boolean>(value: T): Shape<T> => shape((v) => v === value);

export const oneOf = <const T extends readonly [string, ...string[]]>(values: T): Shape<T[number]> =>
  shape((v) => typeof v === 'string' && values.includes(v));

export const nullable = <T>(inner: Shape<T>): Shape<T | null> => shape((v) => v === null || inner.check(v));

/** A property that may be missing (or undefined). */
export const optional = <T>(inner: Shape<T>): Shape<T | undefined> & { optional: true } => ({ ...shape((v) => v === undefined || inner.check(v)), optional: true });

export const array = <T>(item: Shape<T>): Shape<T[]> => shape((v) => Array.isArray(v) && v.every((x) => item.check(x)));

type Fields = Record<string, AnyShape>;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends { optional: true } ? K : never }[keyof F];
type ObjectOf<F extends Fields> = { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> };
type Flatten<T> = { [K in keyof T]: T[K] };

export interface ObjectShape<F extends Fields> extends Shape<Flatten<ObjectOf<F>>> {
  readonly fields: F;
}

/** An object with at least these properties (others are allowed: answers may grow). */
export function object<F extends Fields>(fields: F): ObjectShape<F> {
  return {
    fields,
    check: (v) =>
      typeof v === 'object' && v !== null && !Array.isArray(v) && Object.entries(fields).every(([key, field]) => field.check((v as Record<string, unknown>)[key])),
  };
}

/** The same object with more (or replaced) properties. */
export const extend = <F extends Fields, G extends Fields>(base: ObjectShape<F>, more: G): ObjectShape<Omit<F, keyof G> & G> =>
  object({ ...base.fields, ...more } as Omit<F, keyof G> & G);

export function matches<T>(s: Shape<T>, value: unknown): value is T {
  return s.check(value);
}
