import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBasicAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { PipedriveWebhookDto } from './dto/pipedrive-webhook.dto';
import { PipedriveBasicAuthGuard } from './pipedrive-basic-auth.guard';
import { PipedriveWebhookService } from './pipedrive-webhook.service';

/** Where Pipedrive's webhooks v2 arrive; the app keeps this route's body unparsed for the auth guard. */
export const PIPEDRIVE_WEBHOOK_PATH = '/pipedrive/callback';

@ApiTags('pipedrive')
@Controller('pipedrive')
export class PipedriveWebhookController {
  constructor(private readonly webhooks: PipedriveWebhookService) {}

  @Post('callback/')
  @HttpCode(200)
  @UseGuards(PipedriveBasicAuthGuard)
  @ApiBasicAuth()
  @ApiOperation({ summary: 'Pipedrive webhooks v2: organization, person, deal, pipeline and stage events' })
  async callback(@Body() body: PipedriveWebhookDto): Promise<{ status: 'ok' }> {
    await this.webhooks.process(body);
    return { status: 'ok' };
  }
}
