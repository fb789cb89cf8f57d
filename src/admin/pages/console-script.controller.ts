import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@scalekit-nest/auth';
import { CONSOLE_SCRIPT } from './console.script';
import { CONSOLE_SCRIPT_PATH } from './console-parts';

/** The console's one script; public like any asset (it holds no data). */
@Controller()
export class ConsoleScriptController {
  @Get(CONSOLE_SCRIPT_PATH)
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  script(): string {
    return CONSOLE_SCRIPT;
  }
}
