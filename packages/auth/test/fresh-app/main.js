// A consumer app in plain CommonJS JavaScript (no TypeScript, no decorators syntax), run by
// pack.e2e-spec.ts against the packed tarball installed with only the NestJS peers beside it.
require('reflect-metadata');
const { Controller, Get, Module } = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const { AuthModule, Scopes, Public, CurrentPrincipal } = require('@scalekit-nest/auth');
const { TestIssuer } = require('@scalekit-nest/auth/testing');

async function main() {
  const issuer = await TestIssuer.start();
  class Api {
    status() { return { ok: true }; }
    deployments(p) { return { subject: p.subject }; }
  }
  Public()(Api.prototype, 'status', Object.getOwnPropertyDescriptor(Api.prototype, 'status'));
  Get('status')(Api.prototype, 'status', Object.getOwnPropertyDescriptor(Api.prototype, 'status'));
  Scopes('read:deployments')(Api.prototype, 'deployments', Object.getOwnPropertyDescriptor(Api.prototype, 'deployments'));
  Get('deployments')(Api.prototype, 'deployments', Object.getOwnPropertyDescriptor(Api.prototype, 'deployments'));
  CurrentPrincipal()(Api.prototype, 'deployments', 0);
  Controller()(Api);
  class AppModule {}
  Module({ imports: [AuthModule.forRoot(issuer.authOptions())], controllers: [Api] })(AppModule);
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const results = [];
  results.push((await fetch(`${url}/status`)).status);
  const anon = await fetch(`${url}/deployments`);
  results.push(anon.status, anon.headers.get('www-authenticate'));
  const weak = await fetch(`${url}/deployments`, { headers: { authorization: `Bearer ${await issuer.mintClient({ scopes: [] })}` } });
  results.push(weak.status, weak.headers.get('www-authenticate'));
  const ok = await fetch(`${url}/deployments`, { headers: { authorization: `Bearer ${await issuer.mintClient({ scopes: ['read:deployments'] })}` } });
  results.push(ok.status, await ok.text());
  console.log(JSON.stringify(results));
  await app.close(); await issuer.stop();
}
main().catch((e) => { console.error(e); process.exit(1); });
