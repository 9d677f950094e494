import fc from "fast-check";
import type { z } from "zod";

/** One field a schema describes: where it sits and the kind of value zod expects there. */
export interface SchemaField {
  path: Array<string | number>;
  kind: string;
  optional: boolean;
}

export type Breakage = "missing" | "null" | "mistyped";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
}

const def = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** Unwraps optional/nullable/default/pipe layers down to the kind zod checks, noting whether absence is allowed. */
function unwrap(schema: z.ZodType): { core: z.ZodType; optional: boolean } {
  let core = schema;
  let optional = false;
  for (let depth = 0; depth < 10; depth += 1) {
    const d = def(core);
    if (d.type === "optional" || d.type === "default" || d.type === "prefault") optional = true;
    if (["optional", "nullable", "default", "prefault", "readonly", "catch", "nonoptional"].includes(d.type) && d.innerType) core = d.innerType;
    else if (d.type === "pipe" && d.in) core = d.in;
    else break;
  }
  return { core, optional };
}

/**
 * Every field of an object schema (and of the objects inside it, down to `depth`), read from zod's own definition:
 * the generator below breaks exactly what the edge schema says a payload must have.
 */
export function schemaFields(schema: z.ZodType, depth = 2, prefix: Array<string | number> = []): SchemaField[] {
  const { core } = unwrap(schema);
  const d = def(core);
  if (d.type !== "object" || !d.shape || depth < 0) return [];
  return Object.entries(d.shape).flatMap(([key, field]) => {
    const { core: inner, optional } = unwrap(field);
    const innerDef = def(inner);
    const path = [...prefix, key];
    const here: SchemaField = { path, kind: innerDef.type, optional };
    const nested = innerDef.type === "object" ? schemaFields(inner, depth - 1, path) : innerDef.type === "array" && innerDef.element ? schemaFields(innerDef.element, depth - 1, [...path, 0]) : [];
    return [here, ...nested];
  });
}

/** A value of some other kind than zod expects: the mistyped field a malformed payload carries. */
export function mistyped(kind: string): unknown {
  switch (kind) {
    case "string":
    case "literal":
    case "enum":
      return 42;
    case "number":
      return "42";
    case "boolean":
      return "yes";
    case "array":
      return {};
    case "object":
      return "x";
    default:
      return [];
  }
}

/** `sample` with one field broken; a path whose parent the sample lacks is left as it is. */
export function breakField<T>(sample: T, field: SchemaField, how: Breakage): T {
  const copy = structuredClone(sample) as unknown as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const key of field.path.slice(0, -1)) {
    const next = parent[key];
    if (typeof next !== "object" || next === null) return copy as unknown as T;
    parent = next as Record<string | number, unknown>;
  }
  const last = field.path.at(-1) as string | number;
  if (how === "missing") delete parent[last];
  else parent[last] = how === "null" ? null : mistyped(field.kind);
  return copy as unknown as T;
}

/**
 * Payloads of the wrong shape, from the fields of zod schemas (`schemaFields`) and a valid sample: one to three
 * fields missing, null or mistyped.
 */
export function wrongShapes<T>(fields: SchemaField[], sample: () => T): fc.Arbitrary<{ payload: T; broken: string[] }> {
  return fc
    .array(fc.tuple(fc.constantFrom(...fields), fc.constantFrom<Breakage>("missing", "null", "mistyped")), { minLength: 1, maxLength: 3 })
    .map((breaks) => ({
      payload: breaks.reduce((payload, [field, how]) => breakField(payload, field, how), sample()),
      broken: breaks.map(([field, how]) => `${field.path.join(".")}:${how}`),
    }));
}
