import {DateTime} from 'luxon'

import {isMaintenance, type Maintenance, type MaintenanceWindow, type RunAnswer, type WindowRequest} from '../maintenance/types.js'
import {type ApiClient, expectObject, type Method} from './client.js'

const BASE = '/data/maintenances/v1'
const enc = encodeURIComponent

const isMaintenanceList = (v: Record<string, unknown>) => Array.isArray(v.maintenances) && v.maintenances.every(m => isMaintenance(m))
const isWindow = (v: Record<string, unknown>) => 'window' in v

/** The Data API's maintenance routes. */
export class DataMaintenanceApi {
  constructor(private readonly client: ApiClient) {}

  async history(addonId: string, limit: number): Promise<Maintenance[]> {
    const answer = await this.call<{maintenances: Maintenance[]}>('GET', `/${enc(addonId)}/history/?limit=${limit}`, isMaintenanceList)
    return answer.maintenances
  }

  /** The maintenance; a `poll` (each read of a wait loop) has a read budget of its own, and `signal` abandons it. */
  async info(addonId: string, options: {poll?: boolean; signal?: AbortSignal} = {}): Promise<Maintenance> {
    return this.call<Maintenance>('GET', `/${enc(addonId)}`, isMaintenance, undefined, options)
  }

  async listForApp(appId: string): Promise<Maintenance[]> {
    const answer = await this.call<{maintenances: Maintenance[]}>('GET', `/apps/${enc(appId)}`, isMaintenanceList)
    return answer.maintenances
  }

  /** Starts the maintenance now. The API answers the Maintenance or, on some versions, only a message. */
  async run(addonId: string): Promise<RunAnswer> {
    return this.call<RunAnswer>('POST', `/${enc(addonId)}/run`, v => isMaintenance(v) || typeof v.message === 'string')
  }

  async schedule(addonId: string, delayWeeks: number): Promise<Maintenance> {
    // The API takes the delay as a string.
    return this.call<Maintenance>('POST', `/${enc(addonId)}/schedule`, isMaintenance, {delay_weeks: String(delayWeeks)})
  }

  async updateWindow(addonId: string, window: WindowRequest): Promise<MaintenanceWindow> {
    return this.call<MaintenanceWindow>('POST', `/${enc(addonId)}/window`, isWindow, window)
  }

  /** The Data API's clock: the `Date` of its last answer (to the second), or the machine's when it sent none. */
  serverNow(): DateTime {
    const date = this.client.serverDate ? DateTime.fromHTTP(this.client.serverDate, {zone: 'utc'}) : null
    return date?.isValid ? date : DateTime.utc()
  }

  async window(addonId: string): Promise<MaintenanceWindow> {
    return this.call<MaintenanceWindow>('GET', `/${enc(addonId)}/window`, isWindow)
  }

  private async call<T>(
    method: Method,
    path: string,
    check: (v: Record<string, unknown>) => boolean,
    body?: unknown,
    options: {poll?: boolean; signal?: AbortSignal} = {},
  ): Promise<T> {
    const request = {body, method, path: `${BASE}${path}`}
    return expectObject<T>(await this.client.request({...request, ...options}), request, check)
  }
}
