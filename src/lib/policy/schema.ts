import {readFileSync} from 'node:fs'

/** The part of JSON Schema the shipped schemas use; a keyword outside it is refused, so a schema and its enforcement cannot drift apart. */
export interface JsonSchema {
  $comment?: string
  $defs?: Record<string, JsonSchema>
  $id?: string
  $ref?: string
  $schema?: string
  additionalProperties?: boolean
  /** The value must match at least one of these (the problems reported are those of the closest one). */
  anyOf?: JsonSchema[]
  description?: string
  enum?: unknown[]
  items?: JsonSchema
  minItems?: number
  minLength?: number
  pattern?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  title?: string
  type?: JsonType | JsonType[]
}

export type JsonType = 'array' | 'boolean' | 'integer' | 'null' | 'number' | 'object' | 'string'

const KEYWORDS = new Set(['$comment', '$defs', '$id', '$ref', '$schema', 'additionalProperties', 'anyOf', 'description', 'enum', 'items', 'minItems', 'minLength', 'pattern', 'properties', 'required', 'title', 'type'])

/** Where a value sits in the document: property names and list indexes. */
export type ValuePath = Array<number | string>

export interface SchemaProblem {
  /** `missing`: the path names a property that is not there (its parent exists); `unknown`: a property the schema does not allow. */
  kind: 'missing' | 'unknown' | 'value'
  message: string
  path: ValuePath
}

/** `rules[0].window.start`. */
export function describePath(path: ValuePath): string {
  let text = ''
  for (const part of path) text += typeof part === 'number' ? `[${part}]` : (text ? `.${part}` : part)
  return text || 'the document'
}

function checkKeywords(schema: JsonSchema, where: string): void {
  for (const key of Object.keys(schema)) {
    if (!KEYWORDS.has(key)) throw new Error(`the schema uses ${key} at ${where}, which the validator does not enforce`)
  }

  for (const [name, sub] of Object.entries(schema.$defs ?? {})) checkKeywords(sub, `${where}/$defs/${name}`)
  for (const [name, sub] of Object.entries(schema.properties ?? {})) checkKeywords(sub, `${where}/properties/${name}`)
  for (const [index, sub] of (schema.anyOf ?? []).entries()) checkKeywords(sub, `${where}/anyOf/${index}`)
  if (schema.items) checkKeywords(schema.items, `${where}/items`)
}

const SCHEMA_DIR = new URL('../../../schema/', import.meta.url)
const loaded = new Map<string, JsonSchema>()
/** The file each loaded schema came from, against which its `$ref`s to other files are resolved. */
const sources = new WeakMap<JsonSchema, URL>()

function loadSchema(url: URL): JsonSchema {
  let schema = loaded.get(url.href)
  if (!schema) {
    schema = JSON.parse(readFileSync(url, 'utf8')) as JsonSchema
    checkKeywords(schema, url.pathname.split('/schema/').at(-1) ?? url.pathname)
    loaded.set(url.href, schema)
    sources.set(schema, url)
  }

  return schema
}

/** The schema shipped in the package (schema/policy.schema.json), which is what the validator enforces. */
export function policySchema(): JsonSchema {
  return loadSchema(new URL('policy.schema.json', SCHEMA_DIR))
}

/** The schema of a command's `--json` output (schema/json/NAME.schema.json, e.g. `data-maintenances-info`, or `error`). */
export function outputSchema(name: string): JsonSchema {
  return loadSchema(new URL(`json/${name}.schema.json`, SCHEMA_DIR))
}

/** A `$ref` as `#/$defs/NAME` in `root`, or `FILE#/$defs/NAME` in a file beside the one `root` came from; with the schema it is in. */
export function resolveRef(ref: string, root: JsonSchema): {root: JsonSchema; target?: JsonSchema} {
  const match = /^([^#]*)#\/\$defs\/(.+)$/.exec(ref)
  if (!match) return {root}
  const source = sources.get(root)
  const file = match[1] ? (source ? loadSchema(new URL(match[1], source)) : undefined) : root
  return {root: file ?? root, target: file?.$defs?.[match[2]]}
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `${JSON.stringify(value)}`
  return String(value)
}

const TYPE_WORDS: Record<JsonType, string> = {array: 'a list', boolean: 'true or false', integer: 'a whole number', null: 'null', number: 'a number', object: 'a mapping', string: 'a string'}

function hasType(value: unknown, type: JsonType): boolean {
  switch (type) {
  case 'array': {
    return Array.isArray(value)
  }

  case 'boolean': {
    return typeof value === 'boolean'
  }

  case 'integer': {
    return Number.isInteger(value)
  }

  case 'null': {
    return value === null
  }

  case 'number': {
    return typeof value === 'number' && Number.isFinite(value)
  }

  case 'object': {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  }

  case 'string': {
    return typeof value === 'string'
  }
  }
}

/** What is wrong with the value itself (not its members): its enum, type, anyOf branches, length or pattern; undefined when nothing is. */
function valueProblems(value: unknown, schema: JsonSchema, root: JsonSchema, path: ValuePath): SchemaProblem[] | undefined {
  const where = describePath(path)
  const valid = schema.description ?? 'a value the schema allows'
  const problem = (message: string): SchemaProblem[] => [{kind: 'value', message, path}]
  if (schema.enum && !schema.enum.includes(value)) return problem(`${where} is ${typeOf(value)}: it must be ${valid}.`)
  const types = schema.type === undefined ? [] : [schema.type].flat()
  if (types.length > 0 && !types.some(type => hasType(value, type))) return problem(`${where} is ${typeOf(value)}, not ${types.map(type => TYPE_WORDS[type]).join(' or ')}: it must be ${valid}.`)
  if (schema.anyOf) {
    const tries = schema.anyOf.map(branch => validateAgainstSchema(value, branch, root, path))
    if (!tries.some(found => found.length === 0)) return tries.reduce((closest, found) => (found.length < closest.length ? found : closest))
  }

  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return problem(`${where} is empty: it must be ${valid}.`)
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return problem(`${where} ${JSON.stringify(value)} is not valid: it must be ${valid}.`)
  }

  if (Array.isArray(value) && schema.minItems !== undefined && value.length < schema.minItems) {
    return problem(`${where} has ${value.length} ${value.length === 1 ? 'entry' : 'entries'}: it must be ${valid}.`)
  }

  return undefined
}

/** What is wrong with a mapping's members: required ones missing, unknown ones, and each member's own problems. */
function memberProblems(record: Record<string, unknown>, schema: JsonSchema, root: JsonSchema, path: ValuePath): SchemaProblem[] {
  const where = describePath(path)
  const problems: SchemaProblem[] = []
  const allowed = Object.keys(schema.properties ?? {})
  for (const name of schema.required ?? []) {
    if (!(name in record)) problems.push({kind: 'missing', message: `${describePath([...path, name])} is missing: ${where === 'the document' ? 'the policy' : where} must have ${(schema.required ?? []).join(', ')}.`, path: [...path, name]})
  }

  for (const [name, item] of Object.entries(record)) {
    const sub = schema.properties?.[name]
    if (sub) problems.push(...validateAgainstSchema(item, sub, root, [...path, name]))
    else if (schema.additionalProperties === false) {
      problems.push({kind: 'unknown', message: `${describePath([...path, name])} is not a known setting: ${where === 'the document' ? 'a policy' : where} may have ${allowed.join(', ')}.`, path: [...path, name]})
    }
  }

  return problems
}

/** Every way `value` breaks `schema` (the root schema resolves `$ref`s), each with its path and what is valid there. */
export function validateAgainstSchema(value: unknown, schema: JsonSchema = policySchema(), root: JsonSchema = schema, path: ValuePath = []): SchemaProblem[] {
  if (schema.$ref) {
    const {root: home, target} = resolveRef(schema.$ref, root)
    if (!target) throw new Error(`the schema refers to ${schema.$ref}, which it does not define`)
    return validateAgainstSchema(value, {...target, ...(schema.description ? {description: schema.description} : {})}, home, path)
  }

  const own = valueProblems(value, schema, root, path)
  if (own) return own
  if (Array.isArray(value)) return schema.items ? value.flatMap((item, index) => validateAgainstSchema(item, schema.items, root, [...path, index])) : []
  if (typeof value === 'object' && value !== null) return memberProblems(value as Record<string, unknown>, schema, root, path)
  return []
}
