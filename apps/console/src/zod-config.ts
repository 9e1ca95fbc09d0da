import { z } from 'zod';

// zod compiles parsers with `new Function` where it can; the console's CSP forbids eval, so it is told not to try.
z.config({ jitless: true });
