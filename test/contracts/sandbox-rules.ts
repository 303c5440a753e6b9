// The sandbox's own rules and the parts of its world the contract oracle drives, from one place: the oracle
// imports the sandbox only through this module, so that where the sandbox lives is written once.
export {DEFAULT_START, formatInstant, instant} from 'heroku-data-maintenance-sandbox/clock'
export {HttpError} from 'heroku-data-maintenance-sandbox/http-error'
export type {AddonRecord, MaintenanceRecord, MaintenanceStatus, SandboxState} from 'heroku-data-maintenance-sandbox/model'
export {rescheduleMaintenance, runMaintenance, updateWindow} from 'heroku-data-maintenance-sandbox/operations'
export {isHighAvailability} from 'heroku-data-maintenance-sandbox/roll-rules'
export {
  addBusinessDays,
  type AddonServiceName,
  controllableTier,
  describeWindow,
  nextWindowStart,
  NOTICE_BUSINESS_DAYS,
  parseDayOfWeek,
  parseTimeOfDay,
  shiftByWeeks,
  type WeeklyWindow,
  WINDOW_HOURS,
} from 'heroku-data-maintenance-sandbox/rules'
export {buildSeed, SEED_IDS} from 'heroku-data-maintenance-sandbox/seeds'
export {addonView, appView, maintenanceView, windowView} from 'heroku-data-maintenance-sandbox/views'
export {World} from 'heroku-data-maintenance-sandbox/world'
