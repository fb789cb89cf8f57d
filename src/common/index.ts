export { AppExceptionFilter } from './app-exception.filter';
export { CommonModule } from './common.module';
export type { ErrorBody, HasResponseHeaders } from './error-body';
