import { CopyButton } from '../../components/copy-button';
import { Dialog } from '../../components/dialog';

/** A client secret, shown this once: Latchkey keeps only its hash. */
export function SecretDialog({ clientId, secret, onClose }: { clientId: string; secret: string; onClose: () => void }) {
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title="Client secret"
      description={`The secret of ${clientId} is shown this once: Latchkey keeps only its hash. Copy it now.`}
    >
      <div className="field secret">
        <label htmlFor="client-secret">Secret</label>
        <div className="row">
          <input id="client-secret" readOnly className="mono" value={secret} />
          <CopyButton value={secret} label="Copy secret" />
        </div>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={onClose}>
          I have copied it
        </button>
      </div>
    </Dialog>
  );
}
