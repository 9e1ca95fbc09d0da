export { DEMO_AGENT, DEMO_CUSTOMER, DEMO_EDITOR, DEMO_VIEWER, seedDemoWorld } from './demo-seed.js';
export { type Started, startFromEnvironment } from './run.js';
export { type Running, type StartOptions, startLatchkey } from './start.js';
