export { AppExceptionFilter } from './app-exception.filter';
export { CommonModule } from './common.module';
export type { ErrorBody, HasResponseHeaders } from './error-body';
export { NO_STORE_HEADERS, NoStoreInterceptor } from './no-store.interceptor';
export { headerOf } from './request-header';
