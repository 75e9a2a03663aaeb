import { AppError } from '@/lib/app-error';
import { problemResponse } from '@/lib/http/problem';

/** Unknown API paths answer problem+json like every other API error, not an HTML page. */
function notFound(): Response {
  return problemResponse(new AppError('not-found'), crypto.randomUUID());
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
