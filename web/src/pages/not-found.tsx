import { useTitle } from '../hooks.ts';
import { Link } from '../router.tsx';

export function NotFoundPage() {
  useTitle('Page not found');
  return (
    <section class="panel center">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link href="/" class="btn btn-primary">
          See competitions
        </Link>
      </p>
    </section>
  );
}
