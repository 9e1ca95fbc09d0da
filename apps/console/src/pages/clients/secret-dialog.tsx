import { ShownOnceDialog } from '../../components/shown-once-dialog';

/** A client secret, shown this once: Latchkey keeps only its hash. */
export function SecretDialog({ clientId, secret, onClose }: { clientId: string; secret: string; onClose: () => void }) {
  return (
    <ShownOnceDialog
      title="Client secret"
      description={`The secret of ${clientId} is shown this once: Latchkey keeps only its hash. Copy it now.`}
      value={secret}
      onClose={onClose}
    />
  );
}
