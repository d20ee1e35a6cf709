import { Controller, Get, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { HermesConfig } from '../config/hermes-config';

/** The API's root sends people to the admin SPA, where there is something to see. */
@ApiExcludeController()
@Controller()
export class RootController {
  constructor(private readonly config: HermesConfig) {}

  @Get()
  root(@Res() res: Response): void {
    res.redirect(302, this.config.adminSpaUrl);
  }
}
