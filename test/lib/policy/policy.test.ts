import {expect} from 'chai'
import {readFileSync} from 'node:fs'

import {InvalidPolicyError, parsePolicy} from '../../../src/lib/policy/policy.js'
import {type JsonSchema, policySchema, validateAgainstSchema} from '../../../src/lib/policy/schema.js'

function problems(text: string, file = 'policy.yaml'): string[] {
  try {
    parsePolicy(text, file)
  } catch (error) {
    expect(error).to.be.instanceOf(InvalidPolicyError)
    expect((error as InvalidPolicyError).exitCode).to.equal(1)
    return (error as InvalidPolicyError).problems
  }

  throw new Error('expected an invalid policy')
}

const SAMPLE = `version: 1
blackouts:
  - start: 2026-12-20
    end: 2027-01-03
    zone: Europe/Berlin
    reason: holiday freeze
rules:
  - name: shop
    apps: ["shop-*"]
    addons: [DATABASE]
    window:
      start: Sunday 02:00
      zone: Europe/Berlin
    stages:
      - apps: [shop-staging]
      - apps: [shop-production]
        after: 2d
`

describe('policy/policy', () => {
  it('reads a YAML policy: window in its zone, blackouts in theirs (a date alone as an end includes that day), stages with their lead time', () => {
    const policy = parsePolicy(SAMPLE, 'policy.yaml')
    expect(policy.blackouts).to.have.length(1)
    expect(policy.blackouts[0].start.toISO()).to.equal('2026-12-19T23:00:00.000Z')
    expect(policy.blackouts[0].end.toISO()).to.equal('2027-01-03T23:00:00.000Z')
    expect(policy.blackouts[0].reason).to.equal('holiday freeze')
    const [rule] = policy.rules
    expect(rule.name).to.equal('shop')
    expect(rule.apps).to.deep.equal(['shop-*'])
    expect(rule.addons).to.deep.equal(['DATABASE'])
    expect(rule.window).to.deep.equal({start: {day: 'sunday', time: {hour: 2, minute: 0}}, text: 'Sunday 02:00', zone: 'Europe/Berlin'})
    expect(rule.stages.map(stage => stage.after.as('hours'))).to.deep.equal([0, 48])
    expect(rule.stages.map(stage => stage.apps)).to.deep.equal([['shop-staging'], ['shop-production']])
  })

  it('reads the same policy as JSON, naming unnamed rules by position', () => {
    const policy = parsePolicy(JSON.stringify({rules: [{apps: ['a'], window: {start: 'mon 23:30'}}], version: 1}), 'policy.json')
    expect(policy.rules[0].name).to.equal('rules[0]')
    expect(policy.rules[0].window).to.deep.equal({start: {day: 'monday', time: {hour: 23, minute: 30}}, text: 'mon 23:30', zone: 'UTC'})
    expect(policy.blackouts).to.deep.equal([])
  })

  it('says every schema problem on its own line with file:line:column and what is valid', () => {
    const text = `version: 1
rules:
  - apps: []
    windw: {start: Sunday 02:00}
    window: {start: "Sunday 2am"}
  - addons: [DATABASE]
`
    expect(problems(text)).to.deep.equal([
      'policy.yaml:3:11: rules[0].apps has 0 entries: it must be a list of at least one name or glob (* and ?).',
      'policy.yaml:4:5: rules[0].windw is not a known setting: rules[0] may have name, apps, addons, window, blackouts, stages.',
      'policy.yaml:5:21: rules[0].window.start "Sunday 2am" is not valid: it must be a weekday and a 24-hour time, such as "Sunday 02:00".',
      'policy.yaml:6:5: rules[1].apps is missing: rules[1] must have apps.',
    ])
  })

  it('refuses a missing version, and a document that is not a mapping', () => {
    expect(problems('rules: [{apps: [a]}]\n')).to.deep.equal(['policy.yaml:1:1: version is missing: the policy must have version, rules.'])
    expect(problems('- a\n')[0]).to.match(/^policy\.yaml:1:1: the document is a list, not a mapping: it must be when maintenance/)
    expect(problems('version: 2\nrules: [{apps: [a]}]\n')).to.deep.equal(['policy.yaml:1:10: version is 2: it must be the policy format: 1.'])
  })

  it('checks what the schema cannot: weekdays, zones, dates that exist, ends after starts, no lead time on the first stage', () => {
    const text = `version: 1
blackouts:
  - {start: 2026-02-30, end: 2026-03-02, reason: x}
  - {start: 2026-12-20 10:00, end: 2026-12-20 09:00, reason: y, zone: Mars/Olympus}
rules:
  - apps: [a]
    window: {start: Funday 02:00}
    stages:
      - {apps: [a], after: 2d}
      - {apps: [b], after: 3d}
`
    expect(problems(text)).to.deep.equal([
      'policy.yaml:3:13: blackouts[0].start "2026-02-30" is not a date that exists (in UTC): give a date such as 2026-12-20 or a date and time such as 2026-12-20 18:00.',
      'policy.yaml:4:71: blackouts[1].zone "Mars/Olympus" is not a time zone: use an IANA name such as Europe/Berlin, America/New_York or UTC.',
      'policy.yaml:4:36: blackouts[1].end "2026-12-20 09:00" is not after start "2026-12-20 10:00": a blackout must end after it starts.',
      'policy.yaml:7:21: rules[0].window.start "Funday 02:00": "Funday" is not a day of the week: use a weekday name in any case, singular or plural (Sunday, sundays, SUNDAY), or its 3-letter abbreviation (sun).',
      'policy.yaml:9:28: rules[0].stages[0].after is not allowed on the first stage: there is no stage before it to wait for.',
    ])
  })

  it('reports YAML syntax errors with their position, before any other check', () => {
    const [line] = problems('version: 1\nrules:\n  - apps: [a\n', 'p.yml')
    expect(line).to.match(/^p\.yml:\d+:\d+: /)
    expect(problems('version: 1\nversion: 1\nrules: [{apps: [a]}]\n')).to.have.length(1)
  })

  describe('the shipped schema', () => {
    it('is what the validator enforces: it loads, and every setting in it says what is valid', () => {
      const schema = policySchema()
      const visit = (node: JsonSchema, where: string): void => {
        if (!node.$ref) expect(node.description, `${where} has no description`).to.be.a('string')
        for (const [name, sub] of Object.entries(node.properties ?? {})) visit(sub, `${where}.${name}`)
        for (const [name, sub] of Object.entries(node.$defs ?? {})) visit(sub, `${where}.$defs.${name}`)
        if (node.items) visit(node.items, `${where}[]`)
      }

      visit(schema, '#')
      expect(JSON.parse(readFileSync(new URL('../../../schema/policy.schema.json', import.meta.url), 'utf8'))).to.deep.equal(schema)
    })

    it('refuses a schema keyword the validator does not enforce, rather than ignoring it', () => {
      expect(() => validateAgainstSchema('x', {$ref: '#/$defs/missing'}, {})).to.throw(/does not define/)
      expect(validateAgainstSchema({a: 1}, {additionalProperties: false, description: 'd', properties: {}, type: 'object'})).to.have.length(1)
    })
  })
})
