import {expect} from 'chai'
import {readdirSync, readFileSync} from 'node:fs'

import {type JsonSchema, outputSchema, validateAgainstSchema} from '../../src/lib/policy/schema.js'
import {aMaintenance, aWindow} from '../helpers/fixtures.js'

const manifest = JSON.parse(readFileSync(new URL('../../oclif.manifest.json', import.meta.url), 'utf8')) as {commands: Record<string, unknown>}
const schemaFiles = readdirSync(new URL('../../schema/json/', import.meta.url)).filter(name => name.endsWith('.schema.json')).sort()
const messages = (value: unknown, schema: JsonSchema) => validateAgainstSchema(value, schema).map(problem => problem.message)

describe('contracts: the output schemas and the validator that enforces them', () => {
  it('has one schema per command (its id with : as -), the error document and the shared shapes, and nothing else', () => {
    const expected = [...Object.keys(manifest.commands).map(id => `${id.replaceAll(':', '-')}.schema.json`), 'common.schema.json', 'error.schema.json'].sort()
    expect(schemaFiles).to.deep.equal(expected)
  })

  it('loads every schema: each uses only keywords the validator enforces', () => {
    for (const file of schemaFiles) expect(outputSchema(file.replace(/\.schema\.json$/, '')).$schema, file).to.be.a('string')
  })

  it('checks boolean, number and null types, and a list of types', () => {
    const schema: JsonSchema = {description: 'd', type: 'object', properties: {
      flag: {description: 'a flag', type: 'boolean'},
      size: {description: 'a size', type: 'number'},
      when: {description: 'a time or null', type: ['string', 'null']},
    }}
    expect(messages({flag: true, size: 1.5, when: null}, schema)).to.deep.equal([])
    expect(messages({flag: 'yes', size: '1', when: 3}, schema)).to.deep.equal([
      'flag is "yes", not true or false: it must be a flag.',
      'size is "1", not a number: it must be a size.',
      'when is 3, not a string or null: it must be a time or null.',
    ])
    expect(messages(null, {description: 'nothing', type: 'null'})).to.deep.equal([])
  })

  it('anyOf: valid when one branch is, else the problems of the closest branch', () => {
    const schema: JsonSchema = {anyOf: [
      {additionalProperties: false, description: 'a message', properties: {message: {description: 'text', type: 'string'}}, required: ['message'], type: 'object'},
      {description: 'a count', type: 'integer'},
    ], description: 'a message or a count'}
    expect(messages({message: 'hi'}, schema)).to.deep.equal([])
    expect(messages(3, schema)).to.deep.equal([])
    expect(messages({message: 2}, schema)).to.deep.equal(['message is 2, not a string: it must be text.'])
  })

  it('resolves a $ref into common.schema.json, and refuses a field the schema does not name', () => {
    const info = outputSchema('data-maintenances-info')
    expect(messages(aMaintenance(), info)).to.deep.equal([])
    const extra = messages({...aMaintenance(), surprise: 1}, info)
    expect(extra).to.have.length(1)
    expect(extra[0]).to.match(/^surprise is not a known setting/)
    expect(messages(aWindow(), outputSchema('data-maintenances-window'))).to.deep.equal([])
    expect(messages({...aWindow(), window: 5}, outputSchema('data-maintenances-window'))).to.deep.equal(['window is 5, not a string or null: it must be the window, or null.'])
    expect(() => validateAgainstSchema({}, {$ref: 'common.schema.json#/$defs/Nope'}, info)).to.throw(/does not define/)
  })

  it('the error document needs error.exit_code, id and message; status is optional', () => {
    const schema = outputSchema('error')
    expect(messages({error: {exit_code: 1, id: 'invalid_input', message: 'x'}}, schema)).to.deep.equal([])
    expect(messages({error: {exit_code: 2, id: 'forbidden', message: 'x', status: 403}}, schema)).to.deep.equal([])
    expect(validateAgainstSchema({error: {id: 'x', message: 'x'}}, schema).map(problem => problem.kind)).to.deep.equal(['missing'])
  })
})
