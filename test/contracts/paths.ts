import {type JsonSchema, resolveRef} from '../../src/lib/policy/schema.js'

/** `addon.name`, `[]`, `changes[].request.day_of_week`: where a field sits, with `[]` for any list entry. */
function join(prefix: string, name: string): string {
  return prefix ? `${prefix}.${name}` : name
}

/** Every field path a schema names, through `$ref`s and every `anyOf` branch. */
export function declaredPaths(schema: JsonSchema, root: JsonSchema = schema, prefix = ''): string[] {
  if (schema.$ref) {
    const {root: home, target} = resolveRef(schema.$ref, root)
    if (!target) throw new Error(`${schema.$ref} is not defined`)
    return declaredPaths(target, home, prefix)
  }

  const paths: string[] = []
  for (const branch of schema.anyOf ?? []) paths.push(...declaredPaths(branch, root, prefix))
  for (const [name, sub] of Object.entries(schema.properties ?? {})) {
    paths.push(join(prefix, name), ...declaredPaths(sub, root, join(prefix, name)))
  }

  if (schema.items) paths.push(...declaredPaths(schema.items, root, `${prefix}[]`))
  return [...new Set(paths)]
}

/** Every field path a document has. */
export function producedPaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap(item => producedPaths(item, `${prefix}[]`))
  if (typeof value !== 'object' || value === null) return []
  return Object.entries(value).flatMap(([name, sub]) => [join(prefix, name), ...producedPaths(sub, join(prefix, name))])
}
