import {Command, CommandHelp, Help, type Interfaces} from '@oclif/core'
import ansis from 'ansis'

/**
 * The width to wrap help at when oclif cannot ask a terminal: OCLIF_COLUMNS (which oclif reads itself too), else
 * on a pipe COLUMNS, so that `COLUMNS=200 … --help | less` wraps at 200 rather than at oclif's fallback of 80.
 */
export function helpWidth(env: Record<string, string | undefined> = process.env, isTTY = Boolean(process.stdout.isTTY)): number | undefined {
  for (const value of isTTY ? [env.OCLIF_COLUMNS] : [env.OCLIF_COLUMNS, env.COLUMNS]) {
    const columns = Number(value)
    if (value && Number.isInteger(columns) && columns > 0) return Math.max(columns, 40)
  }

  return undefined
}

/**
 * A shell command longer than the line, split at spaces with a trailing backslash so that it still runs when
 * pasted (oclif prints one-line examples as they are, however wide).
 */
export function wrapShellCommand(line: string, width: number): string[] {
  const continuation = '    '
  const lines: string[] = []
  let rest = line
  while (ansis.strip(rest).length > width) {
    const room = width - 2 - (lines.length === 0 ? 0 : continuation.length)
    const split = rest.lastIndexOf(' ', room)
    if (split <= 0) break
    lines.push(`${lines.length === 0 ? '' : continuation}${rest.slice(0, split)} \\`)
    rest = rest.slice(split + 1)
  }

  lines.push(lines.length === 0 ? rest : `${continuation}${rest}`)
  return lines
}

class CommandHelpAtWidth extends CommandHelp {
  /** oclif measures the usage line before it puts the command id in, so its first line can run past the width. */
  protected override usage(): string {
    const width = this.opts.maxWidth - this.indentSpacing
    const usages: string[] = []
    for (const line of this.render(super.usage()).split('\n')) {
      if (line.startsWith('$') || usages.length === 0) usages.push(line.trim())
      else usages[usages.length - 1] += ` ${line.trim()}`
    }

    return usages
    .map(usage => {
      if (usage.length <= width) return usage
      const split = usage.lastIndexOf(' ', width)
      return `${usage.slice(0, split)}\n${this.indent(this.wrap(usage.slice(split + 1), this.indentSpacing * 2))}`
    })
    .join('\n')
  }

  protected override examples(examples: Command.Example[] | string | undefined): string | undefined {
    const body = super.examples(examples)
    // The section indents the examples by indentSpacing.
    const width = this.opts.maxWidth - this.indentSpacing
    return body
    ?.split('\n')
    .flatMap(line => (ansis.strip(line).startsWith('$ ') ? wrapShellCommand(line, width) : [line]))
    .join('\n')
  }
}

/** Root help that lists every command once, not only the topics: there are few, and they are what people look for. */
export default class RootHelp extends Help {
  protected override CommandHelpClass = CommandHelpAtWidth

  constructor(config: Interfaces.Config, options: Partial<Interfaces.HelpOptions> = {}) {
    const maxWidth = helpWidth()
    super(config, maxWidth === undefined ? options : {maxWidth, ...options})
  }

  /** oclif leaves the package's one-line description unwrapped; wrap it like every other paragraph. */
  override formatRoot(): string {
    const [summary, ...sections] = super.formatRoot().split('\n\n')
    return [this.wrap(summary, 0), ...sections].join('\n\n')
  }

  /** oclif prints a command's one-line summary unwrapped, however wide. */
  protected override summary(command: Command.Loadable): string | undefined {
    const summary = super.summary(command)
    return summary && this.wrap(summary, 0)
  }

  protected override async showRootHelp(): Promise<void> {
    const state = this.config.pjson?.oclif?.state
    if (state) this.log(state === 'deprecated' ? `${this.config.bin} is deprecated` : `${this.config.bin} is in ${state}.\n`)
    this.log(this.formatRoot())
    this.log('')
    const topics = this.sortedTopics.filter(t => !t.name.includes(':'))
    if (topics.length > 0) {
      this.log(this.formatTopics(topics))
      this.log('')
    }

    // Aliases (data-maintenances, the old plugin's names) still run, but each command is listed once, by its own id.
    const commands = this.sortedCommands.filter(c => !c.aliases.includes(c.id))
    if (commands.length > 0) {
      this.log(this.formatCommands(commands))
      this.log('')
    }
  }
}
