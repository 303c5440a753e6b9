import {Help} from '@oclif/core'

/** Root help that lists every command, not only the topics: there are few, and they are what people look for. */
export default class RootHelp extends Help {
  protected override async showRootHelp(): Promise<void> {
    await super.showRootHelp()
    const commands = this.sortedCommands.filter(c => !c.hidden && !c.aliases.includes(c.id))
    if (commands.length > 0) this.log(this.formatCommands(commands))
  }
}
