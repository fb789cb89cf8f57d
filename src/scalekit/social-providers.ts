/** The social connections Scalekit offers by name (`provider=` of the authorization URL). */
export const SOCIAL_PROVIDERS: readonly string[] = [
  'google',
  'microsoft',
  'github',
  'gitlab',
  'linkedin',
  'salesforce',
];
