import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/**
 * `Cache-Control: no-store` on every session route, set before anything can fail: a signed-in
 * page must not be served from a cache (the back button after logout, a shared proxy), and
 * neither may a redirect that carries a Set-Cookie.
 */
@Injectable()
export class NoStoreMiddleware implements NestMiddleware {
  use(_request: Request, response: Response, next: NextFunction): void {
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Pragma', 'no-cache');
    next();
  }
}
