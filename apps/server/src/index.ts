export { startLatchkey, type Running, type StartOptions } from './start.js';
export { seedDemoWorld, DEMO_AGENT, DEMO_CUSTOMER, type DemoWorld } from './demo-seed.js';
