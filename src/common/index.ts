export { AppExceptionFilter } from './app-exception.filter';
export { CommonModule } from './common.module';
export type { ErrorBody, HasResponseHeaders } from './error-body';
export { NoStoreMiddleware } from './no-store.middleware';
export { headerOf } from './request-header';
