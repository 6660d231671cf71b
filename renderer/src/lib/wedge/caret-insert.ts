/**
 * Types `text` at the caret of the focused element of `doc`, if it is an editable field (an
 * enabled, writable input or textarea, or contenteditable). Returns whether the text went in.
 */
export function insertAtCaret(doc: Document, text: string): boolean {
  if (!isEditable(doc.activeElement)) {
    return false;
  }
  // The one API that inserts at the caret exactly as typing does, for every input type, with
  // undo history and the `input` event that Svelte bindings listen to.
  // eslint-disable-next-line @typescript-eslint/no-deprecated
  doc.execCommand('insertText', false, text);
  return true;
}

function isEditable(el: Element | null): boolean {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    return !el.readOnly && !el.disabled;
  }
  return el instanceof HTMLElement && el.isContentEditable;
}
