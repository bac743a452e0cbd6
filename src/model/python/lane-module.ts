/**
 * What the estimate needs of the Python lane once a probe run is applied or calibration is
 * on: loaded then, with `import()`, so the first paint does not carry the probe document's
 * model (issue #11's budget). Pure re-exports.
 */
export { combineLanes } from './calibration.ts';
export { cpuWorkFor, laneAppliedText, pythonFields, pythonMachineFigures } from './python-lane.ts';
