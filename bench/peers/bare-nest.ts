/**
 * The bench's yardstick: a bare NestJS 12 app with one public route, on Fastify or on Express
 * (`BARE_ADAPTER`), nothing else (no logger, no headers, no guard). Run by bench/run.ts.
 */
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

@Controller()
class StatusController {
  @Get('api/status')
  status(): object {
    return { status: 'ok' };
  }

  @Get('health/live')
  live(): object {
    return { status: 'ok' };
  }
}

@Module({ controllers: [StatusController] })
class BareModule {}

async function main(): Promise<void> {
  const app =
    process.env.BARE_ADAPTER === 'express'
      ? await NestFactory.create(BareModule, { logger: false })
      : await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
}

void main();
