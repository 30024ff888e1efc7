// The embed link and <iframe> code the Share panel offers: the scenario link with `?embed=1` (the
// page then shows only the lab), and markup to paste into another page. Pure string work.

/** Size of the suggested frame, CSS px: room for the drawing, playback and the outcome. */
export const EMBED_WIDTH_PX = 960;
export const EMBED_HEIGHT_PX = 640;

/** The link with `?embed=1` in its query (its `#s=` link unchanged). */
export function embedLinkOf(link: string): string {
  const url = new URL(link);
  url.searchParams.set('embed', '1');
  return url.toString();
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An `<iframe>` that shows the embedded lab, titled for screen readers with the scenario's title. */
export function embedCodeOf(link: string, title: string | undefined): string {
  const name = title ? `VIP Lab: ${title}` : 'VIP Lab';
  return (
    `<iframe src="${escapeAttribute(embedLinkOf(link))}" title="${escapeAttribute(name)}" ` +
    `width="${EMBED_WIDTH_PX}" height="${EMBED_HEIGHT_PX}" style="border:0" loading="lazy"></iframe>`
  );
}
