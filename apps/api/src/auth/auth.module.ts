import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { HermesConfig } from '../config/hermes-config';
import { AdminSessionGuard } from './admin-session.guard';
import { AdminSessions } from './admin-sessions.service';
import { AuthController } from './auth.controller';
import { CsrfGuard } from './csrf.guard';
import { GoogleAuthGuard } from './google-auth.guard';
import { GoogleStrategy } from './google.strategy';

// Without a Google OAuth client there is no strategy to register; /auth/google then answers 503.
const googleStrategy = {
  provide: GoogleStrategy,
  inject: [HermesConfig, getDataSourceToken()],
  useFactory: (config: HermesConfig, dataSource: DataSource) =>
    config.googleOAuth.clientId && config.googleOAuth.clientSecret ? new GoogleStrategy(config, dataSource) : null,
};

/** Google sign-in and the admin session; exports the sessions and the guards the admin API sits behind. */
@Module({
  imports: [PassportModule],
  controllers: [AuthController],
  providers: [googleStrategy, GoogleAuthGuard, AdminSessions, AdminSessionGuard, CsrfGuard],
  exports: [AdminSessions, AdminSessionGuard, CsrfGuard],
})
export class AuthModule {}
