import {createHash} from 'node:crypto'

import type {AddonRecord, AppRecord, AttachmentRecord, MaintenanceRecord, ReleaseRecord} from './model.js'

import {formatRedisTime, instant} from './clock.js'
import {controllableTier, describeWindow, humanPlanName} from './rules.js'
import {serverUrl, type World} from './world.js'

/** The shapes the sandbox answers with, as the real Platform, Data and Redis APIs print them. */

/** A UUID that is always the same for the same text (for catalogue things such as plans and services). */
export function stableId(text: string): string {
  const hex = createHash('sha256').update(text).digest('hex')
  // Joined into one flat string: slices of the digest would keep the whole digest and a node per part.
  return [hex.slice(0, 8), hex.slice(8, 12), `4${hex.slice(13, 16)}`, `a${hex.slice(17, 20)}`, hex.slice(20, 32)].join('-')
}

const SERVICE_HUMAN_NAMES: Record<string, string> = {
  'heroku-postgresql': 'Heroku Postgres',
  'heroku-redis': 'Heroku Key-Value Store',
}

export function accountView(world: World): Record<string, unknown> {
  const {account} = world.state
  return {
    id: account.id,
    email: account.email,
    name: account.name,
    allow_tracking: false,
    beta: false,
    created_at: account.createdAt,
    updated_at: account.createdAt,
    default_organization: null,
    default_team: null,
    delinquent_at: null,
    last_login: world.state.clock,
    sms_number: null,
    suspended_at: null,
    two_factor_authentication: false,
    verified: true,
  }
}

function appReference(app: AppRecord): {id: string; name: string} {
  return {id: app.id, name: app.name}
}

export function appView(world: World, app: AppRecord): Record<string, unknown> {
  const {account} = world.state
  const releases = world.releasesOf(app)
  return {
    id: app.id,
    name: app.name,
    maintenance: app.maintenance,
    owner: {id: account.id, email: account.email},
    region: {id: stableId('region:us'), name: 'us'},
    stack: {id: stableId('stack:heroku-24'), name: 'heroku-24'},
    build_stack: {id: stableId('stack:heroku-24'), name: 'heroku-24'},
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    released_at: releases.at(-1)?.createdAt ?? null,
    git_url: `https://git.heroku.com/${app.name}.git`,
    web_url: `https://${app.name}.herokuapp.com/`,
    acm: false,
    archived_at: null,
    buildpack_provided_description: null,
    internal_routing: null,
    organization: null,
    team: null,
    space: null,
    repo_size: null,
    slug_size: null,
  }
}

function planView(addon: AddonRecord): Record<string, unknown> {
  const name = `${addon.service}:${addon.plan}`
  return {id: stableId(`plan:${name}`), name, human_name: humanPlanName(addon.plan), price: {cents: 0, contract: false, unit: 'month'}}
}

function serviceView(addon: AddonRecord): Record<string, string> {
  return {id: stableId(`service:${addon.service}`), name: addon.service, human_name: SERVICE_HUMAN_NAMES[addon.service]}
}

/** A Platform API add-on with its service and plan expanded (what `Accept-Expansion: addon_service,plan` asks for). */
export function addonView(world: World, addon: AddonRecord): Record<string, unknown> {
  const owner = world.appById(addon.appId)
  return {
    id: addon.id,
    name: addon.name,
    app: appReference(owner),
    addon_service: serviceView(addon),
    plan: planView(addon),
    config_vars: world.configVarNames(addon),
    state: 'provisioned',
    actions: [],
    billed_price: {cents: 0, contract: false, unit: 'month'},
    billing_entity: {id: owner.id, name: owner.name, type: 'app'},
    created_at: addon.createdAt,
    updated_at: addon.createdAt,
    provider_id: addon.id,
    web_url: `https://addons-sso.heroku.com/apps/${owner.id}/addons/${addon.id}`,
  }
}

export function attachmentView(world: World, addon: AddonRecord, attachment: AttachmentRecord): Record<string, unknown> {
  const app = world.appById(attachment.appId)
  return {
    id: attachment.id,
    name: attachment.name,
    addon: {id: addon.id, name: addon.name, app: appReference(world.appById(addon.appId)), plan: planView(addon)},
    app: appReference(app),
    config_vars: [`${attachment.name}_URL`],
    created_at: attachment.createdAt,
    updated_at: attachment.createdAt,
    log_input_url: null,
    namespace: null,
    web_url: `https://addons-sso.heroku.com/apps/${app.id}/addons/${addon.id}`,
  }
}

export function releaseView(world: World, release: ReleaseRecord, current: boolean): Record<string, unknown> {
  const app = world.appById(release.appId)
  const {account} = world.state
  return {
    id: release.id,
    version: release.version,
    description: release.description,
    status: 'succeeded',
    current,
    created_at: release.createdAt,
    updated_at: release.createdAt,
    app: appReference(app),
    user: {id: account.id, email: account.email},
    addon_plan_names: [],
    slug: null,
    output_stream_url: null,
  }
}

/** A Data API `Maintenance`; `record` null means the add-on has none (status `none`). */
export function maintenanceView(world: World, addon: AddonRecord, record: MaintenanceRecord | null): Record<string, unknown> {
  const owner = world.appById(addon.appId)
  const addonWindow = addon.window ? describeWindow(addon.window) : null
  return {
    addon: {
      attachments: world.configVarNames(addon),
      kind: addon.service,
      name: addon.name,
      plan: addon.plan,
      uuid: addon.id,
      window: addonWindow,
    },
    app: {name: owner.name, uuid: owner.id},
    ...maintenanceProgress(record),
    server_created_at: record?.serverCreatedAt ?? addon.serverCreatedAt,
    duration_seconds: durationSeconds(record),
    window: record ? record.window : addonWindow,
  }
}

/** A `Maintenance`'s status and times (status `none` and nulls when there is none). */
function maintenanceProgress(record: MaintenanceRecord | null): Record<string, unknown> {
  return {
    status: record?.status ?? 'none',
    method: record?.method ?? null,
    reason: record?.failure?.reason ?? record?.reason ?? null,
    required_by: record?.requiredBy ?? null,
    scheduled_for: record?.scheduledFor ?? null,
    previously_scheduled_for: record?.previouslyScheduledFor ?? null,
    started_at: record?.startedAt ?? null,
    completed_at: record?.completedAt ?? null,
  }
}

/** The API sends the run's duration as a string. */
function durationSeconds(record: MaintenanceRecord | null): null | string {
  return record?.durationSeconds === null || record?.durationSeconds === undefined ? null : String(record.durationSeconds)
}

/** A Data API `Window`: the window now and before, and when the open maintenance is (and was) scheduled. */
export function windowView(addon: AddonRecord): Record<string, unknown> {
  const {maintenance} = addon
  const open = maintenance && maintenance.status !== 'completed' ? maintenance : null
  return {
    window: addon.window ? describeWindow(addon.window) : null,
    previous_window: addon.previousWindow,
    scheduled_at: open?.scheduledFor ?? null,
    previously_scheduled_at: open?.previouslyScheduledFor ?? null,
  }
}

/** The Redis API's database info, with the rows `redis:info` prints in order. */
export function redisView(world: World, addon: AddonRecord): Record<string, unknown> {
  const {maintenance} = addon
  const required = maintenance && maintenance.status !== 'completed'
    ? `required by ${formatRedisTime(instant(maintenance.requiredBy))}`
    : 'not required'
  const rows: Array<{name: string; values: string[]}> = [
    {name: 'Plan', values: [humanPlanName(addon.plan)]},
    {name: 'Status', values: [maintenance?.status === 'running' ? 'available (maintenance running)' : 'available']},
    {name: 'Created', values: [instant(addon.createdAt).toFormat('yyyy-MM-dd HH:mm')]},
    {name: 'Version', values: [addon.version]},
    {name: 'Timeout', values: ['300']},
    {name: 'Maxmemory', values: ['noeviction']},
    {name: 'Maintenance', values: [required]},
  ]
  if (addon.window) rows.push({name: 'Maintenance window', values: [describeWindow(addon.window)]})
  if (controllableTier(addon.service, addon.plan)) rows.push({name: 'HA Status', values: ['Available']})

  return {
    addon_id: addon.id,
    name: addon.name,
    plan: addon.plan,
    version: addon.version,
    created_at: addon.createdAt,
    resource_url: serverUrl(addon.service, addon.server),
    port: addon.server.port,
    prefer_native_tls: true,
    customer_encryption_key: null,
    formation: {id: stableId(`formation:${addon.id}`), primary: null},
    metaas_source: 'sandbox',
    info: rows,
  }
}
