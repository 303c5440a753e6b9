import type {AddOn, HerokuApp} from '../maintenance/types.js'

import {type ApiClient, expectObject} from './client.js'

const enc = encodeURIComponent

/** The first page of every list asks for the largest page the API gives (1000, the default being 200), in id order, so that a large account is read in a fifth of the requests. */
export const FIRST_PAGE_RANGE = 'id ..; max=1000'

function isApp(v: Record<string, unknown>): boolean {
  return typeof v.name === 'string' && typeof v.id === 'string'
}

/** The Platform API routes this plugin uses. */
export class PlatformApi {
  constructor(private readonly client: ApiClient) {}

  async getApp(app: string): Promise<HerokuApp> {
    const request = {method: 'GET', path: `/apps/${enc(app)}`} as const
    return expectObject<HerokuApp>(await this.client.request(request), request, isApp)
  }

  async getConfigVars(app: string): Promise<Record<string, string>> {
    const request = {method: 'GET', path: `/apps/${enc(app)}/config-vars`} as const
    return expectObject<Record<string, string>>(await this.client.request(request), request, () => true)
  }

  async listAddons(app: string): Promise<AddOn[]> {
    return this.list<AddOn>(`/apps/${enc(app)}/addons`)
  }

  async listApps(): Promise<HerokuApp[]> {
    return this.list<HerokuApp>('/apps')
  }

  /** Name, attachment or `app::attachment` → the matching add-ons (a read, so it may be retried like a GET). */
  async resolveAddon(addon: string, app: null | string): Promise<AddOn[]> {
    const path = '/actions/addons/resolve'
    const answer = await this.client.request<unknown>({
      body: {addon, app},
      headers: {accept: 'application/vnd.heroku+json; version=3.sdk', 'accept-expansion': 'addon_service,plan'},
      method: 'POST',
      path,
      retry: true,
    })
    const addons = asList<AddOn>(answer, 'POST', path)
    return addons.every(a => isCompleteAddon(a)) ? addons : expectObject<never>(answer, {method: 'POST', path}, () => false)
  }

  async setMaintenanceMode(app: string, maintenance: boolean): Promise<HerokuApp> {
    const request = {body: {maintenance}, method: 'PATCH', path: `/apps/${enc(app)}`} as const
    return expectObject<HerokuApp>(await this.client.request(request), request, isApp)
  }

  private async list<T>(path: string): Promise<T[]> {
    return asList<T>(await this.client.request({headers: {range: FIRST_PAGE_RANGE}, method: 'GET', path}), 'GET', path)
  }
}

function named(part: undefined | {name?: unknown}): boolean {
  return typeof part?.name === 'string'
}

/** Every later request is built from these fields: a malformed entry must not become `GET …/undefined`. */
function isCompleteAddon(addon: AddOn): boolean {
  return typeof addon?.id === 'string' && addon.id !== '' && named(addon) && named(addon.app) && named(addon.plan) && named(addon.addon_service)
}

function asList<T>(value: unknown, method: 'GET' | 'POST', path: string): T[] {
  if (Array.isArray(value)) return value as T[]
  // Reuses expectObject's error for a body that is not a list.
  return expectObject<never>(value, {method, path}, () => false)
}
