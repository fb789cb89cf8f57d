import { Controller, Get, Header } from '@nestjs/common';
import { Public } from '@scalekit-nest/auth';
import { COPY_BUTTON_SCRIPT } from './copy-button.script';
import { COPY_SCRIPT_PATH } from './console-parts';

/** The console's one script; public like any asset (it holds nothing but the copy button). */
@Controller()
export class ConsoleScriptController {
  @Get(COPY_SCRIPT_PATH)
  @Public()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  copyButton(): string {
    return COPY_BUTTON_SCRIPT;
  }
}
