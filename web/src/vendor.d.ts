declare module 'swagger-ui-dist/swagger-ui-es-bundle.js' {
  const SwaggerUI: (options: Record<string, unknown>) => unknown;
  export default SwaggerUI;
}
declare module '*.css';
/** Vite: an asset's URL (the API docs' frame links its stylesheets). */
declare module '*?url' {
  const url: string;
  export default url;
}

/** Vite's import.meta.glob (web/src/i18n.ts loads the catalogues with it). */
interface ImportMeta {
  glob<T>(pattern: string | string[]): Record<string, () => Promise<T>>;
  /** Vite's build-time variables (VITE_*), e.g. VITE_ACCESSIBILITY_CONTACT for the accessibility statement. */
  readonly env?: Record<string, string | undefined>;
}
