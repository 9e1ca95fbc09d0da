import { useMutation } from '@tanstack/react-query';
import { Dialog } from './dialog';
import { ActionError } from './form';

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
      <ActionError error={mutation.error} />
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
