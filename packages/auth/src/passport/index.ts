/**
 * The passport integration of `@scalekit-nest/auth` (needs `@nestjs/passport` and `passport`).
 *
 * @packageDocumentation
 */
export { ScalekitJwtStrategy, SCALEKIT_JWT_STRATEGY } from './jwt.strategy';
