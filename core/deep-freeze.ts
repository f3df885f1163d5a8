/**
 * Freezes a value and every plain object and array inside it, so that configuration read
 * once at start-up cannot be changed by the code that uses it (an assignment throws in
 * ES modules, which are strict). Class instances (a Date, a URL) are left as they are: their
 * state lives in internal slots that freezing does not reach.
 */
export function deepFreeze<T>(value: T): DeepReadonly<T> {
  if (Array.isArray(value)) {
    for (const item of value) deepFreeze(item)
    Object.freeze(value)
  } else if (isPlainObject(value)) {
    for (const item of Object.values(value)) deepFreeze(item)
    Object.freeze(value)
  }
  return value as DeepReadonly<T>
}

export type DeepReadonly<T> = T extends (...args: never[]) => unknown
  ? T
  : T extends readonly (infer U)[]
    ? readonly DeepReadonly<U>[]
    : T extends object
      ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
      : T

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false
  const prototype: unknown = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}
