// The SECRET_KEY every test app and every script a test starts uses (tests/vitest.config.ts puts
// it in the environment of test workers and their child processes). A fixed value so that
// fixtures sealed by one module open in another; it protects nothing.
export const TEST_SECRET_KEY = '5f1c0e7a9b3d42e6a8c1f0b7d2e94a6c3b8f1e0d7a2c4b9e6f3a0d8c1b7e4f2a';
