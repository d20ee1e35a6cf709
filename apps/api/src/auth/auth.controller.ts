import { Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Admin } from '@hermes/database';
import { HermesConfig } from '../config/hermes-config';
import { AdminRequest, AdminSessionGuard } from './admin-session.guard';
import { AdminSessions } from './admin-sessions.service';
import { CsrfGuard } from './csrf.guard';
import { GoogleAuthGuard, GoogleSignInRequest } from './google-auth.guard';
import { endSession } from './session';
import { signInRefusedPage } from './sign-in-page.util';

/** Who is signed in, as the SPA shows it. */
export interface SignedInAdmin {
  id: number;
  email: string;
  first_name: string;
  last_name: string;
}

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly config: HermesConfig,
    private readonly sessions: AdminSessions,
  ) {}

  /** Redirects to Google (the guard does it). */
  @Get('google')
  @UseGuards(GoogleAuthGuard)
  @ApiExcludeEndpoint()
  signIn(): void {}

  @Get('google/callback')
  @UseGuards(GoogleAuthGuard)
  @ApiExcludeEndpoint()
  async callback(@Req() req: GoogleSignInRequest, @Res() res: Response): Promise<void> {
    const admin = req.user as Admin | null;
    if (!admin) {
      // Only a genuine callback may sign the browser out: anyone can send it to a forged one.
      if (req.signInRefusal?.verified) await this.sessions.end(req);
      const message = req.signInRefusal?.message ?? 'Sign-in refused.';
      res.status(403).type('html').send(signInRefusedPage(message, `${this.config.adminSpaUrl}#/login`));
      return;
    }
    await this.sessions.start(req, admin.id);
    res.redirect(302, this.config.adminSpaUrl);
  }

  @Get('me')
  @UseGuards(AdminSessionGuard)
  me(@Req() req: AdminRequest): SignedInAdmin {
    const { id, username, first_name, last_name } = req.admin;
    return { id, email: username, first_name, last_name };
  }

  @Post('logout')
  @HttpCode(204)
  @UseGuards(CsrfGuard)
  logout(@Req() req: Request): Promise<void> {
    return this.sessions.end(req);
  }

  /** Signs the Admin out in every browser, this one included (e.g. after losing a laptop). */
  @Post('logout-everywhere')
  @HttpCode(204)
  @UseGuards(AdminSessionGuard, CsrfGuard)
  async logoutEverywhere(@Req() req: AdminRequest): Promise<void> {
    await this.sessions.endAll(req.admin.id);
    endSession(req);
  }
}
