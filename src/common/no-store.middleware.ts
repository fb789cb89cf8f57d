import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable, NestMiddleware } from '@nestjs/common';

/**
 * `Cache-Control: no-store` on every answer of the routes it is applied to, set before anything
 * can fail (guards, filters): a signed-in page or an admin answer carrying a plain secret must
 * not be kept by a cache (the back button after logout, a shared proxy), and neither may a
 * redirect that carries a Set-Cookie. Set on the raw response, where Nest middleware runs.
 */
@Injectable()
export class NoStoreMiddleware implements NestMiddleware {
  use(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    next();
  }
}
