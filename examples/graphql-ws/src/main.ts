import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

/** Express, with the socket.io adapter for the gateway (the default when it is installed). */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(AppModule);
  await app.listen(Number(process.env.PORT ?? 3200), '127.0.0.1');
}

void bootstrap();
