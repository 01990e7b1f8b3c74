// Limits of the public feedback form, shared by the API's schema and the site's form. No zod
// here: the form's island imports this file and must stay small.
export const CONTENT_MIN_LENGTH = 10;
export const CONTENT_MAX_LENGTH = 2000;
export const CONTACT_NAME_MAX_LENGTH = 20;
export const CONTACT_EMAIL_MAX_LENGTH = 100;
/** An 11-digit mainland mobile number or a landline with its area code. */
export const CONTACT_PHONE_PATTERN = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
export const TITLE_MAX_LENGTH = 50;
/** Students younger than this give no contact details of their own, a guardian's at most (PIPL Art. 28, 31). */
export const MINOR_AGE = 14;
/** A solved proof-of-work challenge is good for this long after it was issued. */
export const CHALLENGE_TTL_MS = 60 * 60_000;
/** Nobody reads the notice and writes an opinion in less: a quicker submission is a script. */
export const MIN_FILL_MS = 4_000;
