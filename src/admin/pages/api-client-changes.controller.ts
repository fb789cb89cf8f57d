import { randomUUID } from 'node:crypto';
import {
  Body,
  Controller,
  Get,
  HttpException,
  HttpStatus,
  Param,
  Post,
  Req,
  Res,
  UseFilters,
  UseInterceptors,
  UsePipes,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { CurrentPrincipal, Permissions, Principal } from '@scalekit-nest/auth';
import { NoStoreInterceptor } from '../../common';
import { SessionPageFilter } from '../../session/http/session-page.filter';
import { requireSession, viewerOf } from '../../session/http/viewer';
import type { Viewer } from '../../session/views/layout';
import { ScopeGrantPolicy } from '../access/scope-grant.policy';
import { ClientIdSchema, SecretIdSchema } from '../admin-ids';
import { AdminClientsService } from '../admin-clients.service';
import type { AuditAction } from '../audit/audit-event';
import { AuditTrail, createdIds, errorCode } from '../audit/audit-trail';
import { CreateClientSchema } from '../dto/create-client.dto';
import { UpdateClientSchema } from '../dto/update-client.dto';
import { AdminHttpError, ProblemDetail } from '../errors/admin-http.error';
import { toProblems } from '../errors/validation-problems';
import { SchemaValidationPipe } from '../http/schema-validation.pipe';
import type { ClientView } from '../presenters/client.response';
import { apiClientPage } from './api-client.page';
import {
  changedFields,
  ClientFormValues,
  createBody,
  EMPTY_CLIENT_FORM,
  formOf,
  labelled,
  readClientForm,
  readFormKey,
  toClientFields,
} from './client-form';
import { clientFormPage } from './client-form.page';
import { clientSecretPage } from './client-secret.page';
import { ConsoleContext } from './console-context';
import { clientPath, CONSOLE_PATH, NoticeName } from './console-parts';
import { deleteClientPage } from './delete-client.page';

/** The changes whose page shows what they created (a secret) rather than redirecting. */
const CREATES: ReadonlySet<AuditAction> = new Set(['api_client.create', 'api_client.secret.add']);

const ClientId = (): ParameterDecorator => Param('clientId', { schema: ClientIdSchema });

/** A change the admin can correct on the form it came from (invalid field, scope not grantable...). */
class FormRefusal {
  constructor(
    readonly status: number,
    readonly message: string,
    readonly problems: readonly ProblemDetail[],
  ) {}

  static of(error: AdminHttpError): FormRefusal {
    const body = error.getResponse() as { message?: string; details?: readonly ProblemDetail[] };
    return new FormRefusal(error.getStatus(), body.message ?? error.message, body.details ?? []);
  }
}

/**
 * The console's write side: register, edit, delete, add and remove secrets, through the same
 * service as the REST API (grantable scopes, idempotency, the last-secret rule, upstream error
 * mapping), with the same permission (`api_clients:write`) and audit events. Every form is
 * CSRF-checked by the session (hidden `_csrf`), like every unsafe session request.
 *
 * A refused form comes back with what was typed and what to fix; anything else becomes an
 * error page through {@link SessionPageFilter}.
 */
@Controller('organization/api-clients')
@UseFilters(SessionPageFilter)
@UseInterceptors(NoStoreInterceptor)
@UsePipes(SchemaValidationPipe)
export class ApiClientChangesController {
  constructor(
    private readonly clients: AdminClientsService,
    private readonly grants: ScopeGrantPolicy,
    private readonly trail: AuditTrail,
    private readonly console: ConsoleContext,
  ) {}

  @Get('new')
  @Permissions('api_clients:write')
  newClient(@Req() request: FastifyRequest, @Res() response: FastifyReply): void {
    this.form(response, viewerOf(requireSession(request)), EMPTY_CLIENT_FORM, {
      formKey: randomUUID(),
    });
  }

  @Post()
  @Permissions('api_clients:write')
  async create(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @Body() body: unknown,
  ): Promise<void> {
    const viewer = viewerOf(requireSession(request));
    const organizationId = this.console.organizationOf(principal);
    const values = readClientForm(body);
    // The same key again (reload, back and resend, double click) replays the registration.
    const formKey = readFormKey(body) ?? randomUUID();
    const { fields, problems } = toClientFields(values);
    const dto = this.validated(
      request,
      'api_client.create',
      organizationId,
      CreateClientSchema,
      problems,
      createBody(fields),
    );
    if (dto instanceof FormRefusal) return this.refused(response, viewer, values, { formKey }, dto);
    try {
      // A double click's second sending waits for the first inside the idempotency layer and
      // answers as its replay: one client, one page with the secret.
      const result = await this.audited(request, 'api_client.create', organizationId, () =>
        this.clients.create(principal, organizationId, dto, formKey),
      );
      const { client, plainSecret } = result.value;
      this.page(
        response.code(result.replayed ? HttpStatus.OK : HttpStatus.CREATED),
        clientSecretPage(
          { client, kind: 'client', plainSecret: result.replayed ? undefined : plainSecret },
          viewer,
        ),
      );
    } catch (error: unknown) {
      if (error instanceof AdminHttpError && error.code === 'idempotency_key_reused') {
        // The form was sent before with other values, and registered a client then.
        const refusal = new FormRefusal(
          HttpStatus.CONFLICT,
          'This form already registered a client (see the list). Check the fields and send it again to register another one.',
          [],
        );
        return this.refused(response, viewer, values, { formKey: randomUUID() }, refusal);
      }
      this.refused(response, viewer, values, { formKey }, refusalOf(error));
    }
  }

  @Get(':clientId/edit')
  @Permissions('api_clients:write')
  async edit(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @ClientId() clientId: string,
  ): Promise<void> {
    const viewer = viewerOf(requireSession(request));
    const client = await this.clients.get(this.console.organizationOf(principal), clientId);
    this.form(response, viewer, formOf(client), { client });
  }

  @Post(':clientId')
  @Permissions('api_clients:write')
  async update(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @ClientId() clientId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const viewer = viewerOf(requireSession(request));
    const organizationId = this.console.organizationOf(principal);
    const values = readClientForm(body);
    const client = await this.clients.get(organizationId, clientId);
    const { fields, problems } = toClientFields(values);
    const patch = changedFields(fields, client);
    const changed = Object.keys(patch).length > 0;
    if (!changed && problems.length === 0)
      return this.done(response, clientPath(client), 'unchanged');
    const dto = this.validated(
      request,
      'api_client.update',
      organizationId,
      UpdateClientSchema,
      problems,
      changed ? patch : undefined,
    );
    if (dto instanceof FormRefusal) return this.refused(response, viewer, values, { client }, dto);
    try {
      await this.audited(request, 'api_client.update', organizationId, () =>
        this.clients.update(principal, organizationId, clientId, dto),
      );
      this.done(response, clientPath(client), 'updated');
    } catch (error: unknown) {
      this.refused(response, viewer, values, { client }, refusalOf(error));
    }
  }

  @Get(':clientId/delete')
  @Permissions('api_clients:write')
  async confirmDelete(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @ClientId() clientId: string,
  ): Promise<void> {
    const viewer = viewerOf(requireSession(request));
    const client = await this.clients.get(this.console.organizationOf(principal), clientId);
    this.page(response, deleteClientPage(client, viewer));
  }

  @Post(':clientId/delete')
  @Permissions('api_clients:write')
  async delete(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @ClientId() clientId: string,
  ): Promise<void> {
    const organizationId = this.console.organizationOf(principal);
    await this.audited(request, 'api_client.delete', organizationId, () =>
      this.clients.delete(organizationId, clientId),
    );
    this.done(response, CONSOLE_PATH, 'deleted');
  }

  @Post(':clientId/secrets')
  @Permissions('api_clients:write')
  async addSecret(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @ClientId() clientId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const viewer = viewerOf(requireSession(request));
    const organizationId = this.console.organizationOf(principal);
    const client = await this.clients.get(organizationId, clientId);
    const result = await this.audited(request, 'api_client.secret.add', organizationId, () =>
      this.clients.addSecret(principal, organizationId, clientId, readFormKey(body)),
    );
    this.page(
      response.code(result.replayed ? HttpStatus.OK : HttpStatus.CREATED),
      clientSecretPage(
        {
          client,
          kind: 'secret',
          plainSecret: result.replayed ? undefined : result.value.plainSecret,
        },
        viewer,
      ),
    );
  }

  @Post(':clientId/secrets/:secretId/remove')
  @Permissions('api_clients:write')
  async removeSecret(
    @Req() request: FastifyRequest,
    @Res() response: FastifyReply,
    @CurrentPrincipal() principal: Principal,
    @ClientId() clientId: string,
    @Param('secretId', { schema: SecretIdSchema }) secretId: string,
    @Body() body: unknown,
  ): Promise<void> {
    const viewer = viewerOf(requireSession(request));
    const organizationId = this.console.organizationOf(principal);
    const force = (body as { force?: unknown } | undefined)?.force === 'true';
    try {
      await this.audited(request, 'api_client.secret.remove', organizationId, () =>
        this.clients.removeSecret(organizationId, clientId, secretId, force),
      );
      this.done(response, clientPath({ clientId }), 'secret-removed');
    } catch (error: unknown) {
      if (!(error instanceof AdminHttpError) || error.code !== 'last_active_secret') throw error;
      // The last-secret rule, said on the page where the admin can tick the confirmation.
      const client = await this.clients.get(organizationId, clientId);
      this.page(
        response.code(HttpStatus.CONFLICT),
        apiClientPage(client, viewer, this.console.tokenUrl, {
          problem:
            'This is the only active secret of the client: without it the client gets no more tokens. Add a new secret first, or tick the box to remove it anyway.',
          formKey: randomUUID(),
        }),
      );
    }
  }

  /**
   * The form through the REST API's schema, with what reading the form already found; a refusal
   * is audited as the API audits its 400s, before anything reaches Scalekit.
   */
  private validated<T>(
    request: FastifyRequest,
    action: AuditAction,
    organizationId: string,
    schema: z.ZodType<T>,
    problems: readonly ProblemDetail[],
    /** Absent when the form changed nothing readable: only its own findings are reported then. */
    candidate?: unknown,
  ): T | FormRefusal {
    const parsed = candidate === undefined ? undefined : schema.safeParse(candidate);
    if (parsed?.success && problems.length === 0) return parsed.data;
    this.trail.record(request, action, {
      status: HttpStatus.BAD_REQUEST,
      error: 'validation_failed',
      organizationId,
    });
    return invalid([...problems, ...(parsed?.error ? toProblems(parsed.error.issues) : [])]);
  }

  /** Runs a change and writes its audit event (success or the refusal's status and code). */
  private async audited<T>(
    request: FastifyRequest,
    action: AuditAction,
    organizationId: string,
    change: () => Promise<T>,
  ): Promise<T> {
    try {
      const result = await change();
      const outcome = result as { value?: unknown; replayed?: unknown } | undefined;
      const replayed = outcome?.replayed === true;
      this.trail.record(request, action, {
        // The status the page answers with: 201 for what it created, 200 for a replay, 303 for
        // the redirect after any other change.
        status: CREATES.has(action)
          ? replayed
            ? HttpStatus.OK
            : HttpStatus.CREATED
          : HttpStatus.SEE_OTHER,
        organizationId,
        replayed,
        ...createdIds(outcome?.value),
      });
      return result;
    } catch (error: unknown) {
      const status = error instanceof HttpException ? error.getStatus() : 500;
      this.trail.record(request, action, { status, error: errorCode(error), organizationId });
      throw error;
    }
  }

  private form(
    response: FastifyReply,
    viewer: Viewer,
    values: ClientFormValues,
    context: { client?: ClientView; formKey?: string },
    refusal?: FormRefusal,
  ): void {
    this.page(
      response,
      clientFormPage(
        {
          values,
          grantable: [...this.grants.grantable],
          ...context,
          error: refusal?.message,
          problems: refusal && labelled(refusal.problems),
        },
        viewer,
      ),
    );
  }

  /** The form again, as typed, with the refusal's status and what to fix. */
  private refused(
    response: FastifyReply,
    viewer: Viewer,
    values: ClientFormValues,
    context: { client?: ClientView; formKey?: string },
    refusal: FormRefusal,
  ): void {
    this.form(response.code(refusal.status), viewer, values, context, refusal);
  }

  private page(response: FastifyReply, markup: string): void {
    response.type('text/html; charset=utf-8').send(markup);
  }

  /** After a change: back to a page that says what happened (303, so reload does not resend). */
  private done(response: FastifyReply, path: string, notice: NoticeName): void {
    response.redirect(`${path}?notice=${notice}`, HttpStatus.SEE_OTHER);
  }
}

function invalid(problems: readonly ProblemDetail[]): FormRefusal {
  return new FormRefusal(HttpStatus.BAD_REQUEST, 'Some fields need fixing:', problems);
}

/** Admin errors go back to the form; anything else is not the admin's to fix and propagates. */
function refusalOf(error: unknown): FormRefusal {
  if (error instanceof AdminHttpError) return FormRefusal.of(error);
  throw error;
}
