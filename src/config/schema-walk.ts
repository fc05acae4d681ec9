import type { z } from 'zod';

/** The parts of a zod schema's definition the walk reads (zod 4 keeps them on `_zod.def`). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/** The object schemas a schema stands for, looking through optional, default, pipe, union… */
function objectsOf(schema: z.ZodType, depth = 0): z.ZodType[] {
  if (depth > 20) return [];
  const def = defOf(schema);
  if (def.type === 'object') return [schema];
  const inner = def.innerType ?? def.in ?? def.getter?.();
  if (inner) return objectsOf(inner, depth + 1);
  if (def.options) return def.options.flatMap((o) => objectsOf(o, depth + 1));
  return [];
}

function unwrap(schema: z.ZodType, depth = 0): z.ZodType {
  const def = defOf(schema);
  const inner = def.innerType ?? def.in ?? def.getter?.();
  return inner && depth < 20 ? unwrap(inner, depth + 1) : schema;
}

/** The schema at a path of an input (object keys, array indexes, record keys); undefined when unknown. */
export function schemaAt(root: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current: z.ZodType | undefined = root;
  for (const step of path) {
    if (!current) return undefined;
    const objects = objectsOf(current);
    const inShape = objects.map((o) => defOf(o).shape?.[String(step)]).find(Boolean);
    if (inShape) {
      current = inShape;
      continue;
    }
    const def = defOf(unwrap(current));
    current = def.element ?? def.valueType;
  }
  return current;
}

/** The keys an object schema at this path knows (empty when it is not an object). */
export function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  const schema = schemaAt(root, path);
  if (!schema) return [];
  return [...new Set(objectsOf(schema).flatMap((o) => Object.keys(defOf(o).shape ?? {})))];
}

/** Every object key path in a schema ("approvals.expiresIn"…), to say where a key written elsewhere belongs. */
export function allKeyPaths(root: z.ZodType, prefix: string[] = [], depth = 0): string[][] {
  if (depth > 6) return [];
  const out: string[][] = [];
  for (const o of objectsOf(root)) {
    for (const [key, child] of Object.entries(defOf(o).shape ?? {})) {
      const path = [...prefix, key];
      out.push(path, ...allKeyPaths(child, path, depth + 1));
    }
  }
  return out;
}
