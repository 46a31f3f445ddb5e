import { useEffect, useState } from 'preact/hooks';
import { completeSignIn } from '../auth.ts';
import { Loading, Notice } from '../components/ui.tsx';
import { useTitle } from '../hooks.ts';
import { SignInButton } from '../session.tsx';
import { t } from '../i18n.ts';

export function CallbackPage() {
  useTitle(t('callback.title'));
  const [error, setError] = useState<string>();
  useEffect(() => {
    const url = new URL(location.href);
    const idpError = url.searchParams.get('error_description') ?? url.searchParams.get('error');
    if (idpError) {
      setError(idpError);
      return;
    }
    completeSignIn(url).then(
      // A full load so every part of the app starts from the new session.
      (returnTo) => location.replace(returnTo),
      (e: Error) => setError(e.message || t('callback.failedShort')),
    );
  }, []);
  if (error)
    return (
      <section class="panel center">
        <h1>{t('callback.failed')}</h1>
        <Notice kind="error">{error}</Notice>
        <p>
          <SignInButton label={t('callback.tryAgain')} />
        </p>
      </section>
    );
  return <Loading label={t('callback.signingIn')} />;
}
