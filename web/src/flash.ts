/** A one-shot message carried across an in-app navigation ("Saved.", "Submitted."). */
let pending: string | undefined;

export function setFlash(message: string): void {
  pending = message;
}

export function takeFlash(): string | undefined {
  const m = pending;
  pending = undefined;
  return m;
}
