export { DEMO_AGENT, DEMO_CUSTOMER, type DemoWorld, seedDemoWorld } from './demo-seed.js';
export { type Running, type StartOptions, startLatchkey } from './start.js';
