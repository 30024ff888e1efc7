// The notices that come with particular events, loaded only when one of them is up: page parameters
// that could not be used, saved work that could not be opened or saved, the notice that a link
// replaced the scenario (with the way back), and the Share panel with its link, embed link and code.
import { useEffect, useId, useRef, useState } from 'react';
import { exportScenario, restorePrevious } from '../../state/sharing/actionsOnDemand';
import { embedCodeOf, embedLinkOf } from '../../state/sharing/embed';
import { discardSavedText, downloadSavedText } from '../../state/sharing/savedWork';
import {
  closeSharePanel,
  dismissLinkOpened,
  dismissParamProblems,
  dismissStorageFull,
  useSharing,
} from '../../state/sharing/sharingStore';
import { useLab } from '../../state/store';

/** Every occasional notice, each showing only while its state is set. */
export default function OccasionalNotices() {
  return (
    <>
      <ParamProblems />
      <SavedProblemNotice />
      <StorageFullNotice />
      <LinkOpenedNotice />
      <SharePanel />
    </>
  );
}

/** Page parameters (`?speed=fast`) that could not be used; the rest of the address still applied. */
function ParamProblems() {
  const problems = useSharing((s) => s.paramProblems);
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="sharing-problem">
      <div>
        <p className="sharing-problem-title">
          Part of this page&apos;s address could not be used; the rest was
        </p>
        <ul>
          {problems.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      </div>
      <button type="button" className="quiet" onClick={dismissParamProblems}>
        Dismiss
      </button>
    </div>
  );
}

/** Stored text the page could not open: kept untouched until the user downloads or discards it. */
function SavedProblemNotice() {
  const saved = useSharing((s) => s.savedProblem);
  if (!saved) return null;
  return (
    <div role="alert" className="sharing-problem">
      <div>
        <p className="sharing-problem-title">{saved.title}</p>
        <ul>
          {saved.details.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
          <li>
            It is kept in this browser exactly as it was until you choose. Until then, your changes here are
            not saved in this browser.
          </li>
        </ul>
      </div>
      <div className="sharing-actions">
        <button type="button" onClick={downloadSavedText}>
          Download saved text
        </button>
        <button type="button" onClick={discardSavedText}>
          Discard it
        </button>
      </div>
    </div>
  );
}

/** Told once: the storage is full, so changes are not being saved; Export scenario keeps them. */
function StorageFullNotice() {
  const full = useSharing((s) => s.storageFull);
  if (!full) return null;
  return (
    <div role="alert" className="sharing-problem">
      <div>
        <p className="sharing-problem-title">
          This browser&apos;s storage is full, so your changes are not being saved here.
        </p>
        <ul>
          <li>A reload would bring back an older scenario. Export scenario keeps this one in a file.</li>
        </ul>
      </div>
      <div className="sharing-actions">
        <button type="button" onClick={() => void exportScenario()}>
          Export scenario
        </button>
        <button type="button" className="quiet" onClick={dismissStorageFull}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** A link (or `?preset=`, `?lesson=`) replaced the scenario: says so, with the way back. */
function LinkOpenedNotice() {
  const opened = useSharing((s) => s.linkOpened);
  if (!opened) return null;
  // Not a region: its words ("…the shared link…") would collide with the Share and Lesson regions.
  return (
    <div className="sharing-opened">
      <p role="status">
        Opened {opened.what}.
        {opened.previous
          ? ' It replaced the scenario you had; Undo or the button here brings that back.'
          : ''}
      </p>
      <div className="sharing-actions">
        {opened.previous && (
          <button type="button" onClick={() => void restorePrevious()}>
            Restore the scenario you had
          </button>
        )}
        <button type="button" className="quiet" onClick={dismissLinkOpened}>
          Dismiss
        </button>
      </div>
    </div>
  );
}

/** Copies `text`; says whether it worked (a refused clipboard leaves the text selected instead). */
async function copyText(text: string, box: HTMLInputElement | HTMLTextAreaElement | null): Promise<string> {
  box?.select();
  try {
    if (!navigator.clipboard?.writeText) return 'Select and copy it';
    await navigator.clipboard.writeText(text);
    return 'Copied';
  } catch {
    return 'Select and copy it';
  }
}

/** The Share panel: the Scenario link, the embed link and the embed code, each copyable. */
function SharePanel() {
  const link = useSharing((s) => s.link);
  const copyStatus = useSharing((s) => s.copyStatus);
  const notes = useSharing((s) => s.shareNotes);
  const title = useLab((s) => s.scenario.title);
  const input = useRef<HTMLInputElement>(null);
  const embedInput = useRef<HTMLInputElement>(null);
  const codeInput = useRef<HTMLTextAreaElement>(null);
  // Said for the link it was copied from; a new Share starts silent.
  const [embedCopied, setEmbedCopied] = useState({ link: '', text: '' });
  const linkId = useId();
  const embedId = useId();
  const codeId = useId();

  useEffect(() => {
    // Selected, so Ctrl+C copies it when the clipboard was refused.
    if (link !== null) input.current?.select();
  }, [link]);

  if (link === null) return null;
  const embedLink = embedLinkOf(link);
  const embedCode = embedCodeOf(link, title);
  const embedStatus = embedCopied.link === link ? embedCopied.text : '';
  const copy = (text: string, box: HTMLInputElement | HTMLTextAreaElement | null, what: string) =>
    void copyText(text, box).then((said) => setEmbedCopied({ link, text: `${said}: ${what}` }));
  return (
    <section className="share-panel" aria-label="Share">
      <label htmlFor={linkId}>Scenario link</label>
      <input
        id={linkId}
        ref={input}
        type="text"
        readOnly
        value={link}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
      />
      <p role="status" className="share-status">
        {copyStatus}
      </p>
      <button type="button" className="quiet" onClick={closeSharePanel}>
        Close
      </button>
      <div className="share-row">
        <label htmlFor={embedId}>Embed link</label>
        <input
          id={embedId}
          ref={embedInput}
          type="text"
          readOnly
          value={embedLink}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => copy(embedLink, embedInput.current, 'embed link')}>
          Copy embed link
        </button>
      </div>
      <div className="share-row">
        <label htmlFor={codeId}>Embed code</label>
        <textarea
          id={codeId}
          ref={codeInput}
          readOnly
          rows={3}
          value={embedCode}
          spellCheck={false}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => copy(embedCode, codeInput.current, 'embed code')}>
          Copy embed code
        </button>
      </div>
      <p role="status" className="share-status share-embed-status">
        {embedStatus}
      </p>
      {notes.length > 0 && (
        <ul className="share-notes">
          {notes.map((n, i) => (
            <li key={i}>{n}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
