/**
 * Saves text as a file from the renderer: a Blob URL clicked through a temporary `<a download>`.
 * In the browser build this is an ordinary download. Under Electron no `will-download` handler
 * is installed, so Electron's default applies: a native "Save as" dialog owned by the kiosk
 * window, where the host picks the USB stick or folder to hand over. One path for both
 * platforms, no IPC channel, and the data never passes through main (docs/decisions/0005).
 * Throws when the document cannot create the link (no body).
 */
export function downloadText(doc: Document, fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = doc.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    // The click has queued the download with the URL; revoking on the next task is safe.
    setTimeout(() => {
      URL.revokeObjectURL(url);
    }, 0);
  }
}
