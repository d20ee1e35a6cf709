import { Body, Get, NotFoundException, Param, Put, Res } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import { Config, Pipeline } from '@hermes/database';
import { DataSource } from 'typeorm';
import { fieldError } from '../common/validation.pipe';
import { ConfigService } from '../hermes/config.service';
import { AdminApiController } from './admin-api.decorator';
import { ParseIdPipe } from './parse-id.pipe';
import { UpdateConfigDto } from './dto/config.dto';

const PIPELINE_FIELDS = ['payg_pipeline_id', 'startup_pipeline_id', 'enterprise_pipeline_id'] as const;

/** Config (SPEC.md §9): the one settings row, created with its defaults when first asked for. */
@AdminApiController('config')
export class ConfigController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly configService: ConfigService,
  ) {}

  @Get()
  async list(@Res({ passthrough: true }) res: Response): Promise<Config[]> {
    const config = await this.configService.get(this.dataSource.manager);
    res.setHeader('Content-Range', 'config 0-0/1');
    res.setHeader('Access-Control-Expose-Headers', 'Content-Range');
    return [config];
  }

  @Get(':id')
  get(@Param('id', ParseIdPipe) id: number): Promise<Config> {
    return this.find(id);
  }

  @Put(':id')
  async update(@Param('id', ParseIdPipe) id: number, @Body() body: UpdateConfigDto): Promise<Config> {
    const config = this.dataSource.getRepository(Config).merge(await this.find(id), body);
    if (config.meeting_min_start >= config.meeting_max_end) throw fieldError('meeting_max_end', `must be after the day's start (${config.meeting_min_start})`);
    for (const field of PIPELINE_FIELDS) {
      const pipelineId = body[field];
      if (pipelineId && !(await this.dataSource.getRepository(Pipeline).existsBy({ id: pipelineId }))) throw fieldError(field, `no pipeline has id ${pipelineId}`);
    }
    return this.dataSource.getRepository(Config).save(config);
  }

  private async find(id: number): Promise<Config> {
    const config = await this.dataSource.getRepository(Config).findOneBy({ id });
    if (!config) throw new NotFoundException(`No config ${id}`);
    return config;
  }
}
