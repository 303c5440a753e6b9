// The sandbox's own rules and the parts of its world the contract oracle drives, from one place: the oracle
// imports the sandbox only through this module, so that where the sandbox lives is written once.
export {DEFAULT_START, formatInstant, instant} from '../../src/sandbox/clock.js'
export {HttpError} from '../../src/sandbox/http-error.js'
export type {AddonRecord, MaintenanceRecord, MaintenanceStatus, SandboxState} from '../../src/sandbox/model.js'
export {rescheduleMaintenance, runMaintenance, updateWindow} from '../../src/sandbox/operations.js'
export {isHighAvailability} from '../../src/sandbox/roll-rules.js'
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
} from '../../src/sandbox/rules.js'
export {buildSeed, SEED_IDS} from '../../src/sandbox/seeds.js'
export {addonView, appView, maintenanceView, windowView} from '../../src/sandbox/views.js'
export {World} from '../../src/sandbox/world.js'
