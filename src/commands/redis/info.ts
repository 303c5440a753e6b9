import {Args} from '@oclif/core'

import {BaseCommand} from '../../lib/base-command.js'
import {app, remote} from '../../lib/flags.js'
import {readNamedApp} from '../../lib/maintenance/addon.js'
import {fetchRedisInfo, type RedisInfo, selectRedisAddons} from '../../lib/maintenance/redis.js'
import {renderRedisInfo} from '../../lib/present/redis.js'

export default class Info extends BaseCommand {
  static override aliases = ['data-maintenances:redis-info']
  static override args = {
    database: Args.string({description: 'Redis add-on name or config var (REDIS_URL, REDIS); default: every Redis add-on of the app'}),
  }
  static override description = 'show the Key-Value Store (Redis) add-ons of an app, including when maintenance is required'
  static override examples = [
    '<%= config.bin %> <%= command.id %> --app example-app',
    '<%= config.bin %> <%= command.id %> REDIS_URL -a example-app',
    '<%= config.bin %> <%= command.id %> redis-lively-12345 -a example-app --json',
  ]
  static override flags = {app: app({required: true}), remote}

  async run(): Promise<RedisInfo[]> {
    const {args, flags} = await this.parse(Info)
    const {platform, redis} = await this.apis()
    const addons = selectRedisAddons(await readNamedApp(flags.app, () => platform.listAddons(flags.app)), flags.app, args.database)
    if (addons.length === 0) {
      this.log(`${flags.app} has no Key-Value Store (Redis) add-ons.`)
      return []
    }

    // Naming a database the Redis API does not know is a failure, not an empty success.
    const {databases, skipped} = await fetchRedisInfo(redis, addons, {required: args.database !== undefined})
    for (const name of skipped) this.warning(`Warning: the Redis API does not know ${name} (404); skipped.`)
    if (databases.length > 0) this.log(databases.map(database => renderRedisInfo(database)).join('\n\n'))
    return databases
  }
}
