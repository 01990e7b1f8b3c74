import type { AppConfig } from '../config.ts';
import { contactVaultFor } from '../actions/contact-details.ts';
import { addressDomain } from './address.ts';
import type { MailSettings } from './kinds.ts';

/** What mails are made of, from the configuration. */
export function mailSettings(config: AppConfig): MailSettings {
  return {
    bureauName: config.bureau.name,
    columnTitle: config.bureau.columnTitle,
    publicBaseUrl: config.publicBaseUrl,
    messageIdDomain: addressDomain(config.mail.from.address),
    contacts: contactVaultFor(config),
  };
}
