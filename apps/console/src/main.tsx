// First: it configures zod before any schema is made.
import './zod-config';
import { createAuthClient } from '@latchkey/client';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'react-day-picker/style.css';
import { App } from './app';
import { AuthProvider } from './auth/auth-context';
import { loadConfig } from './config';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

loadConfig().then(
  (config) => {
    // Tokens stay in this page's memory (the auth client's default): a reload signs in again through the sign-in page.
    const client = createAuthClient({ issuer: config.issuer, clientId: config.clientId });
    root.render(
      <StrictMode>
        <AuthProvider config={config} client={client}>
          <App />
        </AuthProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <main className="sign-in-state">
        <h1>Latchkey console</h1>
        <p role="alert">The console could not load its configuration: {error instanceof Error ? error.message : String(error)}</p>
      </main>,
    );
  },
);
