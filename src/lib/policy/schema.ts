import {readFileSync} from 'node:fs'

/** The part of JSON Schema the shipped policy schema uses; a keyword outside it is refused, so the schema and its enforcement cannot drift apart. */
export interface JsonSchema {
  $comment?: string
  $defs?: Record<string, JsonSchema>
  $id?: string
  $ref?: string
  $schema?: string
  additionalProperties?: boolean
  description?: string
  enum?: unknown[]
  items?: JsonSchema
  minItems?: number
  minLength?: number
  pattern?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  title?: string
  type?: 'array' | 'integer' | 'object' | 'string'
}

const KEYWORDS = new Set(['$comment', '$defs', '$id', '$ref', '$schema', 'additionalProperties', 'description', 'enum', 'items', 'minItems', 'minLength', 'pattern', 'properties', 'required', 'title', 'type'])

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
    if (!KEYWORDS.has(key)) throw new Error(`the policy schema uses ${key} at ${where}, which the validator does not enforce`)
  }

  for (const [name, sub] of Object.entries(schema.$defs ?? {})) checkKeywords(sub, `${where}/$defs/${name}`)
  for (const [name, sub] of Object.entries(schema.properties ?? {})) checkKeywords(sub, `${where}/properties/${name}`)
  if (schema.items) checkKeywords(schema.items, `${where}/items`)
}

let shipped: JsonSchema | undefined

/** The schema shipped in the package (schema/policy.schema.json), which is what the validator enforces. */
export function policySchema(): JsonSchema {
  if (!shipped) {
    const schema = JSON.parse(readFileSync(new URL('../../../schema/policy.schema.json', import.meta.url), 'utf8')) as JsonSchema
    checkKeywords(schema, '#')
    shipped = schema
  }

  return shipped
}

function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string') return `${JSON.stringify(value)}`
  return String(value)
}

const TYPE_WORDS: Record<NonNullable<JsonSchema['type']>, string> = {array: 'a list', integer: 'a whole number', object: 'a mapping', string: 'a string'}

function hasType(value: unknown, type: NonNullable<JsonSchema['type']>): boolean {
  switch (type) {
  case 'array': {
    return Array.isArray(value)
  }

  case 'integer': {
    return Number.isInteger(value)
  }

  case 'object': {
    return typeof value === 'object' && value !== null && !Array.isArray(value)
  }

  case 'string': {
    return typeof value === 'string'
  }
  }
}

/** Every way `value` breaks `schema` (the root schema resolves `$ref`s), each with its path and what is valid there. */
export function validateAgainstSchema(value: unknown, schema: JsonSchema = policySchema(), root: JsonSchema = schema, path: ValuePath = []): SchemaProblem[] {
  if (schema.$ref) {
    const name = /^#\/\$defs\/(.+)$/.exec(schema.$ref)?.[1]
    const target = name === undefined ? undefined : root.$defs?.[name]
    if (!target) throw new Error(`the policy schema refers to ${schema.$ref}, which it does not define`)
    return validateAgainstSchema(value, {...target, ...(schema.description ? {description: schema.description} : {})}, root, path)
  }

  const where = describePath(path)
  const valid = schema.description ?? 'a value the schema allows'
  const problem = (message: string): SchemaProblem[] => [{kind: 'value', message, path}]
  if (schema.enum && !schema.enum.includes(value)) return problem(`${where} is ${typeOf(value)}: it must be ${valid}.`)
  if (schema.type && !hasType(value, schema.type)) return problem(`${where} is ${typeOf(value)}, not ${TYPE_WORDS[schema.type]}: it must be ${valid}.`)
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength) return problem(`${where} is empty: it must be ${valid}.`)
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) return problem(`${where} ${JSON.stringify(value)} is not valid: it must be ${valid}.`)
  }

  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return problem(`${where} has ${value.length} ${value.length === 1 ? 'entry' : 'entries'}: it must be ${valid}.`)
    if (schema.items) return value.flatMap((item, index) => validateAgainstSchema(item, schema.items, root, [...path, index]))
  }

  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>
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

  return []
}
