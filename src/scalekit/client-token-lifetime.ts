/**
 * How long the access tokens of an API client live (`expiry`, seconds), as this service lets an
 * admin set it. Scalekit's default is an hour. The floor keeps clients from fetching a token per
 * call; the ceiling keeps a leaked token from outliving a working day (a client that needs more
 * asks for a new token, which is what the client-credentials grant is for).
 */
export const CLIENT_TOKEN_LIFETIME = {
  defaultSeconds: 3600,
  minSeconds: 60,
  maxSeconds: 86_400,
} as const;
