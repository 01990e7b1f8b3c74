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
