import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Dialog } from '../../components/dialog';
import { ActionError } from '../../components/form';
import { useTRPC } from '../../trpc';

/** The seed's "Use the delete action and confirm", naming how many tokens go. */
export function DeleteTokensDialog({ ids, onClose, onDeleted }: { ids: string[]; onClose: () => void; onDeleted: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.loginTokens.delete.mutationOptions());
  const count = ids.length === 1 ? '1 login token' : `${ids.length} login tokens`;
  const confirm = async () => {
    await remove.mutateAsync({ ids });
    await queryClient.invalidateQueries({ queryKey: trpc.loginTokens.pathKey() });
    onDeleted();
  };
  return (
    <Dialog
      open
      onOpenChange={(open) => !open && onClose()}
      title={`Delete ${count}?`}
      description={`The ${count} will stop working at once. This cannot be undone.`}
    >
      <ActionError error={remove.error} />
      <div className="actions">
        <button type="button" onClick={onClose}>
          Cancel
        </button>
        <button type="button" className="danger" onClick={() => void confirm().catch(() => undefined)} disabled={remove.isPending}>
          Delete {count}
        </button>
      </div>
    </Dialog>
  );
}
