import { useId } from 'react';
import { CopyButton } from './copy-button';
import { Dialog } from './dialog';

/** A secret Latchkey answers this once (a client secret, a login-link secret), with a copy button. */
export function ShownOnceDialog(props: { title: string; description: string; value: string; onClose: () => void }) {
  const id = useId();
  return (
    <Dialog open onOpenChange={(open) => !open && props.onClose()} title={props.title} description={props.description}>
      <div className="field secret">
        <label htmlFor={id}>Secret</label>
        <div className="row">
          <input id={id} readOnly className="mono" value={props.value} />
          <CopyButton value={props.value} label="Copy secret" />
        </div>
      </div>
      <div className="actions">
        <button type="button" className="primary" onClick={props.onClose}>
          I have copied it
        </button>
      </div>
    </Dialog>
  );
}
