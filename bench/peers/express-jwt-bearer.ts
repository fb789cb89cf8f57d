/**
 * A peer: Auth0's express-oauth2-jwt-bearer on Express alone (no Nest), verifying the same
 * tokens as the service (issuer, audience, RS256, the issuer's key set). Run by bench/run.ts.
 */
import express from 'express';
import { auth } from 'express-oauth2-jwt-bearer';

const app = express();
app.get('/health/live', (_req, res) => {
  res.json({ status: 'ok' });
});
app.get(
  '/api/deployments',
  auth({
    issuer: process.env.PEER_ISSUER,
    audience: process.env.PEER_AUDIENCE,
    jwksUri: process.env.PEER_JWKS_URI,
    tokenSigningAlg: 'RS256',
  }),
  (_req, res) => {
    res.json({ deployments: [] });
  },
);
app.listen(Number(process.env.PORT), '127.0.0.1');
