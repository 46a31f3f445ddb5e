import { render } from 'preact';
import { App } from './app.tsx';
import { initialLocale, setLocale } from './i18n.ts';
import './styles.css';

// The first paint is already in the reader's language (English if theirs fails to load).
setLocale(initialLocale(), { remember: false })
  .catch(() => undefined)
  .finally(() => render(<App />, document.getElementById('app')!));
