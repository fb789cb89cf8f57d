import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Code, ConnectError } from '@connectrpc/connect';

const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;
const TOKEN_SHAPE = /^(\d{1,9})\.([A-Za-z0-9_-]{22})$/;

/**
 * Opaque page tokens: an offset MAC'd together with the organization it was issued for, under a
 * key that lives as long as the stand-in. A token cannot be hand-built, and one from another
 * organization's listing is refused (INVALID_ARGUMENT) instead of being read as an offset here.
 */
export class PageTokens {
  private readonly key = randomBytes(32);

  encode(organizationId: string, offset: number): string {
    return Buffer.from(`${offset}.${this.mac(organizationId, offset)}`).toString('base64url');
  }

  read(
    organizationId: string,
    pageSize: number,
    pageToken: string,
  ): { offset: number; size: number } {
    if (pageSize < 0 || pageSize > MAX_PAGE_SIZE) {
      throw new ConnectError(
        `page_size must be between 1 and ${MAX_PAGE_SIZE}`,
        Code.InvalidArgument,
      );
    }
    const size = pageSize === 0 ? DEFAULT_PAGE_SIZE : pageSize;
    if (pageToken === '') return { offset: 0, size };
    const match = TOKEN_SHAPE.exec(Buffer.from(pageToken, 'base64url').toString('latin1'));
    const offset = Number(match?.[1]);
    if (!match?.[2] || !this.macMatches(organizationId, offset, match[2])) {
      throw new ConnectError('page_token is invalid', Code.InvalidArgument);
    }
    return { offset, size };
  }

  private mac(organizationId: string, offset: number): string {
    return createHmac('sha256', this.key)
      .update(`${organizationId}\n${offset}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
  }

  private macMatches(organizationId: string, offset: number, presented: string): boolean {
    const expected = Buffer.from(this.mac(organizationId, offset));
    const given = Buffer.from(presented);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}
