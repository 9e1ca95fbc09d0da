import type { RouterOutputs } from '@latchkey/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ActionError } from '../../components/form';
import { ShownOnceDialog } from '../../components/shown-once-dialog';
import { useTRPC } from '../../trpc';
import { newLoginLinkSecret } from './client-edit-form';

type Client = RouterOutputs['clients']['list']['items'][number];

/**
 * The client's login-link secret (HS256 key of signed login JWTs): a new
 * one made in the browser, stored encrypted by the API and shown this once;
 * or none any more.
 */
export function LoginLinkSecretDialog({ client, onClose }: { client: Client; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const update = useMutation(trpc.clients.update.mutationOptions());
  const [shown, setShown] = useState<string | null>(null);
  const set = (secret: string | null) => {
    update.mutate(
      { id: client.id, loginLinkSecret: secret },
      {
        // Shown at once; the list learns of the secret in the background.
        onSuccess: () => {
          void queryClient.invalidateQueries({ queryKey: trpc.clients.pathKey() });
          if (secret) setShown(secret);
          else onClose();
        },
      },
    );
  };
  if (shown)
    return (
      <ShownOnceDialog
        title="Login-link secret"
        description={`The new login-link secret of ${client.id} is shown this once: Latchkey keeps it encrypted and never answers it. Copy it into the shop's settings now.`}
        value={shown}
        onClose={onClose}
      />
    );
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Login-link secret of ${client.id}`}
      description={
        client.hasLoginLinkSecret
          ? 'A new secret replaces the current one at once: login links signed with the old one stop working.'
          : 'The client has no login-link secret: signed login JWTs are refused until it has one.'
      }
    >
      <ActionError error={update.error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        {client.hasLoginLinkSecret && (
          <button type="button" className="danger" disabled={update.isPending} onClick={() => set(null)}>
            Remove secret
          </button>
        )}
        <button type="button" className="primary" disabled={update.isPending} onClick={() => set(newLoginLinkSecret())}>
          {client.hasLoginLinkSecret ? 'Rotate secret' : 'Generate secret'}
        </button>
      </div>
    </Dialog>
  );
}
