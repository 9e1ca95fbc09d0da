import { useMutation } from '@tanstack/react-query';
import { messageOf } from '../errors';
import { Dialog } from './dialog';

/** Asks before a change that cannot be taken back, then runs it; the API's refusal is said in words. */
export function ConfirmDialog(props: {
  title: string;
  description: string;
  action: string;
  run: () => Promise<unknown>;
  onClose: () => void;
}) {
  const mutation = useMutation({ mutationFn: props.run, onSuccess: props.onClose });
  return (
    <Dialog open onOpenChange={(open) => !open && props.onClose()} title={props.title} description={props.description}>
      {mutation.error && (
        <p className="error" role="alert">
          {messageOf(mutation.error)}
        </p>
      )}
      <div className="actions">
        <button type="button" onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" className="danger" disabled={mutation.isPending} onClick={() => mutation.mutate()}>
          {props.action}
        </button>
      </div>
    </Dialog>
  );
}
