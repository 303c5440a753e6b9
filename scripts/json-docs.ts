/**
 * The README's `--json` shapes, written from schema/json/ so that the two cannot disagree:
 * `node --import tsx scripts/json-docs.ts` rewrites the part of README.md between the markers;
 * test/contracts/readme.test.ts fails while README.md is not what this script would write.
 */
import {readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {type JsonSchema, outputSchema} from '../src/lib/policy/schema.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const START = '<!-- json-shapes:start (written by scripts/json-docs.ts from schema/json/: edit those, then run it) -->'
export const END = '<!-- json-shapes:end -->'

const REF = /^(?:common\.schema\.json)?#\/\$defs\/(.+)$/

function isScalar(schema: JsonSchema): boolean {
  return !schema.$ref && !schema.anyOf && !schema.properties && !schema.items && !(schema.enum && schema.enum.length === 1)
}

/** `{a, b?, c: {…}}`, `[Maintenance]`, `Window | {dry_run: true, …}`: a schema in a line. */
export function shape(schema: JsonSchema): string {
  if (schema.$ref) return REF.exec(schema.$ref)?.[1] ?? schema.$ref
  if (schema.anyOf) return schema.anyOf.map(branch => shape(branch)).join(' | ')
  if (schema.enum) return schema.enum.map(value => JSON.stringify(value)).join(' | ')
  if (schema.items) return `[${shape(schema.items)}]`
  if (schema.properties) {
    const required = new Set(schema.required ?? [])
    const members = Object.entries(schema.properties).map(([name, sub]) => {
      const key = required.has(name) ? name : `${name}?`
      return isScalar(sub) ? key : `${key}: ${shape(sub)}`
    })
    if (schema.additionalProperties !== false) members.push('…')
    return `{${members.join(', ')}}`
  }

  const types = schema.type === undefined ? [] : [schema.type].flat()
  return types.join(' | ') || 'any'
}

const cell = (text: string) => text.replaceAll('|', String.raw`\|`)

/** The generated part of the README's "JSON output" section. */
export function renderJsonShapes(): string {
  const names = readdirSync(join(ROOT, 'schema', 'json')).map(file => file.replace(/\.schema\.json$/, '')).filter(name => name !== 'common')
  .sort((a, b) => Number(a === 'error') - Number(b === 'error') || a.localeCompare(b))
  const rows = names.map(name => {
    const schema = outputSchema(name)
    const command = (schema.title ?? name).replace(/ --json$/, '')
    return `| ${name === 'error' ? command : `\`${command}\``} | ${cell(schema.description ?? '')} | \`${cell(shape(schema))}\` |`
  })
  const common = outputSchema('common')
  const shapes = Object.entries(common.$defs ?? {}).map(([name, schema]) => `- \`${name}\` (${schema.description}): \`${shape(schema)}\``)
  return [
    START,
    '| command | `--json` prints | shape (schema/json/COMMAND.schema.json) |',
    '|---|---|---|',
    ...rows,
    '',
    'The shapes they share (schema/json/common.schema.json); `name?` may be absent, `…` is more of the API’s own fields; each field’s type, and whether it may be null, is in the schema:',
    '',
    ...shapes,
    END,
  ].join('\n')
}

/** README.md with its generated part as the schemas say. */
export function readmeWithShapes(readme: string): string {
  const start = readme.indexOf(START)
  const end = readme.indexOf(END)
  if (start === -1 || end < start) throw new Error(`README.md has no ${START} … ${END} block`)
  return `${readme.slice(0, start)}${renderJsonShapes()}${readme.slice(end + END.length)}`
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(ROOT, 'README.md')
  writeFileSync(path, readmeWithShapes(readFileSync(path, 'utf8')))
}
