// Leaves a half-finished sign-in (a wrong account, someone else's turn at the desk).
import { useState } from 'preact/hooks';
import { logout } from './api.ts';

export function SwitchAccount({ onStageChange }: { onStageChange: () => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  async function onClick() {
    if (busy) return;
    setBusy(true);
    try {
      await logout();
    } catch {
      // Signing out of a half-finished sign-in may fail when it already expired; either way start over.
    }
    await onStageChange();
    setBusy(false);
  }
  return (
    <p class="admin-after-form">
      <button type="button" class="admin-link-button" onClick={onClick} aria-disabled={busy ? 'true' : undefined}>
        换一个账号登录
      </button>
    </p>
  );
}
