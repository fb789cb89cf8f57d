import { Controller, Get } from '@nestjs/common';
import { CurrentPrincipal, OptionalAuth, Principal } from '@scalekit-nest/auth';

/** Open to everyone; a caller with a (valid) token sees more. */
@Controller('catalog')
export class CatalogController {
  @OptionalAuth()
  @Get()
  browse(@CurrentPrincipal({ optional: true }) principal: Principal | undefined): {
    plans: string[];
    viewer: string | null;
  } {
    const plans = ['free', 'team'];
    if (principal) plans.push('enterprise');
    return { plans, viewer: principal?.subject ?? null };
  }
}
