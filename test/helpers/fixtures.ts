import type {AddOn, HerokuApp, Maintenance, MaintenanceWindow} from '../../src/lib/maintenance/types.js'

/** The Data API's maintenances root, under which every maintenance path lies. */
export const MAINTENANCES = '/data/maintenances/v1'

/** Small typed builders: each test states only what matters to it. */

export function anAddon(overrides: Partial<AddOn> = {}): AddOn {
  return {
    addon_service: {id: 'svc-redis', name: 'heroku-redis'},
    app: {id: 'app-id-1', name: 'example-app'},
    config_vars: ['REDIS_URL'],
    id: 'addon-id-1',
    name: 'redis-lively-12345',
    plan: {id: 'plan-1', name: 'heroku-redis:premium-0'},
    ...overrides,
  }
}

export function anApp(overrides: Partial<HerokuApp> = {}): HerokuApp {
  return {id: 'app-id-1', maintenance: false, name: 'example-app', ...overrides}
}

export function aMaintenance(overrides: Partial<Maintenance> = {}): Maintenance {
  return {
    addon: {
      attachments: ['REDIS_URL'],
      kind: 'heroku-redis',
      name: 'redis-lively-12345',
      plan: 'premium-0',
      uuid: 'addon-id-1',
      window: 'Fridays 18:00 to 22:00 UTC',
    },
    app: {name: 'example-app', uuid: 'app-id-1'},
    completed_at: null,
    duration_seconds: null,
    method: 'failover',
    previously_scheduled_for: null,
    reason: 'routine_maintenance',
    required_by: '2026-12-03T08:54:02.518+00:00',
    scheduled_for: '2026-11-27T18:00:00.000+00:00',
    server_created_at: '2026-09-04T08:30:37.872+00:00',
    started_at: null,
    status: 'ready',
    window: 'Fridays 18:00 to 22:00 UTC',
    ...overrides,
  }
}

export function aWindow(overrides: Partial<MaintenanceWindow> = {}): MaintenanceWindow {
  return {
    previous_window: null,
    previously_scheduled_at: null,
    scheduled_at: '2026-11-27T18:00:00.000+00:00',
    window: 'Fridays 18:00 to 22:00 UTC',
    ...overrides,
  }
}
