// The Presenter mode button in the sharing bar; `aria-pressed` says whether presenter mode is on.
import { setPresenter, useSharing } from '../../state/sharing/sharingStore';

/** Turns presenter mode on and off. */
export function PresenterToggle() {
  const on = useSharing((s) => s.presenter);
  return (
    <button type="button" aria-pressed={on} onClick={() => setPresenter(!on)}>
      Presenter mode
    </button>
  );
}
