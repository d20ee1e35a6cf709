import { Body, Controller, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Tc2WebhookDto } from './dto/tc2-webhook.dto';
import { Tc2SignatureGuard } from './tc2-signature.guard';
import { Tc2WebhookService } from './tc2-webhook.service';

/** Where TC2 posts its webhooks; the app keeps this route's body unparsed for the signature guard. */
export const TC2_WEBHOOK_PATH = '/tc2/callback';

@ApiTags('tc2')
@Controller('tc2')
export class Tc2WebhookController {
  constructor(private readonly webhooks: Tc2WebhookService) {}

  @Post('callback/')
  @HttpCode(200)
  @UseGuards(Tc2SignatureGuard)
  @ApiOperation({ summary: 'TC2 webhook: client and invoice events update Companies, Contacts and Deals' })
  async callback(@Body() body: Tc2WebhookDto): Promise<{ status: 'ok' }> {
    await this.webhooks.process(body);
    return { status: 'ok' };
  }
}
