import {type ColorRole, type Palette, PLAIN} from './color.js'

export interface KeyValueOptions {
  colors?: Palette
  /** How the value of a key is coloured on a colour terminal. */
  roles?: Record<string, ColorRole>
  sort?: boolean
}

/** `key: value` lines, keys sorted and aligned as the Dev Center shows them. */
export function renderKeyValues(values: Record<string, string>, options: KeyValueOptions = {}): string {
  const colors = options.colors ?? PLAIN
  const keys = Object.keys(values)
  if (options.sort !== false) keys.sort()
  return keys
  .map(key => {
    const role = options.roles?.[key]
    return `${key}: ${role ? colors[role](values[key]) : values[key]}`
  })
  .join('\n')
}
