// Where the user was when a sign-in began, so they come back to the same
// screen with the same filters. Kept in this tab only; never a token.
const KEY = 'latchkey.console.return-to';

export function rememberPlace(place: string): void {
  window.sessionStorage.setItem(KEY, place);
}

/** The place remembered (and forgotten now); only a path inside the console is taken. */
export function takePlace(base: string): string {
  const place = window.sessionStorage.getItem(KEY);
  window.sessionStorage.removeItem(KEY);
  return place?.startsWith(`${base}/`) && !place.startsWith(`${base}/callback`) ? place : `${base}/`;
}
