/** `key: value` lines, keys sorted and aligned as the Dev Center shows them. */
export function renderKeyValues(values: Record<string, string>, options: {sort?: boolean} = {}): string {
  const keys = Object.keys(values)
  if (options.sort !== false) keys.sort()
  return keys.map(key => `${key}: ${values[key]}`).join('\n')
}
