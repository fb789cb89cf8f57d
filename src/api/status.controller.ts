import { Controller, Get, Inject } from '@nestjs/common';
import { Public } from '@scalekit-nest/auth';
import { SERVICE_INFO, ServiceInfo } from './service-info';

/** The public twin of the protected routes: the benchmark compares against it. */
@Controller('api/status')
export class StatusController {
  constructor(@Inject(SERVICE_INFO) private readonly info: ServiceInfo) {}

  @Public()
  @Get()
  status(): ServiceInfo {
    return this.info;
  }
}
