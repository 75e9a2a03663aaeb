import { AppError } from '@/lib/app-error';
import { problemResponse } from './problem';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];
type Handler = () => Response;

/**
 * Handlers for the methods a route does not take. Without them Next answers an empty 405,
 * which breaks the promise that every API error is problem+json with a stable code.
 * Use: `export const { POST, PUT, PATCH, DELETE } = methodsNotAllowed('GET');`
 */
export function methodsNotAllowed(...allowed: Method[]): Record<Method, Handler> {
  const allow = [...allowed, ...(allowed.includes('GET') ? ['HEAD'] : []), 'OPTIONS'].join(', ');
  const refuse: Handler = () => {
    const response = problemResponse(new AppError('method-not-allowed'), crypto.randomUUID());
    response.headers.set('Allow', allow);
    return response;
  };
  return Object.fromEntries(METHODS.map((method) => [method, refuse])) as Record<Method, Handler>;
}
