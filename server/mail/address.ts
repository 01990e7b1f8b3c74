// Addresses and header values as the outbox accepts them. A mail header is a line: a CR or LF in
// a name or subject would let text start a header of its own (Bcc: …), so such values are refused
// rather than cleaned, and addresses are plain addr-specs, never lists or display forms.

/** A recipient or sender: an address and an optional display name. */
export interface Mailbox {
  address: string;
  name?: string | null;
}

const MAX_ADDRESS_LENGTH = 254;
// The dot-atom form of RFC 5322 with an ASCII domain of at least two labels (or localhost for
// the embedded default). Quoted local parts and address literals are refused: nobody here needs
// them, and they are where parsers disagree.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

export function isValidAddress(address: string): boolean {
  if (address.length < 3 || address.length > MAX_ADDRESS_LENGTH) return false;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL_PART.test(local)) return false;
  const labels = domain.split('.');
  if (!labels.every((label) => DOMAIN_LABEL.test(label))) return false;
  return labels.length >= 2 || domain.toLowerCase() === 'localhost';
}

// Control characters, CR and LF included; a tab is harmless but has no business in a header either.
const CONTROL = /[\u0000-\u001F\u007F]/;

/** True when a header value (subject, display name) holds a line break or another control character. */
export function hasControlCharacters(value: string): boolean {
  return CONTROL.test(value);
}

/** A display name fit for a header, or null: names with control characters are dropped, not repaired. */
export function safeDisplayName(name: string | null | undefined): string | null {
  if (!name) return null;
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 100 || hasControlCharacters(trimmed)) return null;
  return trimmed;
}

/** w***@example.com: enough to recognise one's own address, not enough to collect it. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${address.slice(0, 1)}***${address.slice(at)}`;
}

const ADDRESS_IN_TEXT = /[A-Za-z0-9._%+!#$&'*/=?^`{|}~-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

/** Masks every address in a text, for error messages that are stored and shown (SMTP quotes them). */
export function maskAddressesIn(text: string): string {
  return text.replace(ADDRESS_IN_TEXT, (address) => maskAddress(address));
}

/**
 * Parses MAIL_FROM: `"示例县教育局" <noreply@example.edu.cn>`, `示例县教育局 <noreply@…>` or a bare
 * address. Returns null when it is not one valid mailbox.
 */
export function parseMailbox(value: string): Mailbox | null {
  const trimmed = value.trim();
  if (hasControlCharacters(trimmed)) return null;
  const display = /^(?:"([^"]*)"|([^"<>]*?))\s*<([^<>\s]+)>$/.exec(trimmed);
  if (display) {
    const address = display[3]!;
    const name = (display[1] ?? display[2] ?? '').trim();
    if (!isValidAddress(address)) return null;
    return { address, name: name === '' ? null : name };
  }
  return isValidAddress(trimmed) ? { address: trimmed, name: null } : null;
}

/** The domain part, for Message-IDs (`<…@domain>`). */
export function addressDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}
