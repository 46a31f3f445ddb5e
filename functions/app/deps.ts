import type { TokenVerifier } from '../adapters/identity/jwt-verifier.ts';
import type { Ports } from '../use-cases/ports.ts';

/** What the Hono app needs: the use-case ports and a way to check bearer tokens. */
export interface AppDeps extends Ports {
  /**
   * Verifies `Authorization: Bearer` ID tokens. On Lambda, routes behind the JWT authorizer
   * already carry verified claims; this verifier serves the public routes, where a signed-in
   * caller may see more (e.g. their own drafts).
   */
  verifyToken: TokenVerifier;
  /** Public address of the web app, for links in e-mails. */
  webOrigin: string;
}
