import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppExceptionFilter } from './app-exception.filter';

/**
 * Registers the app-wide {@link AppExceptionFilter} as a global filter. Nest tries global
 * filters in reverse registration order, so this catch-all must be registered before any
 * feature's type-specific filter: import it from a module listed early in AppModule.
 */
@Module({ providers: [{ provide: APP_FILTER, useClass: AppExceptionFilter }] })
export class CommonModule {}
