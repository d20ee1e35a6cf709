import { Body, Get, Param, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Config } from '@hermes/database';
import { ConfigService } from '../core/config/config.service';
import { AdminApiController } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { UpdateConfigDto } from './dto/config.dto';

/** Config: the one settings row, created with its defaults when first asked for. */
@AdminApiController('config')
export class ConfigController {
  constructor(private readonly config: ConfigService) {}

  @Get()
  async list(@Res({ passthrough: true }) res: Response): Promise<Config[]> {
    const config = await this.config.get();
    res.setHeader('Content-Range', 'config 0-0/1');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range');
    return [config];
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<Config> {
    return this.config.getById(id);
  }

  @Put(':id')
  update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateConfigDto): Promise<Config> {
    return this.config.update(id, body);
  }
}
