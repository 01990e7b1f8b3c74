// Sign-in and staff accounts for the rest of the app (routes, scripts, the demo seeder, tests).
export { type ActionContext } from './account-audit.ts';
export {
  type Actor,
  createStaffAccount,
  endStaffSessions,
  findStaffAccount,
  listStaffAccounts,
  resetStaffPassword,
  resetStaffTotp,
  type StaffAccount,
  type StaffAccountChanges,
  type StaffAccountInput,
  updateStaffAccount,
} from './accounts.ts';
export {
  changeOwnPassword,
  confirmTotpEnrollment,
  LOCKOUT_MINUTES,
  LOGIN_FAILED_MESSAGE,
  MAX_FAILED_LOGINS,
  offerTotpSecret,
  provisionTotp,
  recordLogout,
  type SignInStage,
  signInWithPassword,
  verifySecondFactor,
} from './sign-in.ts';
export { CURRENT_SCRYPT, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordProblem, verifyPassword } from './passwords.ts';
export { SESSION_ABSOLUTE_HOURS, SESSION_IDLE_MINUTES, type SessionStage } from './sessions.ts';
export { matchTotp, totpCode, totpStep } from './totp.ts';
export { currentDemoCode, DEMO_BUREAU_SETTING } from './demo-code.ts';
