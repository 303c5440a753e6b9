import type {Maintenance} from '../maintenance/types.js'
import type {Policy, Rule} from './policy.js'

const cache = new Map<string, RegExp>()

/** A name or a glob (`*` any characters, `?` one), matched whole and case-sensitively, as Heroku names are lower case. */
export function matchesPattern(pattern: string, name: string): boolean {
  let regex = cache.get(pattern)
  if (!regex) {
    const source = [...pattern].map(char => {
      if (char === '*') return '.*'
      if (char === '?') return '.'
      return char.replaceAll(/[$()+.[\\\]^{|}]/g, String.raw`\$&`)
    }).join('')
    regex = new RegExp(`^${source}$`, 'u')
    cache.set(pattern, regex)
  }

  return regex.test(name)
}

export function matchesAny(patterns: readonly string[], name: string): boolean {
  return patterns.some(pattern => matchesPattern(pattern, name))
}

/** The add-on's own name, its attachments (`REDIS_URL`) and their names without `_URL` (`REDIS`). */
function addonNames(maintenance: Maintenance): string[] {
  const attachments = maintenance.addon.attachments ?? []
  return [maintenance.addon.name, ...attachments, ...attachments.filter(a => a.endsWith('_URL')).map(a => a.slice(0, -4))]
}

/** Whether `rule` selects this add-on: its app, and its name or an attachment when the rule names add-ons. */
export function ruleSelects(rule: Rule, maintenance: Maintenance): boolean {
  if (!matchesAny(rule.apps, maintenance.app.name)) return false
  return rule.addons === undefined || addonNames(maintenance).some(name => matchesAny(rule.addons!, name))
}

/** The first rule that selects the add-on: each add-on follows one rule. */
export function ruleFor(policy: Policy, maintenance: Maintenance): Rule | undefined {
  return policy.rules.find(rule => ruleSelects(rule, maintenance))
}

/** Whether any rule may select an add-on of this app (which apps the check must read). */
export function policySelectsApp(policy: Policy, app: string): boolean {
  return policy.rules.some(rule => matchesAny(rule.apps, app))
}

/** Patterns (of apps in rules and stages) that match none of the apps the token can see: likely typos, said as warnings. */
export function unmatchedAppPatterns(policy: Policy, apps: readonly string[]): string[] {
  const patterns = policy.rules.flatMap(rule => [...rule.apps, ...rule.stages.flatMap(stage => stage.apps)])
  return [...new Set(patterns)].filter(pattern => !apps.some(app => matchesPattern(pattern, app)))
}
