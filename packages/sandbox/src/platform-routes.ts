import type {AddonRecord, AppRecord, AttachmentRecord} from './model.js'
import type {World} from './world.js'

import {formatInstant} from './clock.js'
import {badRequest, invalidParams, notFound} from './http-error.js'
import {pagedReply, type RangeFields} from './paging.js'
import {resolveAddons, resolveAttachments} from './resolve.js'
import {objectBody, ok, type Route, type RouteRequest} from './router.js'
import {accountView, addonView, appView, attachmentView, releaseView} from './views.js'

function optionalName(body: Record<string, unknown>, key: string): null | string {
  const value = body[key]
  if (value === undefined || value === null) return null
  if (typeof value !== 'string' || value.trim() === '') throw badRequest(`${key} must be a non-empty string or null.`)
  return value
}

function requiredName(body: Record<string, unknown>, key: string): string {
  const value = optionalName(body, key)
  if (value === null) throw badRequest(`${key} is required.`)
  return value
}

/** The Range header's `max=N` and `order=desc`, as the Platform API pages lists. */
function rangeOptions(request: RouteRequest): {descending: boolean; max: null | number} {
  const range = request.headers.range ?? ''
  const max = /max=(\d+)/.exec(range)
  return {descending: /order=desc/.test(range), max: max ? Number(max[1]) : null}
}

const BY_ID_OR_NAME: RangeFields<{id: string; name: string}> = {id: item => item.id, name: item => item.name}

interface AttachmentItem {
  addon: AddonRecord
  attachment: AttachmentRecord
}

const ATTACHMENT_FIELDS: RangeFields<AttachmentItem> = {id: item => item.attachment.id, name: item => item.attachment.name}

/** The subset of the Heroku Platform API that maintenance commands (ours and the official CLI's) use. */
export function platformRoutes(world: World): Route[] {
  const appPage = (app: AppRecord) => appView(world, app)
  const addonPage = (addon: AddonRecord) => addonView(world, addon)
  const attachmentPage = ({addon, attachment}: AttachmentItem) => attachmentView(world, addon, attachment)
  return [
    {method: 'GET', pattern: '/account', changes: false, handle: () => ok(accountView(world))},
    {method: 'GET', pattern: '/apps', changes: false, handle: ({headers}) => pagedReply(headers, world.state.apps, BY_ID_OR_NAME, appPage)},
    {
      method: 'GET',
      pattern: '/users/{user}/apps',
      changes: false,
      handle(request) {
        const {params} = request
        const {account} = world.state
        if (![account.email, account.id, '~'].includes(params.user)) throw notFound(`Couldn't find that user: ${params.user}.`)
        return pagedReply(request.headers, world.state.apps, BY_ID_OR_NAME, appPage)
      },
    },
    {method: 'GET', pattern: '/apps/{app}', changes: false, handle: ({params}) => ok(appView(world, world.requireApp(params.app)))},
    {
      method: 'PATCH',
      pattern: '/apps/{app}',
      changes: true,
      handle(request) {
        const app = world.requireApp(request.params.app)
        const body = objectBody(request)
        if (body.maintenance === undefined) throw invalidParams('The sandbox can only change maintenance on an app.')
        if (typeof body.maintenance !== 'boolean') throw badRequest('maintenance must be true or false.')
        if (app.maintenance !== body.maintenance) {
          app.maintenance = body.maintenance
          app.updatedAt = formatInstant(world.now())
        }

        return ok(appView(world, app))
      },
    },
    {
      method: 'GET',
      pattern: '/apps/{app}/addons',
      changes: false,
      handle: ({headers, params}) => pagedReply(headers, world.addonsOnApp(world.requireApp(params.app)), BY_ID_OR_NAME, addonPage),
    },
    {
      method: 'GET',
      pattern: '/apps/{app}/addons/{addon}',
      changes: false,
      handle({params}) {
        const app = world.requireApp(params.app)
        const addon = world.addonsOnApp(app).find(candidate => candidate.id === params.addon || candidate.name === params.addon)
        if (!addon) throw notFound(`Couldn't find that add-on: ${params.addon} on app ${app.name}.`)
        return ok(addonView(world, addon))
      },
    },
    {method: 'GET', pattern: '/addons', changes: false, handle: ({headers}) => pagedReply(headers, world.state.addons, BY_ID_OR_NAME, addonPage)},
    {method: 'GET', pattern: '/addons/{addon}', changes: false, handle: ({params}) => ok(addonView(world, world.requireAddon(params.addon)))},
    {
      method: 'GET',
      pattern: '/addons/{addon}/addon-attachments',
      changes: false,
      handle({headers, params}) {
        const addon = world.requireAddon(params.addon)
        return pagedReply(headers, addon.attachments.map(attachment => ({addon, attachment})), ATTACHMENT_FIELDS, attachmentPage)
      },
    },
    {
      method: 'GET',
      pattern: '/addon-attachments',
      changes: false,
      handle: ({headers}) => pagedReply(headers, world.state.addons.flatMap(addon => addon.attachments.map(attachment => ({addon, attachment}))), ATTACHMENT_FIELDS, attachmentPage),
    },
    {
      method: 'GET',
      pattern: '/apps/{app}/addon-attachments',
      changes: false,
      handle({headers, params}) {
        const app = world.requireApp(params.app)
        const items = world.addonsOnApp(app).flatMap(addon => addon.attachments
        .filter(attachment => attachment.appId === app.id)
        .map(attachment => ({addon, attachment})))
        return pagedReply(headers, items, ATTACHMENT_FIELDS, attachmentPage)
      },
    },
    {
      method: 'GET',
      pattern: '/apps/{app}/addon-attachments/{attachment}',
      changes: false,
      handle({params}) {
        const app = world.requireApp(params.app)
        for (const addon of world.addonsOnApp(app)) {
          const attachment = addon.attachments.find(candidate => candidate.appId === app.id && (candidate.id === params.attachment || candidate.name === params.attachment))
          if (attachment) return ok(attachmentView(world, addon, attachment))
        }

        throw notFound(`Couldn't find that add-on attachment: ${params.attachment} on app ${app.name}.`)
      },
    },
    {
      method: 'GET',
      pattern: '/apps/{app}/config-vars',
      changes: false,
      handle: ({params}) => ok(world.configVars(world.requireApp(params.app))),
    },
    {
      method: 'GET',
      pattern: '/apps/{app}/releases',
      changes: false,
      handle(request) {
        const app = world.requireApp(request.params.app)
        const releases = world.releasesOf(app)
        const latest = releases.at(-1)
        const {descending, max} = rangeOptions(request)
        let views = releases.map(release => releaseView(world, release, release === latest))
        if (descending) views = views.reverse()
        if (max !== null && max > 0) views = views.slice(0, max)
        return ok(views)
      },
    },
    {
      method: 'GET',
      pattern: '/apps/{app}/releases/{release}',
      changes: false,
      handle({params}) {
        const app = world.requireApp(params.app)
        const releases = world.releasesOf(app)
        const release = releases.find(candidate => candidate.id === params.release || String(candidate.version) === params.release)
        if (!release) throw notFound(`Couldn't find that release: ${params.release}.`)
        return ok(releaseView(world, release, release === releases.at(-1)))
      },
    },
    {
      method: 'POST',
      pattern: '/actions/addons/resolve',
      changes: false,
      handle(request) {
        const body = objectBody(request)
        const addons = resolveAddons(world, requiredName(body, 'addon'), optionalName(body, 'app'), optionalName(body, 'addon_service'))
        return ok(addons.map(addon => addonView(world, addon)))
      },
    },
    {
      method: 'POST',
      pattern: '/actions/addon-attachments/resolve',
      changes: false,
      handle(request) {
        const body = objectBody(request)
        const app = optionalName(body, 'app') ?? optionalName(body, 'appId')
        const found = resolveAttachments(world, requiredName(body, 'addon_attachment'), app, optionalName(body, 'addon_service'))
        return ok(found.map(({addon, attachment}) => attachmentView(world, addon, attachment)))
      },
    },
  ]
}
